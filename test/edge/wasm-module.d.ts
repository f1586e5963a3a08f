// workerd hands a module declared with `wasm = embed "..."` in the worker
// config to an importer as a compiled WebAssembly.Module.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
