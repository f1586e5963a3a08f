// The interpreter: runs one expression's code over one node and returns its
// outcome. Values live on a raw stack (value.ts); computed strings and lists
// go to the scratch heap, which is reset with every evaluation. Limits (stack
// depth, steps, scratch bytes) end the evaluation with an error outcome.

import { Block, ensureCapacity } from "../memory";
import { OK } from "../errors";
import { NO_PARENT, rowEnd, rowParent, tapeCount } from "../tape";
import {
  EVAL_BAD_PROGRAM, EVAL_DUPLICATE_KEY, EVAL_INVALID_ARGUMENT, EVAL_NOT_BOOL, EVAL_NO_MATCHING_OVERLOAD, EVAL_STACK_LIMIT, EVAL_STEP_LIMIT, OP_ACC_AND,
  OP_ACC_COUNT, OP_ACC_ONE, OP_ACC_OR, OP_ADD, OP_AND_LEFT, OP_AND_RIGHT, OP_CALL, OP_COND, OP_DIV, OP_EQ,
  OP_FILTER_TEST, OP_GE, OP_GT, OP_HAS, OP_IN, OP_INDEX, OP_ITER_COLLECT, OP_ITER_INIT, OP_ITER_NEXT, OP_JUMP,
  OP_LE, OP_LOAD_SLOT, OP_LOAD_VAR, OP_LT, OP_MAKE_LIST, OP_MAKE_MAP, OP_MAP_CHECK, OP_MATCHES, OP_MOD, OP_MUL,
  OP_NE, OP_NEG, OP_NOT, OP_OPT_INDEX, OP_OPT_OR_LEFT, OP_OPT_SELECT, OP_OR_LEFT, OP_OR_RIGHT, OP_OR_VALUE_LEFT,
  OP_PUSH_BOOL, OP_PUSH_DOUBLE, OP_PUSH_INT, OP_PUSH_LITERAL, OP_PUSH_NULL, OP_PUSH_SMALL_INT, OP_PUSH_STRING,
  OP_PUSH_UINT, OP_REQUIRE_OPTIONAL, OP_SELECT, OP_SUB, OUTCOME_ERROR, OUTCOME_FAIL, OUTCOME_PASS, VAR_FILE,
  VAR_KEY, VAR_PARENT, VAR_PATH, VAR_ROOT, VAR_SELF, functionArity,
} from "./layout";
import { isFirstOccurrence, keyAddress, nodeKey, nodeValue } from "./nodes";
import {
  UNORDERED, NO_ORDER, arithmetic, compareValues, findDuplicateKey, indexValue, isMapKey, membership, negate,
  selectField, setTempLimit, valuesEqual,
} from "./operators";
import { callFunction } from "./functions";
import { materializePath, pathLength } from "./path";
import {
  codePtr, doublesPtr, fieldsPtr, intsPtr, literalAddress, literalEntries, literalIsMap, regexIndexPtr,
  regexWordsPtr, stringAddress, stringLength,
} from "./program";
import { abortDetail, abortEvaluation, chargeSteps, resetEvaluation, scratchAlloc } from "./state";
import { regexTest } from "./externals";
import {
  ITERATOR_BYTES, MAX_SLOTS, SLOT_BYTES, STACK_SLOTS, TEMP_SLOTS, TAG_BOOL, TAG_ERROR, TAG_INT, TAG_LIST, TAG_MAP,
  TAG_NODE_LIST, TAG_NODE_MAP, TAG_NULL, TAG_OPTIONAL_NONE, TAG_OPTIONAL_SOME, TAG_STRING, addressOf, auxOf,
  bitsOf, copyValue, frameBlock, intOf, isFalse, isTrue, setBool, setDouble, setError, setInt, setNull,
  setString, setUint, setValue, stackBlock, tagOf, wordOf,
} from "./value";
import { rowKeyLength } from "../tape";

/** Detail of the last ERROR outcome (an EVAL_* code). */
export let resultDetail: u32 = 0;

// Iterator kinds.
const ITER_NONE: u32 = 0;
const ITER_NODE_LIST: u32 = 1;
const ITER_NODE_MAP: u32 = 2;
const ITER_LIST: u32 = 3;
const ITER_MAP: u32 = 4;


