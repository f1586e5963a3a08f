// CEL operators over VM values: equality, ordering, arithmetic, membership,
// field selection and indexing. Each writes its result (or a CEL error) over
// the left operand's slot. Errors of the operands are handled by the caller.

import { rowEnd } from "../tape";
import {
  EVAL_DIVIDE_BY_ZERO, EVAL_DUPLICATE_KEY, EVAL_INDEX_OUT_OF_RANGE, EVAL_NO_MATCHING_OVERLOAD, EVAL_NO_SUCH_KEY,
  EVAL_OVERFLOW, EVAL_STACK_LIMIT, OP_ADD, OP_DIV, OP_MOD, OP_MUL, OP_SUB,
} from "./layout";
import {
  NOT_FOUND, childAt, childCount, distinctKeyCount, findMember, hashKey, isFirstOccurrence, keyAddress, nodeValue,
} from "./nodes";
import { abortEvaluation, scratchAlloc } from "./state";
import { bytesEqual, compareBytes } from "./text";
import {
  SLOT_BYTES, TAG_BOOL, TAG_DOUBLE, TAG_ERROR, TAG_INT, TAG_LIST, TAG_MAP, TAG_NODE_LIST, TAG_NODE_MAP, TAG_NULL,
  TAG_OPTIONAL_NONE, TAG_OPTIONAL_SOME, TAG_STRING, TAG_UINT, addressOf, auxOf, bitsOf, copyValue, doubleOf,
  intOf, isNumeric, setBool, setDouble, setError, setInt, setString, setUint, setValue, tagOf, wordOf,
} from "./value";
import { rowKeyLength } from "../tape";

/** Spare slots above the stack top for nested comparisons (one pair per level). */
export let tempLimit: usize = 0;

export function setTempLimit(limit: usize): void {
  tempLimit = limit;
}

// ---- equality ----

/**
 * CEL equality of two non-error values. `temp` is free slot memory for the
 * elements of nested lists and maps (two slots per nesting level).
 */
export function valuesEqual(a: usize, b: usize, temp: usize): bool {
  const wordA = wordOf(a);
  const wordB = wordOf(b);
  const someA = (wordA & TAG_OPTIONAL_SOME) != 0;
  const someB = (wordB & TAG_OPTIONAL_SOME) != 0;
  if (someA || someB) {
    if (!(someA && someB)) return false;
    return valuesEqualUnwrapped(a, b, temp);
  }
  return valuesEqualUnwrapped(a, b, temp);
}

function valuesEqualUnwrapped(a: usize, b: usize, temp: usize): bool {
  const ta = tagOf(a);
  const tb = tagOf(b);
  if (isNumeric(ta)) return isNumeric(tb) && numbersEqual(a, ta, b, tb);
  switch (ta) {
    case TAG_NULL:
      return tb == TAG_NULL;
    case TAG_BOOL:
      return tb == TAG_BOOL && bitsOf(a) == bitsOf(b);
    case TAG_STRING:
      return tb == TAG_STRING && bytesEqual(addressOf(a), auxOf(a), addressOf(b), auxOf(b));
    case TAG_OPTIONAL_NONE:
      return tb == TAG_OPTIONAL_NONE;
    case TAG_NODE_LIST:
    case TAG_LIST:
      return (tb == TAG_NODE_LIST || tb == TAG_LIST) && listsEqual(a, b, temp);
    case TAG_NODE_MAP:
    case TAG_MAP:
      return (tb == TAG_NODE_MAP || tb == TAG_MAP) && mapsEqual(a, b, temp);
    default:
      return false;
  }
}

const TWO_63: f64 = 9223372036854775808.0;
const TWO_64: f64 = 18446744073709551616.0;

