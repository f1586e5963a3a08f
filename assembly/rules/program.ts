// Loading and validating a rule program image (layout in layout.ts). The host
// copies the image to `program_reserve`, then `program_load` checks every
// offset, count, operand and jump target, so a malformed image is rejected
// with ERR_BAD_PROGRAM and the interpreter never reads outside the image. The
// loaded program stays in place for any number of documents.

import { Block, ensureCapacity } from "../memory";
import { regexValid } from "./externals";
import { ERR_BAD_PROGRAM, ERR_OUT_OF_MEMORY, OK } from "../errors";
import {
  FN_LIMIT, HEADER_WORDS, ITEM_BOOL, ITEM_DOUBLE, ITEM_INT, ITEM_LITERAL, ITEM_NULL, ITEM_STRING, ITEM_UINT,
  LITERAL_LIST, LITERAL_MAP, OPCODE_LIMIT, OP_ACC_AND, OP_ACC_COUNT, OP_ACC_OR, OP_AND_LEFT, OP_CALL, OP_COND,
  OP_FILTER_TEST, OP_HAS, OP_ITER_COLLECT, OP_ITER_INIT, OP_ITER_NEXT, OP_JUMP, OP_OR_VALUE_LEFT, OP_OPT_OR_LEFT, OP_LOAD_SLOT, OP_LOAD_VAR,
  OP_MAKE_LIST, OP_MAKE_MAP, OP_MAP_CHECK, OP_MATCHES, OP_OPT_SELECT, OP_OR_LEFT, OP_PUSH_BOOL, OP_PUSH_DOUBLE,
  OP_PUSH_INT, OP_PUSH_LITERAL, OP_PUSH_STRING, OP_PUSH_UINT, OP_SELECT, PROGRAM_MAGIC, PROGRAM_VERSION,
  RULE_ASSERT_LENGTH, RULE_ASSERT_SLOTS, RULE_ASSERT_START, RULE_FLAG_HAS_WHEN, RULE_FLAGS, RULE_PATTERN,
  RULE_WHEN_LENGTH, RULE_WHEN_SLOTS, RULE_WHEN_START, RULE_WORDS, SECTION_CODE, SECTION_COUNT, SECTION_DOUBLES,
  SECTION_FIELDS, SECTION_INTS, SECTION_LITERAL_ITEMS, SECTION_LITERALS, SECTION_PATTERN_INDEX,
  SECTION_PATTERN_RULES, SECTION_REGEX_INDEX, SECTION_REGEX_WORDS, SECTION_RULES, SECTION_STRING_BYTES,
  SECTION_STRING_INDEX, VAR_LIMIT,
} from "./layout";
import {
  MAX_SLOTS, SLOT_BYTES, STACK_SLOTS, TAG_LIST, TAG_MAP, ensureVmBlocks, setBool, setDouble, setInt, setNull,
  setString, setUint, setValue,
} from "./value";

export const programBlock = new Block();
/** Slot arrays of the literal lists and maps, built once per load. */
const literalBlock = new Block();
/** Per literal: [slot array address, entry count, 1 for a map]. */
const literalIndexBlock = new Block();
/** One byte per code word while validating: 1 where an instruction starts. */
const boundaryBlock = new Block();

export let programLoaded: bool = false;
export let ruleCount: u32 = 0;
export let patternCount: u32 = 0;

// Absolute addresses of the sections, valid while programLoaded.
export let rulesPtr: usize = 0;
export let patternIndexPtr: usize = 0;
export let patternRulesPtr: usize = 0;
export let codePtr: usize = 0;
export let stringIndexPtr: usize = 0;
export let stringBytesPtr: usize = 0;
export let fieldsPtr: usize = 0;
export let doublesPtr: usize = 0;
export let intsPtr: usize = 0;
export let regexIndexPtr: usize = 0;
export let regexWordsPtr: usize = 0;

