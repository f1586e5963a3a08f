// A workerd module worker that runs the portable library. workerd rejects
// WebAssembly.compile on bytes, so the core arrives as a module declared in
// the worker config and imported here as a WebAssembly.Module.

import wasm from './bulwark.wasm';

import { buildPack, CheckEngine, CoreInstance, type FileCheck } from '../../src/index.js';

export interface CheckRequest {
  /** Text of one rule file (YAML). */
  rules: string;
  files: { path: string; content: string }[];
}

export interface CheckResponse {
  engineKind: string;
  packDigest: string;
  checks: FileCheck[];
}

export interface WorkerFailure {
  error: { name: string; code?: string; message: string; stack?: string };
}

/** Query value of `load` that selects `CoreInstance.create` over `createSync`. */
const ASYNC_LOAD = 'async';

export default {
  async fetch(request: Request): Promise<Response> {
    if (request.method !== 'POST') {
      return jsonResponse({ error: { name: 'MethodNotAllowed', message: `${request.method} is not supported; send a POST with a JSON check request` } }, 405);
    }

    try {
      const body = (await request.json()) as CheckRequest;
      const load = new URL(request.url).searchParams.get('load');

      const pack = buildPack({ name: 'edge-test', version: '1.0.0' }, [{ path: 'rules.yaml', text: body.rules }]);
      const core = load === ASYNC_LOAD ? await CoreInstance.create(wasm) : CoreInstance.createSync(wasm);
      const engine = new CheckEngine(pack, { core });

      const encoder = new TextEncoder();
      const checks = body.files.map((file) => engine.checkFile(file.path, encoder.encode(file.content)));

      const response: CheckResponse = { engineKind: engine.kind, packDigest: pack.digest, checks };
      return jsonResponse(response, 200);
    } catch (error) {
      // The test prints the response body and workerd's output, so a library
      // failure inside workerd shows its own error text and stack.
      const failure = describeError(error);
      console.error(`check request failed: ${failure.error.name}: ${failure.error.message}`);
      return jsonResponse(failure, 500);
    }
  },
};

function describeError(error: unknown): WorkerFailure {
  if (!(error instanceof Error)) return { error: { name: typeof error, message: String(error) } };
  const code = (error as { code?: unknown }).code;
  return {
    error: {
      name: error.name,
      code: typeof code === 'string' ? code : undefined,
      message: error.message,
      stack: error.stack,
    },
  };
}

function jsonResponse(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