/** Exact numeric equality across int, uint and double. */
function numbersEqual(a: usize, ta: u32, b: usize, tb: u32): bool {
  if (ta == tb) {
    if (ta == TAG_DOUBLE) return doubleOf(a) == doubleOf(b);
    return bitsOf(a) == bitsOf(b);
  }
  if (ta == TAG_DOUBLE) return numbersEqual(b, tb, a, ta);
  if (tb == TAG_DOUBLE) {
    const d = doubleOf(b);
    if (d != Math.trunc(d)) return false;
    if (ta == TAG_INT) return d >= -TWO_63 && d < TWO_63 && <i64>d == intOf(a);
    return d >= 0 && d < TWO_64 && <u64>d == bitsOf(a);
  }
  // int against uint.
  const i = ta == TAG_INT ? intOf(a) : intOf(b);
  const u = ta == TAG_INT ? bitsOf(b) : bitsOf(a);
  return i >= 0 && <u64>i == u;
}

/** Size of a list value (node-backed or built). */
export function listSize(p: usize): u32 {
  return tagOf(p) == TAG_NODE_LIST ? childCount(<u32>bitsOf(p)) : auxOf(p);
}

/** Size of a map value: distinct keys of an object node, or entries of a built map. */
export function mapSize(p: usize): u32 {
  return tagOf(p) == TAG_NODE_MAP ? distinctKeyCount(<u32>bitsOf(p)) : auxOf(p);
}

function reserveTemp(temp: usize): bool {
  if (temp + 2 * SLOT_BYTES > tempLimit) {
    abortEvaluation(EVAL_STACK_LIMIT);
    return false;
  }
  return true;
}

function listsEqual(a: usize, b: usize, temp: usize): bool {
  const size = listSize(a);
  if (size != listSize(b)) return false;
  if (!reserveTemp(temp)) return false;
  const x = temp;
  const y = temp + SLOT_BYTES;
  const nested = temp + 2 * SLOT_BYTES;
  let childA: u32 = tagOf(a) == TAG_NODE_LIST ? <u32>bitsOf(a) + 1 : 0;
  let childB: u32 = tagOf(b) == TAG_NODE_LIST ? <u32>bitsOf(b) + 1 : 0;
  for (let i: u32 = 0; i < size; i++) {
    if (tagOf(a) == TAG_NODE_LIST) {
      nodeValue(x, childA);
      childA = rowEnd(childA);
    } else {
      copyValue(x, addressOf(a) + <usize>i * SLOT_BYTES);
    }
    if (tagOf(b) == TAG_NODE_LIST) {
      nodeValue(y, childB);
      childB = rowEnd(childB);
    } else {
      copyValue(y, addressOf(b) + <usize>i * SLOT_BYTES);
    }
    if (!valuesEqual(x, y, nested)) return false;
  }
  return true;
}

function mapsEqual(a: usize, b: usize, temp: usize): bool {
  if (mapSize(a) != mapSize(b)) return false;
  if (!reserveTemp(temp)) return false;
  const key = temp;
  const value = temp + SLOT_BYTES;
  const nested = temp + 2 * SLOT_BYTES;
  if (tagOf(a) == TAG_NODE_MAP) {
    const node = <u32>bitsOf(a);
    const end = rowEnd(node);
    let child = node + 1;
    while (child < end) {
      if (isFirstOccurrence(node, child)) {
        setString(key, keyAddress(child), rowKeyLength(child));
        nodeValue(value, findMember(node, keyAddress(child), rowKeyLength(child), hashKey(keyAddress(child), rowKeyLength(child))));
        if (!mapLookup(b, key, nested)) return false;
        // The lookup wrote b's value into `nested`; compare it one level deeper.
        if (!valuesEqual(value, nested, nested + SLOT_BYTES)) return false;
      }
      child = rowEnd(child);
    }
    return true;
  }
  const entries = auxOf(a);
  const items = addressOf(a);
  for (let i: u32 = 0; i < entries; i++) {
    const entry = items + <usize>i * 2 * SLOT_BYTES;
    if (!mapLookup(b, entry, nested)) return false;
    if (!valuesEqual(entry + SLOT_BYTES, nested, nested + SLOT_BYTES)) return false;
  }
  return true;
}

