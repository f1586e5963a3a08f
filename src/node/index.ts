// Node-only entry point: checks over files on disk and the core loaded from
// the package's build folder.

export { BUILTIN_RULES_DIR, createEngine, loadPackFolder, loadRulePacks, runCheck, runRuleTests, InputError, type CheckOptions, type PackOptions } from './check.js';
export { createCore, loadCoreModule } from './wasm.js';
export { CheckCache, CacheError, DEFAULT_CACHE_MAX_MB, wasmCoreDigest, type CacheOptions, type CacheStats } from './cache.js';
export { checkFiles, createBatchStats, preparePack, streamCheck, type BatchOptions, type BatchStats, type PreparedPack } from './batch.js';
export { fileSpill } from './spill.js';