// ---- the `file` variable ----

const fileBlock = new Block();
const fileMapBlock = new Block();
let fileLoaded: bool = false;

const FILE_FIELDS: u32 = 4;

/** Reserves room for the file fields' bytes: name, path, format, dialect in order. */
export function eval_file_reserve(length: u32): usize {
  fileLoaded = false;
  if (ensureCapacity(fileBlock, <usize>length + 32, false) != OK) return 0;
  return fileBlock.ptr + 32;
}

/**
 * Sets the `file` variable from the bytes written after `eval_file_reserve`:
 * `name`, `path`, `format` and `dialect`, back to back, with these lengths.
 */
export function eval_set_file(nameLength: u32, pathLength: u32, formatLength: u32, dialectLength: u32): i32 {
  const total = <u64>nameLength + <u64>pathLength + <u64>formatLength + <u64>dialectLength;
  if (total + 32 > <u64>fileBlock.capacity) return -1;
  if (ensureCapacity(fileMapBlock, <usize>FILE_FIELDS * 2 * SLOT_BYTES, false) != OK) return -1;

  // The key names live in the first 32 bytes of the file block.
  const keys = fileBlock.ptr;
  writeAscii(keys, "namepathformatdialect");
  let at = fileBlock.ptr + 32;
  at = setFileField(0, keys, 4, at, nameLength);
  at = setFileField(1, keys + 4, 4, at, pathLength);
  at = setFileField(2, keys + 8, 6, at, formatLength);
  setFileField(3, keys + 14, 7, at, dialectLength);
  fileLoaded = true;
  return OK;
}

function setFileField(index: u32, key: usize, keyLength: u32, value: usize, valueLength: u32): usize {
  const entry = fileMapBlock.ptr + <usize>index * 2 * SLOT_BYTES;
  setString(entry, key, keyLength);
  setString(entry + SLOT_BYTES, value, valueLength);
  return value + <usize>valueLength;
}

function writeAscii(out: usize, text: string): void {
  for (let i = 0; i < text.length; i++) store<u8>(out + <usize>i, <u8>text.charCodeAt(i));
}

// ---- the interpreter ----

let sp: usize = 0;
let stackBottom: usize = 0;
let stackTop: usize = 0;
let selfNode: u32 = 0;

@inline function iteratorAt(slot: u32): usize {
  return frameBlock.ptr + <usize>MAX_SLOTS * SLOT_BYTES + <usize>slot * ITERATOR_BYTES;
}

@inline function varAt(slot: u32): usize {
  return frameBlock.ptr + <usize>slot * SLOT_BYTES;
}

/**
 * Evaluates the code at word `start` (`length` words, `slots` iteration
 * slots) with `self` = `node`. Returns an OUTCOME_*; for OUTCOME_ERROR the
 * detail is in `resultDetail`.
 */
export function evaluate(start: u32, length: u32, slots: u32, node: u32): u32 {
  resetEvaluation();
  selfNode = node;
  stackBottom = stackBlock.ptr;
  sp = stackBottom;
  stackTop = stackBottom + <usize>STACK_SLOTS * SLOT_BYTES;
  setTempLimit(stackTop + <usize>TEMP_SLOTS * SLOT_BYTES - 4 * SLOT_BYTES);
  for (let s: u32 = 0; s < slots; s++) {
    setNull(varAt(s));
    store<u32>(iteratorAt(s), ITER_NONE);
  }

  run(codePtr + (<usize>start << 2), length);

  if (abortDetail != 0) return errorOutcome(abortDetail);
  if (sp != stackBottom + SLOT_BYTES) return errorOutcome(EVAL_BAD_PROGRAM);
  const result = stackBottom;
  if (isTrue(result)) return OUTCOME_PASS;
  if (isFalse(result)) return OUTCOME_FAIL;
  if (tagOf(result) == TAG_ERROR) return errorOutcome(auxOf(result));
  return errorOutcome(EVAL_NOT_BOOL);
}

function errorOutcome(detail: u32): u32 {
  resultDetail = detail;
  return OUTCOME_ERROR;
}

