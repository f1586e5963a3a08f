import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.js';
import { escapeXmlAttribute, escapeXmlText } from '../../src/report/xml.js';
import { finding, fileResult, mixedReport, report } from './fixture.js';
import { findAll, parseXml, type XmlElement } from './xml-parser.js';

function suiteNamed(root: XmlElement, name: string): XmlElement {
  const suite = findAll(root, 'testsuite').find((candidate) => candidate.attributes.name === name);
  if (suite === undefined) throw new Error(`no testsuite ${name}`);
  return suite;
}

function cases(suite: XmlElement): XmlElement[] {
  return suite.children.filter((child) => child.name === 'testcase');
}

describe('renderJunit', () => {
  it('produces well-formed XML', () => {
    const root = parseXml(renderJunit(mixedReport()));

    expect(root.name).toBe('testsuites');
  });

  it('writes one suite per file', () => {
    const root = parseXml(renderJunit(mixedReport()));
    const names = findAll(root, 'testsuite').map((suite) => suite.attributes.name);

    expect(names).toEqual(['broken.json', 'compose.yaml', 'deploy/pod.yaml', 'etc/ssh/sshd_config', 'clean.yaml', 'assets/logo.png']);
  });

  it('writes one case per applied rule', () => {
    const root = parseXml(renderJunit(mixedReport()));
    const pod = suiteNamed(root, 'deploy/pod.yaml');

    expect(cases(pod).map((testCase) => testCase.attributes.name)).toEqual([
      'K8S-RUN-AS-NON-ROOT Containers must not run as root',
      'GENERIC-DEBUG-OFF Debug mode is off',
      'COMPOSE-PRIVILEGED Services do not run privileged',
    ]);
    expect(pod.attributes.tests).toBe('3');
    expect(pod.attributes.failures).toBe('2');
  });

  it('totals counts on the root', () => {
    const root = parseXml(renderJunit(mixedReport()));

    expect(root.attributes).toMatchObject({ tests: '8', failures: '4', errors: '1', skipped: '1', time: '1.234' });
    expect(findAll(root, 'testcase')).toHaveLength(8);
    expect(findAll(root, 'failure')).toHaveLength(4);
  });

  it('lists every finding in the failure', () => {
    const root = parseXml(renderJunit(mixedReport()));
    const failure = findAll(suiteNamed(root, 'deploy/pod.yaml'), 'failure')[0];

    expect(failure.attributes.message).toBe('2 findings, highest severity high');
    expect(failure.attributes.type).toBe('high');
    expect(failure.text).toContain('deploy/pod.yaml:7:9 [high] Container `app` runs as root');
    expect(failure.text).toContain('deploy/pod.yaml:14:9 [high] Container `sidecar` runs as root');
  });

  it('reports rule errors as errors', () => {
    const root = parseXml(renderJunit(mixedReport()));
    const compose = suiteNamed(root, 'compose.yaml');
    const errors = findAll(compose, 'error');

    expect(errors).toHaveLength(1);
    expect(findAll(compose, 'failure')).toHaveLength(0);
    expect(errors[0].text).toContain('no such key: privileged');
    expect(compose.attributes.errors).toBe('1');
  });

  it('fails a case for parse errors', () => {
    const root = parseXml(renderJunit(mixedReport()));
    const broken = cases(suiteNamed(root, 'broken.json'));

    expect(broken).toHaveLength(1);
    expect(broken[0].attributes.name).toMatch(/^BULWARK-PARSE-ERROR/u);
    expect(findAll(broken[0], 'failure')[0].attributes.type).toBe('medium');
  });

  it('marks skipped files as skipped', () => {
    const root = parseXml(renderJunit(mixedReport()));
    const skipped = findAll(suiteNamed(root, 'assets/logo.png'), 'skipped');

    expect(skipped).toHaveLength(1);
    expect(skipped[0].attributes.message).toBe('binary file');
  });

  it('passes cases without findings', () => {
    const root = parseXml(renderJunit(mixedReport()));
    const clean = cases(suiteNamed(root, 'clean.yaml'));

    expect(clean).toHaveLength(1);
    expect(clean[0].children).toEqual([]);
  });

  it('adds suites for unlisted files', () => {
    const root = parseXml(renderJunit(report([finding('SSH-NO-ROOT-LOGIN', { file: 'ghost.conf' })], [])));
    const ghost = suiteNamed(root, 'ghost.conf');

    expect(cases(ghost)).toHaveLength(1);
    expect(findAll(ghost, 'failure')).toHaveLength(1);
  });

  it('escapes markup and forbidden characters', () => {
    const nasty = 'a<b>&"c"\u0000\u0001\u000b\ud800 ]]> \t\nend';
    const hostile = finding('K8S-RUN-AS-NON-ROOT', { file: nasty, message: nasty, remediation: nasty });
    const xml = renderJunit(report([hostile], [fileResult(nasty, [['K8S-RUN-AS-NON-ROOT', 1]])]));
    const root = parseXml(xml);
    const suite = findAll(root, 'testsuite')[0];

    expect(suite.attributes.name).toBe('a<b>&"c"\\u{0}\\u{1}\\u{b}\\u{d800} ]]> \t\nend');
    expect(findAll(suite, 'failure')[0].text).toContain('a<b>&"c"\\u{0}\\u{1}\\u{b}\\u{d800} ]]> \t\nend');
  });
});

describe('XML escaping', () => {
  it('escapes text markup', () => {
    expect(escapeXmlText('<a & b>')).toBe('&lt;a &amp; b&gt;');
  });

  it('escapes attribute quotes and whitespace', () => {
    expect(escapeXmlAttribute('"x"\t\n\r')).toBe('&quot;x&quot;&#9;&#10;&#13;');
  });

  it('keeps astral characters intact', () => {
    expect(escapeXmlText('rocket \u{1f680}')).toBe('rocket \u{1f680}');
  });

  it('replaces noncharacters U+FFFE and U+FFFF', () => {
    expect(escapeXmlText('\ufffe\uffff')).toBe('\\u{fffe}\\u{ffff}');
  });
});

describe('test XML parser', () => {
  it('rejects mismatched tags', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow(/does not match/u);
  });

  it('rejects raw ampersands', () => {
    expect(() => parseXml('<a>x & y</a>')).toThrow(/entity|reference/u);
  });

  it('rejects forbidden control characters', () => {
    expect(() => parseXml('<a>\u0001</a>')).toThrow(/not allowed/u);
  });
});