/**
 * Looks `key` up in map `map`; on success writes the value to `out` and
 * returns true. Object nodes only have string keys.
 */
export function mapLookup(map: usize, key: usize, out: usize): bool {
  if (tagOf(map) == TAG_NODE_MAP) {
    if (wordOf(key) != TAG_STRING) return false;
    const member = findMember(<u32>bitsOf(map), addressOf(key), auxOf(key), hashKey(addressOf(key), auxOf(key)));
    if (member == NOT_FOUND) return false;
    nodeValue(out, member);
    return true;
  }
  const entries = auxOf(map);
  const items = addressOf(map);
  for (let i: u32 = 0; i < entries; i++) {
    const entry = items + <usize>i * 2 * SLOT_BYTES;
    if (keysEqual(entry, key)) {
      copyValue(out, entry + SLOT_BYTES);
      return true;
    }
  }
  return false;
}

/** Map-key equality: strings by bytes, bools, and numbers by value. */
function keysEqual(a: usize, b: usize): bool {
  const ta = wordOf(a);
  const tb = wordOf(b);
  if (ta == TAG_STRING) return tb == TAG_STRING && bytesEqual(addressOf(a), auxOf(a), addressOf(b), auxOf(b));
  if (ta == TAG_BOOL) return tb == TAG_BOOL && bitsOf(a) == bitsOf(b);
  if (isNumeric(ta) && isNumeric(tb)) return numbersEqual(a, ta, b, tb);
  return false;
}

/** True for the key kinds a built map accepts: string, bool, int, uint and integral doubles. */
export function isMapKey(p: usize): bool {
  const word = wordOf(p);
  if (word == TAG_DOUBLE) {
    const d = doubleOf(p);
    return d == Math.trunc(d) && d - d == 0;
  }
  return word == TAG_STRING || word == TAG_BOOL || word == TAG_INT || word == TAG_UINT;
}

/** Returns EVAL_DUPLICATE_KEY when entry `entries - 1` repeats an earlier key, else 0. */
export function findDuplicateKey(items: usize, entries: u32): u32 {
  const last = items + <usize>(entries - 1) * 2 * SLOT_BYTES;
  for (let j: u32 = 0; j + 1 < entries; j++) {
    if (keysEqual(last, items + <usize>j * 2 * SLOT_BYTES)) return EVAL_DUPLICATE_KEY;
  }
  return 0;
}

/** True for the kinds `in` and `[]` accept as a map key: string, bool, int, uint, double. */
export function isKeyKind(p: usize): bool {
  const word = wordOf(p);
  return word == TAG_STRING || word == TAG_BOOL || word == TAG_INT || word == TAG_UINT || word == TAG_DOUBLE;
}

// ---- ordering ----

/** Result of compareValues when the pair has no order (a NaN). */
export const UNORDERED: i32 = 2;
/** Result of compareValues when CEL has no ordering for the kinds. */
export const NO_ORDER: i32 = 3;