let codeWords: u32 = 0;
let stringCount: u32 = 0;
let fieldCount: u32 = 0;
let doubleCount: u32 = 0;
let intCount: u32 = 0;
let regexCount: u32 = 0;
let literalCount: u32 = 0;

/** Reserves room for an image of `length` bytes; the old program is unloaded. */
export function program_reserve(length: u32): usize {
  programLoaded = false;
  if (ensureCapacity(programBlock, <usize>length + 8, false) != OK) return 0;
  return programBlock.ptr;
}

/** Validates the image the host copied and makes it the current program. */
export function program_load(length: u32): i32 {
  programLoaded = false;
  if (ensureVmBlocks() != OK) return ERR_OUT_OF_MEMORY;
  if (<usize>length > programBlock.capacity || length < (HEADER_WORDS + SECTION_COUNT * 2) * 4) return ERR_BAD_PROGRAM;

  const base = programBlock.ptr;
  if (load<u32>(base) != PROGRAM_MAGIC || load<u32>(base, 4) != PROGRAM_VERSION) return ERR_BAD_PROGRAM;
  if (load<u32>(base, 8) != length || load<u32>(base, 20) != SECTION_COUNT) return ERR_BAD_PROGRAM;
  ruleCount = load<u32>(base, 12);
  patternCount = load<u32>(base, 16);

  // Every section must lie inside the image and be aligned for its items.
  for (let s: u32 = 0; s < SECTION_COUNT; s++) {
    const offset = sectionOffset(s);
    const count = <u64>sectionCount(s);
    const itemBytes = <u64>sectionItemBytes(s);
    const alignment: u32 = s == SECTION_DOUBLES || s == SECTION_INTS ? 8 : s == SECTION_STRING_BYTES ? 1 : 4;
    if (offset % alignment != 0) return ERR_BAD_PROGRAM;
    if (<u64>offset + count * itemBytes > <u64>length) return ERR_BAD_PROGRAM;
  }

  rulesPtr = base + sectionOffset(SECTION_RULES);
  patternIndexPtr = base + sectionOffset(SECTION_PATTERN_INDEX);
  patternRulesPtr = base + sectionOffset(SECTION_PATTERN_RULES);
  codePtr = base + sectionOffset(SECTION_CODE);
  stringIndexPtr = base + sectionOffset(SECTION_STRING_INDEX);
  stringBytesPtr = base + sectionOffset(SECTION_STRING_BYTES);
  fieldsPtr = base + sectionOffset(SECTION_FIELDS);
  doublesPtr = base + sectionOffset(SECTION_DOUBLES);
  intsPtr = base + sectionOffset(SECTION_INTS);
  regexIndexPtr = base + sectionOffset(SECTION_REGEX_INDEX);
  regexWordsPtr = base + sectionOffset(SECTION_REGEX_WORDS);
  codeWords = sectionCount(SECTION_CODE);
  stringCount = sectionCount(SECTION_STRING_INDEX);
  fieldCount = sectionCount(SECTION_FIELDS);
  doubleCount = sectionCount(SECTION_DOUBLES);
  intCount = sectionCount(SECTION_INTS);
  regexCount = sectionCount(SECTION_REGEX_INDEX);
  literalCount = sectionCount(SECTION_LITERALS);

  if (sectionCount(SECTION_RULES) != ruleCount || sectionCount(SECTION_PATTERN_INDEX) != patternCount) return ERR_BAD_PROGRAM;
  if (checkPools() != OK) return ERR_BAD_PROGRAM;
  if (checkPatternIndex() != OK) return ERR_BAD_PROGRAM;
  if (ensureCapacity(boundaryBlock, <usize>codeWords + 1, false) != OK) return ERR_OUT_OF_MEMORY;

  for (let r: u32 = 0; r < ruleCount; r++) {
    if (ruleWord(r, RULE_PATTERN) >= patternCount) return ERR_BAD_PROGRAM;
    if (checkCode(ruleWord(r, RULE_ASSERT_START), ruleWord(r, RULE_ASSERT_LENGTH), ruleWord(r, RULE_ASSERT_SLOTS)) != OK) return ERR_BAD_PROGRAM;
    if ((ruleWord(r, RULE_FLAGS) & RULE_FLAG_HAS_WHEN) != 0) {
      if (checkCode(ruleWord(r, RULE_WHEN_START), ruleWord(r, RULE_WHEN_LENGTH), ruleWord(r, RULE_WHEN_SLOTS)) != OK) return ERR_BAD_PROGRAM;
    }
  }

  const status = buildLiterals();
  if (status != OK) return status;
  programLoaded = true;
  return OK;
}