/** True when `count` values are on the stack; otherwise ends the evaluation. */
@inline function has(count: u32): bool {
  if (sp - stackBottom >= <usize>count * SLOT_BYTES) return true;
  abortEvaluation(EVAL_BAD_PROGRAM);
  return false;
}

function run(code: usize, length: u32): void {
  let pc: u32 = 0;
  while (pc < length) {
    if (sp >= stackTop) {
      abortEvaluation(EVAL_STACK_LIMIT);
      return;
    }
    const word = load<u32>(code + (<usize>pc << 2));
    const operand = word >>> 8;
    pc++;

    switch (word & 0xff) {
      case OP_PUSH_NULL:
        setNull(sp);
        sp += SLOT_BYTES;
        break;
      case OP_PUSH_BOOL:
        setBool(sp, operand != 0);
        sp += SLOT_BYTES;
        break;
      case OP_PUSH_SMALL_INT:
        setInt(sp, <i64>(<i32>word >> 8));
        sp += SLOT_BYTES;
        break;
      case OP_PUSH_INT:
        setInt(sp, load<i64>(intsPtr + (<usize>operand << 3)));
        sp += SLOT_BYTES;
        break;
      case OP_PUSH_UINT:
        setUint(sp, load<u64>(intsPtr + (<usize>operand << 3)));
        sp += SLOT_BYTES;
        break;
      case OP_PUSH_DOUBLE:
        setDouble(sp, load<f64>(doublesPtr + (<usize>operand << 3)));
        sp += SLOT_BYTES;
        break;
      case OP_PUSH_STRING:
        setString(sp, stringAddress(operand), stringLength(operand));
        sp += SLOT_BYTES;
        break;
      case OP_PUSH_LITERAL:
        setValue(sp, literalIsMap(operand) ? TAG_MAP : TAG_LIST, literalEntries(operand), <u64>literalAddress(operand));
        sp += SLOT_BYTES;
        break;
      case OP_LOAD_VAR:
        loadVariable(sp, operand);
        sp += SLOT_BYTES;
        break;
      case OP_LOAD_SLOT:
        copyValue(sp, varAt(operand));
        sp += SLOT_BYTES;
        break;
      case OP_SELECT:
      case OP_HAS:
      case OP_OPT_SELECT: {
        if (!has(1)) return;
        const top = sp - SLOT_BYTES;
        if (tagOf(top) == TAG_ERROR) break;
        const field = fieldsPtr + (<usize>operand << 3);
        const name = load<u32>(field);
        const op = word & 0xff;
        selectField(top, stringAddress(name), stringLength(name), load<u32>(field, 4), op == OP_SELECT ? 0 : op == OP_HAS ? 1 : 2);
        break;
      }
      case OP_INDEX:
      case OP_OPT_INDEX: {
        if (!has(2)) return;
        sp -= SLOT_BYTES;
        const container = sp - SLOT_BYTES;
        if (firstError(container, sp)) break;
        indexValue(container, sp, (word & 0xff) == OP_OPT_INDEX, sp + SLOT_BYTES);
        break;
      }
      case OP_JUMP:
        // Only loops can run long, and every loop iteration ends with a jump
        // back (JUMP or FILTER_TEST), so steps are charged there.
        if (operand < pc && !chargeSteps(1)) {
          abortEvaluation(EVAL_STEP_LIMIT);
          return;
        }
        pc = operand;
        break;
      case OP_AND_LEFT:
        if (!has(1)) return;
        if (isFalse(sp - SLOT_BYTES)) pc = operand;
        break;
      case OP_OR_LEFT:
        if (!has(1)) return;
        if (isTrue(sp - SLOT_BYTES)) pc = operand;
        break;
      case OP_AND_RIGHT:
      case OP_OR_RIGHT:
        if (!has(2)) return;
        sp -= SLOT_BYTES;
        logical(sp - SLOT_BYTES, sp, (word & 0xff) == OP_AND_RIGHT);
        break;
      case OP_COND: {
        if (!has(1)) return;
        const target = load<u32>(code + (<usize>pc << 2));
        pc++;
        const cond = sp - SLOT_BYTES;
        if (isTrue(cond)) {
          sp = cond;
        } else if (isFalse(cond)) {
          sp = cond;
          pc = operand;
        } else {
          if (tagOf(cond) != TAG_ERROR) setError(cond, EVAL_NO_MATCHING_OVERLOAD);
          pc = target;
        }
        break;
      }
      case OP_NOT: {
        if (!has(1)) return;
        const top = sp - SLOT_BYTES;
        if (wordOf(top) == TAG_BOOL) setBool(top, bitsOf(top) == 0);
        else if (tagOf(top) != TAG_ERROR) setError(top, EVAL_NO_MATCHING_OVERLOAD);
        break;
      }
      case OP_NEG: {
        if (!has(1)) return;
        const top = sp - SLOT_BYTES;
        if (tagOf(top) != TAG_ERROR) negate(top);
        break;
      }
      case OP_ADD:
      case OP_SUB:
      case OP_MUL:
      case OP_DIV:
      case OP_MOD: {
        if (!has(2)) return;
        sp -= SLOT_BYTES;
        const left = sp - SLOT_BYTES;
        if (firstError(left, sp)) break;
        arithmetic(word & 0xff, left, sp, sp + SLOT_BYTES);
        break;
      }
      case OP_EQ:
      case OP_NE: {
        if (!has(2)) return;
        sp -= SLOT_BYTES;
        const left = sp - SLOT_BYTES;
        if (firstError(left, sp)) break;
        const equal = valuesEqual(left, sp, sp + SLOT_BYTES);
        setBool(left, (word & 0xff) == OP_EQ ? equal : !equal);
        break;
      }
      case OP_LT:
      case OP_LE:
      case OP_GT:
      case OP_GE: {
        if (!has(2)) return;
        sp -= SLOT_BYTES;
        const left = sp - SLOT_BYTES;
        if (firstError(left, sp)) break;
        ordering(word & 0xff, left, sp);
        break;
      }
      case OP_IN: {
        if (!has(2)) return;
        sp -= SLOT_BYTES;
        const left = sp - SLOT_BYTES;
        if (firstError(left, sp)) break;
        membership(left, sp, sp + SLOT_BYTES);
        break;
      }
      case OP_MAKE_LIST:
        if (!has(operand)) return;
        makeList(operand);
        break;
      case OP_MAKE_MAP:
        if (!has(operand * 2)) return;
        makeMap(operand);
        break;
      case OP_CALL: {
        const arity = functionArity(operand);
        if (!has(arity)) return;
        if (arity == 0) {
          callFunction(operand, sp);
          sp += SLOT_BYTES;
          break;
        }
        const args = sp - <usize>arity * SLOT_BYTES;
        sp = args + SLOT_BYTES;
        if (firstErrorOf(args, arity)) break;
        callFunction(operand, args);
        break;
      }
      case OP_MATCHES: {
        if (!has(1)) return;
        const top = sp - SLOT_BYTES;
        if (tagOf(top) == TAG_ERROR) break;
        if (wordOf(top) != TAG_STRING) {
          setError(top, EVAL_NO_MATCHING_OVERLOAD);
          break;
        }
        const regex = regexIndexPtr + (<usize>operand << 3);
        const program = regexWordsPtr + (<usize>load<u32>(regex) << 2);
        const result = regexTest(program, load<u32>(regex, 4), addressOf(top), auxOf(top));
        if (result < 0) abortEvaluation(EVAL_BAD_PROGRAM);
        else setBool(top, result != 0);
        break;
      }
      case OP_ITER_INIT: {
        if (!has(1)) return;
        const exit = load<u32>(code + (<usize>pc << 2));
        pc++;
        if (!iterInit(operand, exit)) pc = exit;
        break;
      }
      case OP_ITER_NEXT: {
        const done = load<u32>(code + (<usize>pc << 2));
        pc++;
        if (!iterNext(operand)) pc = done;
        break;
      }
      case OP_ACC_AND:
      case OP_ACC_OR: {
        if (!has(2)) return;
        sp -= SLOT_BYTES;
        const acc = sp - SLOT_BYTES;
        const isAnd = (word & 0xff) == OP_ACC_AND;
        logical(acc, sp, isAnd);
        if (isAnd ? isFalse(acc) : isTrue(acc)) pc = operand;
        break;
      }
      case OP_ACC_COUNT: {
        if (!has(2)) return;
        sp -= SLOT_BYTES;
        const acc = sp - SLOT_BYTES;
        if (isTrue(sp)) {
          setInt(acc, intOf(acc) + 1);
        } else if (!isFalse(sp)) {
          if (tagOf(sp) == TAG_ERROR) copyValue(acc, sp);
          else setError(acc, EVAL_NO_MATCHING_OVERLOAD);
          pc = operand;
        }
        break;
      }
      case OP_ACC_ONE: {
        if (!has(1)) return;
        const top = sp - SLOT_BYTES;
        if (wordOf(top) == TAG_INT) setBool(top, intOf(top) == 1);
        break;
      }
      case OP_FILTER_TEST: {
        if (!has(1)) return;
        const loop = load<u32>(code + (<usize>pc << 2));
        pc++;
        sp -= SLOT_BYTES;
        if (isTrue(sp)) break;
        if (isFalse(sp)) {
          if (!chargeSteps(1)) {
            abortEvaluation(EVAL_STEP_LIMIT);
            return;
          }
          pc = loop;
          break;
        }
        pc = abandonLoop(operand, sp);
        break;
      }
      case OP_MAP_CHECK: {
        if (!has(1)) return;
        if (tagOf(sp - SLOT_BYTES) == TAG_ERROR) pc = abandonLoop(operand, sp - SLOT_BYTES);
        break;
      }
      case OP_ITER_COLLECT:
        collect(operand);
        break;
      case OP_OR_VALUE_LEFT:
      case OP_OPT_OR_LEFT: {
        if (!has(1)) return;
        const top = sp - SLOT_BYTES;
        const tagWord = wordOf(top);
        if (tagWord == TAG_OPTIONAL_NONE) {
          sp = top;
        } else if ((tagWord & TAG_OPTIONAL_SOME) != 0) {
          if ((word & 0xff) == OP_OR_VALUE_LEFT) store<u32>(top, tagWord & 0xff);
          pc = operand;
        } else {
          if (tagOf(top) != TAG_ERROR) setError(top, EVAL_NO_MATCHING_OVERLOAD);
          pc = operand;
        }
        break;
      }
      case OP_REQUIRE_OPTIONAL: {
        if (!has(1)) return;
        const top = sp - SLOT_BYTES;
        const tagWord = wordOf(top);
        if (tagWord != TAG_OPTIONAL_NONE && (tagWord & TAG_OPTIONAL_SOME) == 0 && tagOf(top) != TAG_ERROR) {
          setError(top, EVAL_NO_MATCHING_OVERLOAD);
        }
        break;
      }
      default:
        abortEvaluation(EVAL_BAD_PROGRAM);
        return;
    }
    if (abortDetail != 0) return;
  }
}

