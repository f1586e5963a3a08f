// Front door of the regular-expression engine: RE2 syntax, compiled to a
// Thompson NFA program (layout in program.ts) and run by a Pike VM in linear
// time. The same program runs in the WASM core (assembly/match/regex.ts).

import { compileTree } from './compiler.js';
import { decodeString, decodeUtf8 } from './decode.js';
import { RegexProgramError } from './errors.js';
import { parseRegex } from './parser.js';
import { pikeSearch } from './pike.js';
import { checkProgram } from './program.js';

export { RegexProgramError, RegexSyntaxError } from './errors.js';
export { MAX_NESTING_DEPTH, MAX_REPEAT, parseRegex } from './parser.js';
export * from './program.js';
export type { RegexNode } from './ast.js';
export { Assertion } from './ast.js';

/** A compiled pattern: program words (program.ts) and the source pattern. */
export interface RegexProgram {
  readonly words: Uint32Array;
  readonly pattern: string;
}

/** Number of compiled patterns `regexTestPattern` keeps. */
export const PATTERN_CACHE_SIZE = 256;

const patternCache = new Map<string, RegexProgram>();

// Programs already checked, so a program compiled here or reused across calls is
// checked once. A caller that mutates `words` after a call gets no re-check.
const checkedPrograms = new WeakSet<Uint32Array>();

/** Compiles an RE2 pattern. Throws RegexSyntaxError (ERR_REGEX_SYNTAX) with the column at fault. */
export function compileRegex(pattern: string): RegexProgram {
  const words = compileTree(parseRegex(pattern));
  checkedPrograms.add(words);
  return { words, pattern };
}

/** Returns whether the program matches anywhere in `input` (CEL `matches`). */
export function regexTest(program: RegexProgram, input: string): boolean {
  ensureChecked(program.words);
  const [codePoints, length] = decodeString(input);
  return pikeSearch(program.words, codePoints, length);
}

/** Same as regexTest over UTF-8 bytes; each invalid byte counts as U+FFFD. */
export function regexTestUtf8(program: RegexProgram, input: Uint8Array): boolean {
  ensureChecked(program.words);
  const [codePoints, length] = decodeUtf8(input);
  return pikeSearch(program.words, codePoints, length);
}

/** Compiles (through a small cache) and runs a pattern. */
export function regexTestPattern(pattern: string, input: string): boolean {
  let program = patternCache.get(pattern);
  if (program === undefined) {
    program = compileRegex(pattern);
    // Evict the oldest entry; Map keeps insertion order.
    if (patternCache.size >= PATTERN_CACHE_SIZE) patternCache.delete(patternCache.keys().next().value as string);
    patternCache.set(pattern, program);
  }
  return regexTest(program, input);
}

function ensureChecked(words: Uint32Array): void {
  if (checkedPrograms.has(words)) return;
  const problem = checkProgram(words);
  if (problem !== undefined) throw new RegexProgramError(problem);
  checkedPrograms.add(words);
}
