// Exports of the WASM core. Every entry point takes plain numbers and returns a
// status code from errors.ts; tables are read by the host through typed-array
// views over `memory` (see src/core/abi.ts).

export {
  error_offset, error_line, error_column,
} from "./errors";
export {
  input_reserve, input_check, set_max_input_bytes,
  document_ptr, document_length, document_heap_used, scratch_reserve,
} from "./memory";
export {
  tape_ptr, tape_count, tape_reserve, tape_commit, set_max_nodes, set_max_depth,
} from "./tape";
export * from "./flatten/index";
export * from "./match/index";
export * from "./rules/index";
