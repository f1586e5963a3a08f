// Bytecode back end of the rule language: compiles checked ASTs into code for
// the WASM predicate VM (assembly/rules) and writes the program image the VM
// loads. The instruction set and image layout are documented in
// assembly/rules/layout.ts and mirrored in layout.ts here.

export { compileExpressionCode, type ExpressionCode, type ExpressionOrigin } from './compiler.js';
export { BytecodeCompileError, type BytecodeLocation } from './errors.js';
export { writeProgramImage, type ImageRule } from './image.js';
export { ConstantPools, type Literal, type LiteralItem } from './pools.js';
export { EvalError, Outcome, errorDetail, evalErrorName } from './outcome.js';
export * as layout from './layout.js';
