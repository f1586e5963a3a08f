// The portable library inside a real workerd: the worker in worker.ts is
// bundled with esbuild, served by the workerd binary from the `workerd`
// package, and its findings must equal those of the same engine in Node.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildPack, CheckEngine, RulePackErrors } from '../../src/index.js';
import { createCore } from '../../src/node/wasm.js';
import type { CheckRequest, CheckResponse, WorkerFailure } from './worker.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WASM_SOURCE = join(ROOT, 'build/bulwark.wasm');
const WORKER_ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));
const CONFIG_TEMPLATE = fileURLToPath(new URL('./workerd.capnp.template', import.meta.url));
const RULES_TEXT = readFileSync(new URL('./sample-rules.yaml', import.meta.url), 'utf8');

const BUNDLE_NAME = 'worker.js';
const WASM_NAME = 'bulwark.wasm';
const CONFIG_NAME = 'workerd.capnp';

// A fixed date keeps the runtime's behaviour stable across workerd upgrades.
// workerd rejects a date later than the newest one its binary supports.
const COMPATIBILITY_DATE = '2025-06-01';

const VERSION_CHECK_TIMEOUT_MS = 10_000;
const STARTUP_TIMEOUT_MS = 20_000;
const CONNECT_RETRY_MS = 100;
const REQUEST_TIMEOUT_MS = 15_000;
const SHUTDOWN_GRACE_MS = 3_000;
const MAX_LOG_CHARS = 8_000;

const FILES: CheckRequest['files'] = [
  {
    path: 'k8s/pod.yaml',
    content: [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: nginx:1.27',
      '      securityContext:',
      '        privileged: false',
      '    - name: sidecar',
      '      image: busybox:1.36',
      '      securityContext:',
      '        privileged: true',
      '',
    ].join('\n'),
  },
  { path: 'app/.env', content: 'APP_NAME=shop\nAPP_DEBUG=on\nDB_HOST=db.internal\n' },
  { path: 'config/server.json', content: '{\n  "listen": 8443,\n  "tls": {\n    "minVersion": "1.0",\n    "ciphers": ["ECDHE-RSA-AES128-GCM-SHA256"]\n  }\n}\n' },
];

/** Rule id, config path and line of each expected finding, in file order. */
const EXPECTED_FINDINGS = [
  { ruleId: 'EDGE-K8S-001', file: 'k8s/pod.yaml', path: 'spec.containers[1].securityContext.privileged', line: 14 },
  { ruleId: 'EDGE-ENV-001', file: 'app/.env', path: 'APP_DEBUG', line: 2 },
  { ruleId: 'EDGE-JSON-001', file: 'config/server.json', path: 'tls.minVersion', line: 4 },
];

interface RunningWorkerd {
  child: ChildProcess;
  port: number;
  log: () => string;
}

let tempDir: string | undefined;
let bundleText = '';
let bundleMeta: Metafile | undefined;
let workerd: RunningWorkerd | undefined;