function sectionOffset(section: u32): u32 {
  return load<u32>(programBlock.ptr + (<usize>(HEADER_WORDS + section * 2) << 2));
}

function sectionCount(section: u32): u32 {
  return load<u32>(programBlock.ptr + (<usize>(HEADER_WORDS + section * 2 + 1) << 2));
}

function sectionItemBytes(section: u32): u32 {
  switch (section) {
    case SECTION_RULES: return RULE_WORDS * 4;
    case SECTION_PATTERN_INDEX: return 8;
    case SECTION_STRING_INDEX: return 8;
    case SECTION_STRING_BYTES: return 1;
    case SECTION_FIELDS: return 8;
    case SECTION_DOUBLES: return 8;
    case SECTION_INTS: return 8;
    case SECTION_REGEX_INDEX: return 8;
    case SECTION_LITERALS: return 12;
    case SECTION_LITERAL_ITEMS: return 8;
    default: return 4;
  }
}

@inline export function ruleWord(rule: u32, field: u32): u32 {
  return load<u32>(rulesPtr + ((<usize>rule * RULE_WORDS + field) << 2));
}

@inline export function stringAddress(index: u32): usize {
  return stringBytesPtr + <usize>load<u32>(stringIndexPtr + (<usize>index << 3));
}

@inline export function stringLength(index: u32): u32 {
  return load<u32>(stringIndexPtr + (<usize>index << 3), 4);
}

@inline export function literalAddress(index: u32): usize {
  return <usize>load<u32>(literalIndexBlock.ptr + <usize>index * 12);
}

@inline export function literalEntries(index: u32): u32 {
  return load<u32>(literalIndexBlock.ptr + <usize>index * 12, 4);
}

@inline export function literalIsMap(index: u32): bool {
  return load<u32>(literalIndexBlock.ptr + <usize>index * 12, 8) != 0;
}

function checkPools(): i32 {
  const stringBytes = sectionCount(SECTION_STRING_BYTES);
  for (let i: u32 = 0; i < stringCount; i++) {
    const offset = <u64>load<u32>(stringIndexPtr + (<usize>i << 3));
    const length = <u64>load<u32>(stringIndexPtr + (<usize>i << 3), 4);
    if (offset + length > <u64>stringBytes) return ERR_BAD_PROGRAM;
  }
  for (let i: u32 = 0; i < fieldCount; i++) {
    if (load<u32>(fieldsPtr + (<usize>i << 3)) >= stringCount) return ERR_BAD_PROGRAM;
  }
  const regexWords = sectionCount(SECTION_REGEX_WORDS);
  for (let i: u32 = 0; i < regexCount; i++) {
    const first = <u64>load<u32>(regexIndexPtr + (<usize>i << 3));
    const count = <u64>load<u32>(regexIndexPtr + (<usize>i << 3), 4);
    if (first + count > <u64>regexWords) return ERR_BAD_PROGRAM;
    // Programs are checked here once, so the VM runs them unchecked.
    if ((regexWordsPtr & 3) != 0 || !regexValid(regexWordsPtr + (<usize>first << 2), <u32>count)) return ERR_BAD_PROGRAM;
  }
  return OK;
}

