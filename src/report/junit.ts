// The report for CI test views: JUnit XML with one <testsuite> per file and
// one <testcase> per rule that applied to it. A case fails with the rule's
// findings, errors when the rule's expression errored, and a file that could
// not be parsed gets a failing `BULWARK-PARSE-ERROR` case.

import { PARSE_ERROR_RULE, type CheckReport, type FileResult, type Finding } from '../check/finding.js';
import { severityRank, type Severity } from '../policy/rule.js';
import { compareText, groupByFile, sortFindings, thresholdSeverity } from './summary.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml.js';

interface TestCase {
  name: string;
  classname: string;
  file: string;
  failures: Finding[];
  errors: Finding[];
  /** Counts from `FileResult.rules`, used when the engine reported failures without findings. */
  failedNodes: number;
  erroredNodes: number;
  skipped?: string;
}

interface TestSuite {
  name: string;
  cases: TestCase[];
  properties: [string, string][];
}

/** Renders `report` as JUnit XML, ending with a newline. */
export function renderJunit(report: CheckReport): string {
  const suites = buildSuites(report);
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const body: string[] = [];

  for (const suite of suites) {
    const counts = countCases(suite.cases);
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.errors += counts.errors;
    totals.skipped += counts.skipped;
    body.push(...renderSuite(suite, counts));
  }

  const seconds = (report.durationMs / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(report.tool.name)}" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds}">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

function buildSuites(report: CheckReport): TestSuite[] {
  const titles = new Map(report.pack.rules.map((rule) => [rule.id, rule.title]));
  const findingsByFile = groupByFile(sortFindings(report.findings));
  const suites: TestSuite[] = [];
  const seen = new Set<string>();

  for (const file of report.files) {
    seen.add(file.file);
    suites.push(buildSuite(file, findingsByFile.get(file.file) ?? [], titles));
  }

  // Findings for a file missing from `files` still need a suite, or they would vanish.
  for (const [file, findings] of findingsByFile) {
    if (!seen.has(file)) suites.push(buildSuite({ file, documents: 0, rules: [] }, findings, titles));
  }

  return suites;
}

function buildSuite(file: FileResult, findings: Finding[], titles: Map<string, string>): TestSuite {
  const properties: [string, string][] = [];
  if (file.format !== undefined) properties.push(['format', file.format]);
  if (file.dialect !== undefined) properties.push(['dialect', file.dialect]);
  properties.push(['documents', String(file.documents)]);

  if (file.skipped !== undefined) {
    const skippedCase = newCase(file.file, 'file not checked', 0, 0);
    skippedCase.skipped = file.skipped;
    return { name: file.file, properties, cases: [skippedCase] };
  }

  const cases = new Map<string, TestCase>();
  for (const rule of file.rules) {
    cases.set(rule.ruleId, newCase(file.file, caseName(rule.ruleId, titles), rule.failed, rule.errors));
  }

  // Rule ids found only in findings (the parse-error rule, presence checks) get cases too, after the listed ones.
  const extraIds = [...new Set(findings.map((finding) => finding.ruleId))].filter((id) => !cases.has(id)).sort(compareText);
  for (const id of extraIds) cases.set(id, newCase(file.file, caseName(id, titles), 0, 0));

  for (const finding of findings) {
    const testCase = cases.get(finding.ruleId)!;
    if (finding.kind === 'error') testCase.errors.push(finding);
    else testCase.failures.push(finding);
  }

  return { name: file.file, properties, cases: [...cases.values()] };
}

function newCase(file: string, name: string, failedNodes: number, erroredNodes: number): TestCase {
  return { name, classname: file, file, failures: [], errors: [], failedNodes, erroredNodes };
}

function caseName(ruleId: string, titles: Map<string, string>): string {
  if (ruleId === PARSE_ERROR_RULE) return `${ruleId} file parses`;
  const title = titles.get(ruleId);
  return title === undefined ? ruleId : `${ruleId} ${title}`;
}

function hasFailure(testCase: TestCase): boolean {
  return testCase.failures.length > 0 || testCase.failedNodes > 0;
}

function hasError(testCase: TestCase): boolean {
  return testCase.errors.length > 0 || testCase.erroredNodes > 0;
}

function countCases(cases: TestCase[]) {
  return {
    tests: cases.length,
    failures: cases.filter(hasFailure).length,
    errors: cases.filter(hasError).length,
    skipped: cases.filter((testCase) => testCase.skipped !== undefined).length,
  };
}

function renderSuite(suite: TestSuite, counts: ReturnType<typeof countCases>): string[] {
  const lines = [
    `  <testsuite name="${attr(suite.name)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="0">`,
    '    <properties>',
    ...suite.properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
    '    </properties>',
  ];

  for (const testCase of suite.cases) lines.push(...renderCase(testCase));

  lines.push('  </testsuite>');
  return lines;
}

function renderCase(testCase: TestCase): string[] {
  const open = `    <testcase name="${attr(testCase.name)}" classname="${attr(testCase.classname)}" file="${attr(testCase.file)}" time="0"`;
  const children: string[] = [];

  if (testCase.skipped !== undefined) children.push(`      <skipped message="${attr(testCase.skipped)}"/>`);

  if (hasError(testCase)) {
    const count = Math.max(testCase.errors.length, testCase.erroredNodes);
    children.push(renderProblem('error', plural(count, 'evaluation error'), 'rule-error', testCase.errors));
  }

  if (hasFailure(testCase)) {
    const count = Math.max(testCase.failures.length, testCase.failedNodes);
    const severity = highestSeverity(testCase.failures);
    const message = severity === undefined ? plural(count, 'finding') : `${plural(count, 'finding')}, highest severity ${severity}`;
    children.push(renderProblem('failure', message, severity ?? 'unknown', testCase.failures));
  }

  if (children.length === 0) return [`${open}/>`];
  return [`${open}>`, ...children, '    </testcase>'];
}

function renderProblem(element: 'failure' | 'error', message: string, type: string, findings: Finding[]): string {
  const details = findings.map(describeFinding).join('\n');
  return `      <${element} message="${attr(message)}" type="${attr(type)}">${text(details)}</${element}>`;
}

function describeFinding(finding: Finding): string {
  const location = finding.line > 0 ? `${finding.file}:${finding.line}:${finding.column}` : finding.file;
  const lines = [`${location} [${thresholdSeverity(finding)}] ${finding.message}`];
  if (finding.path !== '') lines.push(`  path: ${finding.path}`);
  if (finding.remediation !== '') lines.push(`  remediation: ${finding.remediation}`);
  return lines.join('\n');
}

function highestSeverity(findings: Finding[]): Severity | undefined {
  let highest: Severity | undefined;
  for (const finding of findings) {
    const severity = thresholdSeverity(finding);
    if (highest === undefined || severityRank(severity) > severityRank(highest)) highest = severity;
  }
  return highest;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