describe('workerd edge runtime', () => {
  beforeAll(async () => {
    if (!existsSync(WASM_SOURCE)) {
      throw new Error(`${WASM_SOURCE} is missing; build it with \`npx asc assembly/index.ts --config asconfig.json --target release\``);
    }
    const binary = resolveWorkerdBinary();
    assertBinaryRuns(binary);

    tempDir = mkdtempSync(join(tmpdir(), 'bulwark-workerd-'));
    await bundleWorker(tempDir);
    copyFileSync(WASM_SOURCE, join(tempDir, WASM_NAME));

    const port = await findFreePort();
    writeFileSync(join(tempDir, CONFIG_NAME), renderConfig(port));
    workerd = startWorkerd(binary, tempDir, port);
    await waitForPort(workerd);
  });

  afterAll(async () => {
    if (workerd) await stopProcess(workerd.child);
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  });

  it('bundle imports no node modules', () => {
    const outputs = Object.values(bundleMeta!.outputs);
    const imports = outputs.flatMap((output) => output.imports.map((entry) => entry.path));
    const inputs = Object.keys(bundleMeta!.inputs);

    expect(imports.filter((path) => path.startsWith('node:'))).toEqual([]);
    expect(imports).toEqual([`./${WASM_NAME}`]);
    expect(inputs.filter((path) => /(^|\/)src\/(node|cli)\//.test(path))).toEqual([]);
    expect(bundleText).not.toMatch(/["']node:[a-z_/]+["']/);
  });

  it('sync core load matches Node', async () => {
    const edge = await checkInWorkerd('sync');
    const node = await checkInNode();

    expect(edge.engineKind).toBe('wasm');
    expect(edge.packDigest).toBe(node.packDigest);
    expect(edge.checks).toEqual(node.checks);
    expect(summarize(edge)).toEqual(EXPECTED_FINDINGS);
  });

  it('async core load matches Node', async () => {
    const edge = await checkInWorkerd('async');
    const node = await checkInNode();

    expect(edge.engineKind).toBe('wasm');
    expect(edge.checks).toEqual(node.checks);
    expect(summarize(edge)).toEqual(EXPECTED_FINDINGS);
  });

  it('invalid rule file errors alike', async () => {
    const rules = RULES_TEXT.replace('assert: self != true', 'assert: self !=');
    let nodeError: unknown;
    try {
      buildReferenceEngine(rules);
    } catch (error) {
      nodeError = error;
    }

    const response = await postCheck('sync', { rules, files: FILES });
    const failure = (await response.json()) as WorkerFailure;

    expect(nodeError).toBeInstanceOf(RulePackErrors);
    expect(response.status).toBe(500);
    expect(failure.error.name).toBe('RulePackErrors');
    expect(failure.error.code).toBe('ERR_RULE_PACK');
    expect(failure.error.message).toBe((nodeError as Error).message);
  });
});

/** Resolves the binary path that the `workerd` package exports, else its npm bin link. */
function resolveWorkerdBinary(): string {
  const require = createRequire(import.meta.url);
  try {
    const exported = (require('workerd') as { default?: unknown }).default;
    if (typeof exported === 'string' && existsSync(exported)) return exported;
  } catch {
    // Fall through to the bin link, which names the problem if it is missing too.
  }
  const link = join(ROOT, 'node_modules/.bin/workerd');
  if (!existsSync(link)) {
    throw new Error('workerd binary not found; run `npm install` so the `workerd` package and its @cloudflare/workerd-<platform> binary are installed');
  }
  return link;
}

/**
 * Runs `workerd --version` so that a binary that cannot start here (a missing
 * shared library, a foreign architecture) fails the suite with the loader's
 * own message instead of a startup timeout.
 */
function assertBinaryRuns(binary: string): void {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: VERSION_CHECK_TIMEOUT_MS });
  if (result.error) {
    throw new Error(`workerd binary ${binary} cannot run on this machine: ${result.error.message}`);
  }
  if (result.status !== 0) {
    const output = `${result.stderr}${result.stdout}`.trim() || `exit status ${result.status}, signal ${result.signal}`;
    throw new Error(`workerd binary ${binary} cannot run on this machine: ${output}`);
  }
}

/** Bundles worker.ts into one ESM file, keeping the .wasm import for workerd to resolve. */
async function bundleWorker(dir: string): Promise<void> {
  const outfile = join(dir, BUNDLE_NAME);
  const result = await build({
    entryPoints: [WORKER_ENTRY],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    // `node:*` stays external so that a stray Node import reaches the bundle
    // check with its name instead of failing the build with a resolve error.
    external: [`./${WASM_NAME}`, 'node:*'],
    metafile: true,
    logLevel: 'silent',
  });
  bundleMeta = result.metafile;
  bundleText = readFileSync(outfile, 'utf8');
}

function renderConfig(port: number): string {
  return readFileSync(CONFIG_TEMPLATE, 'utf8')
    .replaceAll('{{PORT}}', String(port))
    .replaceAll('{{BUNDLE}}', BUNDLE_NAME)
    .replaceAll('{{WASM}}', WASM_NAME)
    .replaceAll('{{COMPATIBILITY_DATE}}', COMPATIBILITY_DATE);
}

/** Binds port 0 on 127.0.0.1 and releases it. Another process may take the port before workerd binds it. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned on 127.0.0.1'))));
    });
  });
}

function startWorkerd(binary: string, dir: string, port: number): RunningWorkerd {
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-MAX_LOG_CHARS);
  };

  const child = spawn(binary, ['serve', CONFIG_NAME], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  child.on('error', (error) => append(Buffer.from(`\nspawn failed: ${error.message}\n`)));
  return { child, port, log: () => output };
}

/** Polls the socket until workerd accepts connections, exits, or the startup timeout passes. */
async function waitForPort(server: RunningWorkerd): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`workerd exited during startup (code ${server.child.exitCode}, signal ${server.child.signalCode}):\n${server.log()}`);
    }
    if (await canConnect(server.port)) return;
    await sleep(CONNECT_RETRY_MS);
  }
  throw new Error(`workerd did not accept connections on 127.0.0.1:${server.port} within ${STARTUP_TIMEOUT_MS} ms:\n${server.log()}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Sends SIGTERM to the child's PID, then SIGKILL if it has not exited after the grace period. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(SHUTDOWN_GRACE_MS).then(() => false)]);
  if (!stopped && child.exitCode === null && child.signalCode === null) {
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }
}

function postCheck(load: 'sync' | 'async', body: CheckRequest): Promise<Response> {
  return fetch(`http://127.0.0.1:${workerd!.port}/check?load=${load}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
}

async function checkInWorkerd(load: 'sync' | 'async'): Promise<CheckResponse> {
  const response = await postCheck(load, { rules: RULES_TEXT, files: FILES });
  const text = await response.text();
  expect(response.status, `worker response: ${text}\nworkerd output:\n${workerd!.log()}`).toBe(200);
  return JSON.parse(text) as CheckResponse;
}

/** Runs the same check in Node and passes the result through JSON, so both sides compare in the same form. */
async function checkInNode(): Promise<CheckResponse> {
  const pack = buildPack({ name: 'edge-test', version: '1.0.0' }, [{ path: 'rules.yaml', text: RULES_TEXT }]);
  const engine = new CheckEngine(pack, { core: await createCore() });
  const encoder = new TextEncoder();
  const checks = FILES.map((file) => engine.checkFile(file.path, encoder.encode(file.content)));
  const response: CheckResponse = { engineKind: engine.kind, packDigest: pack.digest, checks };
  return JSON.parse(JSON.stringify(response)) as CheckResponse;
}

/** Builds the pack and a reference engine, which is enough to reach rule-pack and compile errors. */
function buildReferenceEngine(rules: string): CheckEngine {
  const pack = buildPack({ name: 'edge-test', version: '1.0.0' }, [{ path: 'rules.yaml', text: rules }]);
  return new CheckEngine(pack);
}

function summarize(response: CheckResponse) {
  return response.checks.flatMap((check) => check.findings.map(({ ruleId, file, path, line }) => ({ ruleId, file, path, line })));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