function checkPatternIndex(): i32 {
  const entries = sectionCount(SECTION_PATTERN_RULES);
  for (let p: u32 = 0; p < patternCount; p++) {
    const first = <u64>load<u32>(patternIndexPtr + (<usize>p << 3));
    const count = <u64>load<u32>(patternIndexPtr + (<usize>p << 3), 4);
    if (first + count > <u64>entries) return ERR_BAD_PROGRAM;
  }
  for (let e: u32 = 0; e < entries; e++) {
    if (load<u32>(patternRulesPtr + (<usize>e << 2)) >= ruleCount) return ERR_BAD_PROGRAM;
  }
  return OK;
}

/** Number of words of the instruction starting with `word`. */
export function instructionWords(op: u32): u32 {
  return op == OP_COND || op == OP_ITER_INIT || op == OP_ITER_NEXT || op == OP_FILTER_TEST ? 2 : 1;
}

/**
 * Checks one expression's code: known opcodes, operands inside their pools,
 * jump targets on instruction starts (or the end), slots under `slots`.
 */
function checkCode(start: u32, length: u32, slots: u32): i32 {
  if (<u64>start + <u64>length > <u64>codeWords || length == 0 || slots > MAX_SLOTS) return ERR_BAD_PROGRAM;
  const code = codePtr + (<usize>start << 2);
  const marks = boundaryBlock.ptr;
  memory.fill(marks, 0, <usize>length + 1);

  // First pass: instruction starts and operands that need no position.
  let pc: u32 = 0;
  while (pc < length) {
    store<u8>(marks + pc, 1);
    const word = load<u32>(code + (<usize>pc << 2));
    const op = word & 0xff;
    const operand = word >>> 8;
    if (op == 0 || op >= OPCODE_LIMIT) return ERR_BAD_PROGRAM;
    const size = instructionWords(op);
    if (pc + size > length) return ERR_BAD_PROGRAM;
    if (!operandInRange(op, operand, slots)) return ERR_BAD_PROGRAM;
    pc += size;
  }
  store<u8>(marks + length, 1);

  // Second pass: every jump lands on an instruction start or the end. Only
  // JUMP and FILTER_TEST's loop target may go back, and the VM charges its
  // step budget there, so no program can loop forever.
  pc = 0;
  while (pc < length) {
    const word = load<u32>(code + (<usize>pc << 2));
    const op = word & 0xff;
    const operand = word >>> 8;
    if (isJump(op) && !landsOnStart(marks, operand, length)) return ERR_BAD_PROGRAM;
    if (isJump(op) && op != OP_JUMP && operand <= pc) return ERR_BAD_PROGRAM;
    if (instructionWords(op) == 2) {
      const target = load<u32>(code + (<usize>(pc + 1) << 2));
      if (!landsOnStart(marks, target, length)) return ERR_BAD_PROGRAM;
      if (op != OP_FILTER_TEST && target <= pc) return ERR_BAD_PROGRAM;
    }
    pc += instructionWords(op);
  }
  return OK;
}

function isJump(op: u32): bool {
  return op == OP_JUMP || op == OP_AND_LEFT || op == OP_OR_LEFT || op == OP_COND
    || op == OP_ACC_AND || op == OP_ACC_OR || op == OP_ACC_COUNT || op == OP_OR_VALUE_LEFT || op == OP_OPT_OR_LEFT;
}

function landsOnStart(marks: usize, target: u32, length: u32): bool {
  return target <= length && load<u8>(marks + target) != 0;
}

function operandInRange(op: u32, operand: u32, slots: u32): bool {
  switch (op) {
    case OP_PUSH_BOOL: return operand <= 1;
    case OP_PUSH_INT:
    case OP_PUSH_UINT: return operand < intCount;
    case OP_PUSH_DOUBLE: return operand < doubleCount;
    case OP_PUSH_STRING: return operand < stringCount;
    case OP_PUSH_LITERAL: return operand < literalCount;
    case OP_LOAD_VAR: return operand < VAR_LIMIT;
    case OP_SELECT:
    case OP_HAS:
    case OP_OPT_SELECT: return operand < fieldCount;
    case OP_MAKE_LIST:
    case OP_MAKE_MAP: return operand <= STACK_SLOTS;
    case OP_CALL: return operand < FN_LIMIT;
    case OP_MATCHES: return operand < regexCount;
    case OP_LOAD_SLOT:
    case OP_ITER_INIT:
    case OP_ITER_NEXT:
    case OP_FILTER_TEST:
    case OP_MAP_CHECK:
    case OP_ITER_COLLECT: return operand < slots;
    default: return true;
  }
}