/** When either operand is an error, leaves the first one in `left` and returns true. */
@inline function firstError(left: usize, right: usize): bool {
  if (tagOf(left) == TAG_ERROR) return true;
  if (tagOf(right) == TAG_ERROR) {
    copyValue(left, right);
    return true;
  }
  return false;
}

function firstErrorOf(args: usize, count: u32): bool {
  for (let i: u32 = 0; i < count; i++) {
    const arg = args + <usize>i * SLOT_BYTES;
    if (tagOf(arg) == TAG_ERROR) {
      if (i != 0) copyValue(args, arg);
      return true;
    }
  }
  return false;
}

/**
 * CEL `&&` (isAnd) or `||` over two evaluated operands, writing over `left`:
 * a deciding bool on either side wins over an error on the other.
 */
function logical(left: usize, right: usize, isAnd: bool): void {
  const decisive = !isAnd;
  if (isBoolValue(left, decisive)) return;
  if (isBoolValue(right, decisive)) {
    setBool(left, decisive);
    return;
  }
  if (wordOf(left) == TAG_BOOL && wordOf(right) == TAG_BOOL) {
    setBool(left, !decisive);
  } else if (tagOf(left) == TAG_ERROR) {
    return;
  } else if (wordOf(left) != TAG_BOOL) {
    setError(left, EVAL_NO_MATCHING_OVERLOAD);
  } else if (tagOf(right) == TAG_ERROR) {
    copyValue(left, right);
  } else {
    setError(left, EVAL_NO_MATCHING_OVERLOAD);
  }
}

