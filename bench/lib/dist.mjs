// Imports the built JavaScript (dist/) and the built core (build/bulwark.wasm),
// so the benchmarks measure what the package ships, not the TypeScript
// sources through a transpiler.

import { existsSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);

const MODULES = {
  check: 'dist/node/check.js',
  wasm: 'dist/node/wasm.js',
  compile: 'dist/policy/compile.js',
  evaluateWasm: 'dist/core/evaluate-wasm.js',
  evaluateReference: 'dist/core/reference/evaluate.js',
  flatten: 'dist/core/flatten.js',
  flattenReference: 'dist/core/reference/flatten/index.js',
  tapeWasm: 'dist/core/tape-wasm.js',
};

/** Imports the built modules by short name, and throws with the build command when one is missing. */
export async function loadDist(names = Object.keys(MODULES)) {
  const missing = [...names.map((name) => MODULES[name]), 'build/bulwark.wasm'].filter((file) => !existsSync(new URL(file, ROOT)));
  if (missing.length) {
    throw new Error(`missing build output: ${missing.join(', ')}; run \`npm run build\` (or \`npx tsc -p tsconfig.build.json\` and the asc build) first`);
  }
  const loaded = {};
  for (const name of names) loaded[name] = await import(new URL(MODULES[name], ROOT).href);
  return loaded;
}