/**
 * Builds the slot arrays of literal lists and maps. A nested literal must
 * come before the literal that contains it, so the index has no cycles.
 */
function buildLiterals(): i32 {
  const literalsPtr = programBlock.ptr + sectionOffset(SECTION_LITERALS);
  const itemsPtr = programBlock.ptr + sectionOffset(SECTION_LITERAL_ITEMS);
  const itemCount = sectionCount(SECTION_LITERAL_ITEMS);

  let totalItems: u64 = 0;
  for (let i: u32 = 0; i < literalCount; i++) {
    const entry = literalsPtr + <usize>i * 12;
    const kind = load<u32>(entry);
    const entries = <u64>load<u32>(entry, 4);
    const items = kind == LITERAL_MAP ? entries * 2 : entries;
    if (kind != LITERAL_LIST && kind != LITERAL_MAP) return ERR_BAD_PROGRAM;
    if (<u64>load<u32>(entry, 8) + items > <u64>itemCount) return ERR_BAD_PROGRAM;
    totalItems += items;
  }
  if (totalItems > <u64>itemCount) return ERR_BAD_PROGRAM;
  if (ensureCapacity(literalBlock, <usize>totalItems * SLOT_BYTES + SLOT_BYTES, false) != OK) return ERR_OUT_OF_MEMORY;
  if (ensureCapacity(literalIndexBlock, <usize>literalCount * 12 + 12, false) != OK) return ERR_OUT_OF_MEMORY;

  let slot = literalBlock.ptr;
  for (let i: u32 = 0; i < literalCount; i++) {
    const entry = literalsPtr + <usize>i * 12;
    const isMap = load<u32>(entry) == LITERAL_MAP;
    const entries = load<u32>(entry, 4);
    const items = isMap ? entries * 2 : entries;
    const first = load<u32>(entry, 8);
    const index = literalIndexBlock.ptr + <usize>i * 12;
    store<u32>(index, <u32>slot);
    store<u32>(index, entries, 4);
    store<u32>(index, isMap ? 1 : 0, 8);
    for (let k: u32 = 0; k < items; k++) {
      const item = itemsPtr + (<usize>(first + k) << 3);
      if (!writeItem(slot, load<u32>(item), load<u32>(item, 4), i)) return ERR_BAD_PROGRAM;
      slot += SLOT_BYTES;
    }
  }
  return OK;
}

function writeItem(slot: usize, tag: u32, operand: u32, owner: u32): bool {
  switch (tag) {
    case ITEM_NULL:
      setNull(slot);
      return true;
    case ITEM_BOOL:
      if (operand > 1) return false;
      setBool(slot, operand != 0);
      return true;
    case ITEM_INT:
      if (operand >= intCount) return false;
      setInt(slot, load<i64>(intsPtr + (<usize>operand << 3)));
      return true;
    case ITEM_UINT:
      if (operand >= intCount) return false;
      setUint(slot, load<u64>(intsPtr + (<usize>operand << 3)));
      return true;
    case ITEM_DOUBLE:
      if (operand >= doubleCount) return false;
      setDouble(slot, load<f64>(doublesPtr + (<usize>operand << 3)));
      return true;
    case ITEM_STRING:
      if (operand >= stringCount) return false;
      setString(slot, stringAddress(operand), stringLength(operand));
      return true;
    case ITEM_LITERAL:
      if (operand >= owner) return false;
      setValue(slot, literalIsMap(operand) ? TAG_MAP : TAG_LIST, literalEntries(operand), <u64>literalAddress(operand));
      return true;
    default:
      return false;
  }
}