@inline function isBoolValue(p: usize, value: bool): bool {
  return wordOf(p) == TAG_BOOL && (bitsOf(p) != 0) == value;
}

function ordering(op: u32, left: usize, right: usize): void {
  const order = compareValues(left, right);
  if (order == NO_ORDER) {
    setError(left, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  if (order == UNORDERED) {
    setBool(left, false);
    return;
  }
  let result = false;
  if (op == OP_LT) result = order < 0;
  else if (op == OP_LE) result = order <= 0;
  else if (op == OP_GT) result = order > 0;
  else result = order >= 0;
  setBool(left, result);
}

function loadVariable(p: usize, variable: u32): void {
  switch (variable) {
    case VAR_SELF:
      nodeValue(p, selfNode);
      break;
    case VAR_ROOT:
      nodeValue(p, 0);
      break;
    case VAR_PARENT: {
      const parent = rowParent(selfNode);
      if (parent == NO_PARENT) setNull(p);
      else nodeValue(p, parent);
      break;
    }
    case VAR_KEY:
      nodeKey(p, selfNode);
      break;
    case VAR_PATH: {
      const address = materializePath(selfNode);
      if (address != 0 || pathLength == 0) setString(p, address, address == 0 ? 0 : pathLength);
      else setNull(p);
      break;
    }
    case VAR_FILE:
      if (fileLoaded) setValue(p, TAG_MAP, FILE_FIELDS, <u64>fileMapBlock.ptr);
      else setNull(p);
      break;
    default:
      abortEvaluation(EVAL_BAD_PROGRAM);
  }
}

function makeList(count: u32): void {
  const first = sp - <usize>count * SLOT_BYTES;
  for (let i: u32 = 0; i < count; i++) {
    const item = first + <usize>i * SLOT_BYTES;
    if (tagOf(item) == TAG_ERROR) {
      copyValue(first, item);
      sp = first + SLOT_BYTES;
      return;
    }
  }
  const items = scratchAlloc(count * <u32>SLOT_BYTES);
  if (items == 0 && count != 0) return;
  memory.copy(items, first, <usize>count * SLOT_BYTES);
  setValue(first, TAG_LIST, count, <u64>items);
  sp = first + SLOT_BYTES;
}

function makeMap(entries: u32): void {
  const first = sp - <usize>entries * 2 * SLOT_BYTES;
  sp = first + SLOT_BYTES;

  // Entries are checked in order; the first problem is the result.
  for (let i: u32 = 0; i < entries; i++) {
    const key = first + <usize>i * 2 * SLOT_BYTES;
    const value = key + SLOT_BYTES;
    if (tagOf(key) == TAG_ERROR) {
      copyValue(first, key);
      return;
    }
    if (tagOf(value) == TAG_ERROR) {
      copyValue(first, value);
      return;
    }
    if (!isMapKey(key)) {
      setError(first, EVAL_INVALID_ARGUMENT);
      return;
    }
    if (findDuplicateKey(first, i + 1) != 0) {
      setError(first, EVAL_DUPLICATE_KEY);
      return;
    }
  }
  const items = scratchAlloc(entries * 2 * <u32>SLOT_BYTES);
  if (items == 0 && entries != 0) return;
  memory.copy(items, first, <usize>entries * 2 * SLOT_BYTES);
  setValue(first, TAG_MAP, entries, <u64>items);
}

// ---- comprehensions ----
//
// Iterator state, ITERATOR_BYTES per slot: kind, cursor, end, owner node,
// items address, stack base (the stack height after the range was popped),
// exit target.

/** Pops the range into iterator `slot`; on a bad range leaves an error and returns false. */
function iterInit(slot: u32, exit: u32): bool {
  const range = sp - SLOT_BYTES;
  const tag = wordOf(range);
  const it = iteratorAt(slot);
  let kind = ITER_NONE;
  let cursor: u32 = 0;
  let end: u32 = 0;
  if (tag == TAG_NODE_LIST || tag == TAG_NODE_MAP) {
    const node = <u32>bitsOf(range);
    kind = tag == TAG_NODE_LIST ? ITER_NODE_LIST : ITER_NODE_MAP;
    cursor = node + 1;
    end = rowEnd(node);
    store<u32>(it, node, 12);
  } else if (tag == TAG_LIST || tag == TAG_MAP) {
    kind = tag == TAG_LIST ? ITER_LIST : ITER_MAP;
    end = auxOf(range);
    store<u32>(it, <u32>addressOf(range), 16);
  } else {
    if (tagOf(range) != TAG_ERROR) setError(range, EVAL_NO_MATCHING_OVERLOAD);
    return false;
  }
  sp = range;
  store<u32>(it, kind);
  store<u32>(it, cursor, 4);
  store<u32>(it, end, 8);
  store<u32>(it, <u32>(sp - stackBottom), 20);
  store<u32>(it, exit, 24);
  return true;
}

/** Moves iterator `slot` to its next element (in its variable slot); false when done. */
function iterNext(slot: u32): bool {
  const it = iteratorAt(slot);
  const kind = load<u32>(it);
  let cursor = load<u32>(it, 4);
  const end = load<u32>(it, 8);
  const variable = varAt(slot);
  if (kind == ITER_NODE_LIST) {
    if (cursor >= end || cursor >= tapeCount) return false;
    nodeValue(variable, cursor);
    store<u32>(it, rowEnd(cursor), 4);
    return true;
  }
  if (kind == ITER_NODE_MAP) {
    const owner = load<u32>(it, 12);
    while (cursor < end && cursor < tapeCount && !isFirstOccurrence(owner, cursor)) cursor = rowEnd(cursor);
    if (cursor >= end || cursor >= tapeCount) return false;
    setString(variable, keyAddress(cursor), rowKeyLength(cursor));
    store<u32>(it, rowEnd(cursor), 4);
    return true;
  }
  if (kind == ITER_LIST || kind == ITER_MAP) {
    if (cursor >= end) return false;
    const stride: usize = kind == ITER_LIST ? SLOT_BYTES : 2 * SLOT_BYTES;
    copyValue(variable, <usize>load<u32>(it, 16) + <usize>cursor * stride);
    store<u32>(it, cursor + 1, 4);
    return true;
  }
  abortEvaluation(EVAL_BAD_PROGRAM);
  return false;
}

/**
 * Drops what the loop of iterator `slot` built, leaves the error at `error`
 * (or a no-overload error for a non-bool predicate) as the comprehension's
 * result, and returns the exit target.
 */
function abandonLoop(slot: u32, error: usize): u32 {
  const it = iteratorAt(slot);
  const base = stackBottom + <usize>load<u32>(it, 20);
  if (base > sp || load<u32>(it) == ITER_NONE) {
    abortEvaluation(EVAL_BAD_PROGRAM);
    return 0;
  }
  if (tagOf(error) == TAG_ERROR) copyValue(base, error);
  else setError(base, EVAL_NO_MATCHING_OVERLOAD);
  sp = base + SLOT_BYTES;
  return load<u32>(it, 24);
}

/** Turns the values pushed since ITER_INIT into a list. */
function collect(slot: u32): void {
  const it = iteratorAt(slot);
  const base = stackBottom + <usize>load<u32>(it, 20);
  if (base > sp || load<u32>(it) == ITER_NONE) {
    abortEvaluation(EVAL_BAD_PROGRAM);
    return;
  }
  const count = <u32>((sp - base) / SLOT_BYTES);
  const items = scratchAlloc(count * <u32>SLOT_BYTES);
  if (items == 0 && count != 0) return;
  memory.copy(items, base, <usize>count * SLOT_BYTES);
  setValue(base, TAG_LIST, count, <u64>items);
  sp = base + SLOT_BYTES;
}