/** -1, 0, 1, UNORDERED or NO_ORDER. An int or uint meets a double as a double. */
export function compareValues(a: usize, b: usize): i32 {
  const ta = wordOf(a);
  const tb = wordOf(b);
  if (isNumeric(ta) && isNumeric(tb)) {
    if (ta == TAG_DOUBLE || tb == TAG_DOUBLE) {
      const x = asDouble(a, ta);
      const y = asDouble(b, tb);
      if (isNaN(x) || isNaN(y)) return UNORDERED;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (ta == tb) {
      if (ta == TAG_INT) return intOf(a) < intOf(b) ? -1 : intOf(a) > intOf(b) ? 1 : 0;
      return bitsOf(a) < bitsOf(b) ? -1 : bitsOf(a) > bitsOf(b) ? 1 : 0;
    }
    if (ta == TAG_INT) {
      const i = intOf(a);
      if (i < 0) return -1;
      return <u64>i < bitsOf(b) ? -1 : <u64>i > bitsOf(b) ? 1 : 0;
    }
    const j = intOf(b);
    if (j < 0) return 1;
    return bitsOf(a) < <u64>j ? -1 : bitsOf(a) > <u64>j ? 1 : 0;
  }
  if (ta == TAG_STRING && tb == TAG_STRING) return compareBytes(addressOf(a), auxOf(a), addressOf(b), auxOf(b));
  if (ta == TAG_BOOL && tb == TAG_BOOL) return <i32>bitsOf(a) - <i32>bitsOf(b);
  return NO_ORDER;
}

export function asDouble(p: usize, tag: u32): f64 {
  if (tag == TAG_DOUBLE) return doubleOf(p);
  if (tag == TAG_INT) return <f64>intOf(p);
  return <f64>bitsOf(p);
}

// ---- arithmetic ----

const INT_MIN: i64 = -9223372036854775807 - 1;

/** Applies +, -, *, / or % to two non-error values, writing over `a`. */
export function arithmetic(op: u32, a: usize, b: usize, temp: usize): void {
  const ta = wordOf(a);
  const tb = wordOf(b);
  if (op == OP_ADD && (ta == TAG_LIST || ta == TAG_NODE_LIST)) {
    concatLists(a, b, temp);
    return;
  }
  if (ta != tb) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  if (ta == TAG_INT) {
    intArithmetic(op, a, intOf(a), intOf(b));
  } else if (ta == TAG_UINT) {
    uintArithmetic(op, a, bitsOf(a), bitsOf(b));
  } else if (ta == TAG_DOUBLE && op != OP_MOD) {
    const x = doubleOf(a);
    const y = doubleOf(b);
    setDouble(a, op == OP_ADD ? x + y : op == OP_SUB ? x - y : op == OP_MUL ? x * y : x / y);
  } else if (op == OP_ADD && ta == TAG_STRING) {
    concatStrings(a, b);
  } else {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
  }
}

function intArithmetic(op: u32, out: usize, x: i64, y: i64): void {
  let r: i64 = 0;
  switch (op) {
    case OP_ADD:
      r = x + y;
      if (((x ^ r) & (y ^ r)) < 0) {
        setError(out, EVAL_OVERFLOW);
        return;
      }
      break;
    case OP_SUB:
      r = x - y;
      if (((x ^ y) & (x ^ r)) < 0) {
        setError(out, EVAL_OVERFLOW);
        return;
      }
      break;
    case OP_MUL:
      r = x * y;
      if ((x == -1 && y == INT_MIN) || (y == -1 && x == INT_MIN) || (x != 0 && x != -1 && r / x != y)) {
        setError(out, EVAL_OVERFLOW);
        return;
      }
      break;
    case OP_DIV:
    case OP_MOD:
      if (y == 0) {
        setError(out, EVAL_DIVIDE_BY_ZERO);
        return;
      }
      if (x == INT_MIN && y == -1) {
        setError(out, EVAL_OVERFLOW);
        return;
      }
      r = op == OP_DIV ? x / y : x % y;
      break;
  }
  setInt(out, r);
}

function uintArithmetic(op: u32, out: usize, x: u64, y: u64): void {
  let r: u64 = 0;
  switch (op) {
    case OP_ADD:
      r = x + y;
      if (r < x) {
        setError(out, EVAL_OVERFLOW);
        return;
      }
      break;
    case OP_SUB:
      if (y > x) {
        setError(out, EVAL_OVERFLOW);
        return;
      }
      r = x - y;
      break;
    case OP_MUL:
      r = x * y;
      if (x != 0 && r / x != y) {
        setError(out, EVAL_OVERFLOW);
        return;
      }
      break;
    case OP_DIV:
    case OP_MOD:
      if (y == 0) {
        setError(out, EVAL_DIVIDE_BY_ZERO);
        return;
      }
      r = op == OP_DIV ? x / y : x % y;
      break;
  }
  setUint(out, r);
}

function concatStrings(a: usize, b: usize): void {
  const lengthA = auxOf(a);
  const lengthB = auxOf(b);
  if (lengthB == 0) return;
  if (lengthA == 0) {
    copyValue(a, b);
    return;
  }
  const out = scratchAlloc(lengthA + lengthB);
  if (out == 0) return;
  memory.copy(out, addressOf(a), lengthA);
  memory.copy(out + lengthA, addressOf(b), lengthB);
  setString(a, out, lengthA + lengthB);
}

function concatLists(a: usize, b: usize, temp: usize): void {
  const tb = wordOf(b);
  if (tb != TAG_LIST && tb != TAG_NODE_LIST) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  const sizeA = listSize(a);
  const sizeB = listSize(b);
  const out = scratchAlloc((sizeA + sizeB) * <u32>SLOT_BYTES);
  if (out == 0) return;
  copyListInto(out, a);
  copyListInto(out + <usize>sizeA * SLOT_BYTES, b);
  void temp;
  setValue(a, TAG_LIST, sizeA + sizeB, <u64>out);
}

/** Writes the elements of a list value as slots at `out`. */
export function copyListInto(out: usize, list: usize): void {
  const size = listSize(list);
  if (tagOf(list) == TAG_LIST) {
    memory.copy(out, addressOf(list), <usize>size * SLOT_BYTES);
    return;
  }
  const node = <u32>bitsOf(list);
  const end = rowEnd(node);
  let child = node + 1;
  let at = out;
  while (child < end) {
    nodeValue(at, child);
    at += SLOT_BYTES;
    child = rowEnd(child);
  }
}

/** Unary minus over a non-error value, writing over it. */
export function negate(p: usize): void {
  const tag = wordOf(p);
  if (tag == TAG_INT) {
    const x = intOf(p);
    if (x == INT_MIN) setError(p, EVAL_OVERFLOW);
    else setInt(p, -x);
  } else if (tag == TAG_DOUBLE) {
    setDouble(p, -doubleOf(p));
  } else {
    setError(p, EVAL_NO_MATCHING_OVERLOAD);
  }
}

// ---- membership, selection and indexing ----

/** `element in container`, writing over `element`. */
export function membership(element: usize, container: usize, temp: usize): void {
  const tag = wordOf(container);
  if (tag == TAG_NODE_LIST || tag == TAG_LIST) {
    const found = listContains(container, element, temp);
    setBool(element, found);
  } else if (tag == TAG_NODE_MAP || tag == TAG_MAP) {
    if (!isKeyKind(element)) setError(element, EVAL_NO_MATCHING_OVERLOAD);
    else setBool(element, mapLookup(container, element, temp));
  } else {
    setError(element, EVAL_NO_MATCHING_OVERLOAD);
  }
}

function listContains(list: usize, element: usize, temp: usize): bool {
  if (!reserveTemp(temp)) return false;
  const size = listSize(list);
  if (tagOf(list) == TAG_LIST) {
    const items = addressOf(list);
    for (let i: u32 = 0; i < size; i++) {
      if (valuesEqual(items + <usize>i * SLOT_BYTES, element, temp)) return true;
    }
    return false;
  }
  const node = <u32>bitsOf(list);
  const end = rowEnd(node);
  let child = node + 1;
  while (child < end) {
    nodeValue(temp, child);
    if (valuesEqual(temp, element, temp + SLOT_BYTES)) return true;
    child = rowEnd(child);
  }
  return false;
}

/**
 * `container[key]` over non-error operands, writing over `container`. With
 * `optional` (`a[?b]`), a missing key or index gives `optional.none()`
 * instead of an error. Indexing an optional indexes its value and wraps the
 * result.
 */
export function indexValue(container: usize, key: usize, optional: bool, temp: usize): void {
  const word = wordOf(container);
  if (word == TAG_OPTIONAL_NONE) return;
  let wrap = optional;
  if ((word & TAG_OPTIONAL_SOME) != 0) {
    store<u32>(container, word & 0xff);
    wrap = true;
  }
  const tag = wordOf(container);
  if (tag == TAG_NODE_LIST || tag == TAG_LIST) {
    const keyTag = wordOf(key);
    let position: i64 = -1;
    if (keyTag == TAG_INT) {
      position = intOf(key);
    } else if (keyTag == TAG_UINT) {
      position = bitsOf(key) > 0x7fffffff ? <i64>0x7fffffff : <i64>bitsOf(key);
    } else if (keyTag == TAG_DOUBLE && isFinite(doubleOf(key)) && doubleOf(key) == Math.trunc(doubleOf(key))) {
      const d = doubleOf(key);
      position = d < 0 ? -1 : d >= 2147483648.0 ? <i64>0x7fffffff : <i64>d;
    } else {
      setError(container, EVAL_NO_MATCHING_OVERLOAD);
      return;
    }
    const size = listSize(container);
    if (position < 0 || position >= <i64>size) {
      if (optional) setValue(container, TAG_OPTIONAL_NONE, 0, 0);
      else setError(container, EVAL_INDEX_OUT_OF_RANGE);
      return;
    }
    if (tag == TAG_LIST) {
      copyValue(container, addressOf(container) + <usize>position * SLOT_BYTES);
    } else {
      nodeValue(container, childAt(<u32>bitsOf(container), <u32>position));
    }
    if (wrap) wrapSome(container);
    return;
  }
  if (tag == TAG_NODE_MAP || tag == TAG_MAP) {
    if (!isKeyKind(key)) {
      setError(container, EVAL_NO_MATCHING_OVERLOAD);
    } else if (mapLookup(container, key, temp)) {
      copyValue(container, temp);
      if (wrap) wrapSome(container);
    } else if (optional) {
      setValue(container, TAG_OPTIONAL_NONE, 0, 0);
    } else {
      setError(container, EVAL_NO_SUCH_KEY);
    }
    return;
  }
  setError(container, EVAL_NO_MATCHING_OVERLOAD);
}

/** Marks a value as `optional.of(value)`; an optional stays as it is. */
export function wrapSome(p: usize): void {
  const word = wordOf(p);
  if (word == TAG_OPTIONAL_NONE || (word & TAG_OPTIONAL_SOME) != 0) return;
  store<u32>(p, word | TAG_OPTIONAL_SOME);
}

/**
 * `operand.field` (mode 0), `has(operand.field)` (mode 1) or
 * `operand.?field` (mode 2) over a non-error operand, writing over it.
 * Selecting from an optional selects from its value and wraps the result;
 * `has` on anything but a map is false, and `.?` on it is none.
 */
export function selectField(p: usize, name: usize, length: u32, hash: u32, mode: u32): void {
  const word = wordOf(p);
  let wrap = mode == 2;
  if (mode != 1) {
    if (word == TAG_OPTIONAL_NONE) return;
    if ((word & TAG_OPTIONAL_SOME) != 0) {
      store<u32>(p, word & 0xff);
      wrap = true;
    }
  }
  const tag = wordOf(p);
  let found = false;
  if (tag == TAG_NODE_MAP) {
    const member = findMember(<u32>bitsOf(p), name, length, hash);
    found = member != NOT_FOUND;
    if (found && mode != 1) nodeValue(p, member);
  } else if (tag == TAG_MAP) {
    const entries = auxOf(p);
    const items = addressOf(p);
    for (let i: u32 = 0; i < entries; i++) {
      const entry = items + <usize>i * 2 * SLOT_BYTES;
      if (wordOf(entry) == TAG_STRING && bytesEqual(addressOf(entry), auxOf(entry), name, length)) {
        found = true;
        if (mode != 1) copyValue(p, entry + SLOT_BYTES);
        break;
      }
    }
  }
  if (mode == 1) {
    setBool(p, found);
  } else if (found) {
    if (wrap) wrapSome(p);
  } else if (mode == 2) {
    setValue(p, TAG_OPTIONAL_NONE, 0, 0);
  } else {
    setError(p, EVAL_NO_SUCH_KEY);
  }
}

export function isErrorTag(p: usize): bool {
  return tagOf(p) == TAG_ERROR;
}
