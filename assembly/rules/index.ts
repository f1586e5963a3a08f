// Exports of assembly/rules: the rule program loader and the predicate VM.
// Layout of the program image and the instruction set: layout.ts.
export const rules_version: u32 = 1;
export { program_reserve, program_load } from "./program";
export { eval_file_reserve, eval_set_file } from "./vm";
export {
  eval_document, eval_enabled_reserve, eval_results_ptr, eval_results_count, eval_counts_ptr,
} from "./evaluate";
