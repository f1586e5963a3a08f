// Streaming report writers against the renderers of the finished report.

import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CheckReport } from '../../src/check/finding.js';
import { streamCheck } from '../../src/node/batch.js';
import { preparePack } from '../../src/node/batch.js';
import { reportShell } from '../../src/node/check.js';
import { fileSpill } from '../../src/node/spill.js';
import { renderJson, renderJunit, renderSarif, renderText } from '../../src/report/index.js';
import { memorySpill, StringSink, type SpillFactory, type StreamingReportWriter } from '../../src/report/stream.js';
import { JsonStreamWriter } from '../../src/report/stream-json.js';
import { JunitStreamWriter } from '../../src/report/stream-junit.js';
import { SarifStreamWriter } from '../../src/report/stream-sarif.js';
import { TextStreamWriter } from '../../src/report/stream-text.js';
import { collectChecks, FIXTURE_PATHS } from './helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'bulwark-stream-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SARIF_OPTIONS = { sourceRoot: 'file:///work/repo/', informationUri: 'https://example.org/bulwark' };
const DURATION_MS = 1234;

type WriterFactory = (shell: CheckReport, sink: StringSink, spill: SpillFactory) => StreamingReportWriter;

const FORMATS: [string, WriterFactory, (report: CheckReport) => string][] = [
  ['json', (shell, sink, spill) => new JsonStreamWriter(shell, sink, spill), renderJson],
  ['sarif', (shell, sink, spill) => new SarifStreamWriter(shell, SARIF_OPTIONS, sink, spill), (report) => renderSarif(report, SARIF_OPTIONS)],
  ['junit', (shell, sink, spill) => new JunitStreamWriter(shell, sink, spill), renderJunit],
  ['text', (shell, sink, spill) => new TextStreamWriter(shell, { color: false }, sink, spill), (report) => renderText(report, { color: false })],
  ['colour text', (shell, sink, spill) => new TextStreamWriter(shell, { color: true }, sink, spill), (report) => renderText(report, { color: true })],
];

let corpus: string[];

beforeAll(() => {
  // Fixtures plus the cases the writers must get right: a parse error, a skipped binary file,
  // and folder names that sort before `/`, so path order differs from walk order.
  const extra = path.join(scratch, 'extra');
  mkdirSync(path.join(extra, 'conf'), { recursive: true });
  mkdirSync(path.join(extra, 'conf.d'), { recursive: true });
  cpSync('fixtures/configs/compose/plex', path.join(extra, 'conf'), { recursive: true });
  cpSync('fixtures/configs/compose/plex', path.join(extra, 'conf.d'), { recursive: true });
  writeFileSync(path.join(extra, 'broken.json'), '{"port": 80,');
  writeFileSync(path.join(extra, 'image.bin'), Buffer.from([0, 1, 2, 3, 0, 255, 254, 0]));
  corpus = [...FIXTURE_PATHS, extra, 'fixtures/formats/yaml-test-suite-errors'];
});

async function finishedReport(): Promise<CheckReport> {
  const prepared = await preparePack({ paths: corpus });
  const checks = await collectChecks({ paths: corpus, jobs: 2, prepared });
  const shell = reportShell(prepared.pack, {}, new Date('2025-01-02T03:04:05.000Z'));
  return { ...shell, findings: checks.flatMap((check) => check.findings), files: checks.map((check) => check.result), durationMs: DURATION_MS };
}

async function streamReport(report: CheckReport, create: WriterFactory, spill: SpillFactory): Promise<string> {
  const sink = new StringSink();
  const writer = create({ ...report, findings: [], files: [], durationMs: 0 }, sink, spill);
  await writer.begin();

  // Regroup by file as the batch API yields them: files in order, each with its findings.
  const byFile = new Map<string, CheckReport['findings']>();
  for (const finding of report.findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  for (const result of report.files) await writer.addFile({ findings: byFile.get(result.file) ?? [], result });

  await writer.end(report.durationMs);
  return sink.toString();
}

describe('streaming writers', () => {
  let report: CheckReport;
  beforeAll(async () => {
    report = await finishedReport();
  });

  it('covers findings, parse errors and skips', () => {
    expect(report.findings.some((finding) => finding.kind === 'violation')).toBe(true);
    expect(report.findings.some((finding) => finding.kind === 'parse-error')).toBe(true);
    expect(report.files.some((file) => file.skipped !== undefined)).toBe(true);
  });

  for (const [name, create, render] of FORMATS) {
    it(`${name} matches the renderer with file spills`, async () => {
      expect(await streamReport(report, create, fileSpill)).toBe(render(report));
    });

    it(`${name} matches the renderer in memory`, async () => {
      expect(await streamReport(report, create, memorySpill)).toBe(render(report));
    });

    it(`${name} matches for an empty run`, async () => {
      const empty = { ...report, findings: [], files: [] };
      expect(await streamReport(empty, create, memorySpill)).toBe(render(empty));
    });
  }
});

describe('streamCheck', () => {
  it('streams parseable JSON report', async () => {
    const sink = new StringSink();
    let shell: CheckReport | undefined;
    const { durationMs, files } = await streamCheck({ paths: FIXTURE_PATHS, jobs: 2 }, (created) => {
      shell = created;
      return new JsonStreamWriter(created, sink, fileSpill);
    });
    const written = JSON.parse(sink.toString()) as CheckReport;

    expect(written.files).toHaveLength(files);
    expect(written.durationMs).toBe(durationMs);
    expect(written.startedAt).toBe(shell?.startedAt);
    expect(sink.toString()).toBe(renderJson(written));
  });
});
