// YAML, the subset configuration files use, flattened straight from bytes
// into the node table with the same rows as the `yaml`-package path
// (src/formats/yaml.ts and yaml-tape.ts). One call reads one document of a
// stream. There is no recursion, because block and flow collections live on
// the container stack of common.ts plus a parallel frame stack here.
//
// The fast subset: block mappings and sequences (compact `- key: v`, and
// sequences at their parent key's indentation), plain, single- and
// double-quoted scalars (multi-line too), literal and folded block scalars
// with chomping and indentation indicators, flow sequences and mappings,
// comments, `---` and `...`. Everything else returns ERR_YAML_FALLBACK and
// the host parses the whole file with the `yaml` package: tags, anchors,
// aliases, `?` keys, directives, `<<`, duplicate keys, tabs as indentation,
// lone CR line breaks, control characters, keys that are not strings or
// canonical integers, and every shape this file is unsure of.

import { ERR_INVALID_UTF8, ERR_OUT_OF_MEMORY, ERR_YAML_FALLBACK, OK } from "../errors";
import { Block, documentBlock, ensureCapacity } from "../memory";
import {
  FLAG_DEFERRED_NUMBER, FLAG_INDEXED, FLAG_INT, KIND_ARRAY, KIND_BOOL, KIND_NULL, KIND_NUMBER,
  KIND_OBJECT, KIND_STRING, rowEnd, rowKeyHash, rowKeyLength, rowKeyOffset,
} from "../tape";
import {
  APOSTROPHE, CR, HASH, LF, QUOTE, SPACE, TAB, addNode, begin, byteAt, closeContainer, countDeferred,
  cursorColumn, cursorLine, fail, failure, finish, locate, openContainer, seekCursor, src, srcEnd,
  topRow, validateDocument,
} from "./common";
import {
  isDocumentMarker, quotedEnd, quotedLength, quotedOffset, scanQuoted, textBegin, textByte, textCopy,
  textEnd, textRepeat, typePlain, typedFlags, typedKind, typedNumber,
} from "./yaml-scalar";

/** YAML limits implicit keys to 1024 characters; longer ones go to the `yaml` package. */
const MAX_IMPLICIT_KEY_BYTES: u32 = 1024;

/** Mappings with more members than this are checked for duplicates with a hash set. */
const PAIRWISE_DUPLICATE_LIMIT: u32 = 16;

const FRAME_MAP: u32 = 1;
const FRAME_SEQ: u32 = 2;
const FRAME_FLOW_SEQ: u32 = 3;
const FRAME_FLOW_MAP: u32 = 4;

// Results of the last call, read by the host.
let nextStart: u32 = 0;
let documentEmpty: bool = true;
let documentPresent: bool = false;
let streamChecked: i32 = OK;

// Where the cursor stood at `nextStart`, so the next document does not recount lines.
let resumeOffset: u32 = 0;
let resumeLine: u32 = 1;
let resumeColumn: u32 = 1;

let parseFlags: u32 = 0;

/** Offset of the next document (or the stream length) after `flatten_yaml`. */
export function yamlNextStart(): u32 {
  return nextStart;
}

/** Whether the last document had no content (no table was written). */
export function yamlDocumentEmpty(): bool {
  return documentEmpty;
}

/** Tells whether the last call found a document; a tail of comments after `...` is not one. */
export function yamlDocumentPresent(): bool {
  return documentPresent;
}

// ---------------------------------------------------------------------------
// Frames parallel to common.ts's container stack: kind and indentation.

const frames = new Block();
let frameCount: u32 = 0;

@inline function frameKind(): u32 {
  return load<u32>(frames.ptr + (<usize>(frameCount - 1) << 3));
}

@inline function frameIndent(): i32 {
  return load<i32>(frames.ptr + (<usize>(frameCount - 1) << 3), 4);
}

function openFrame(kind: u32, frame: u32, indent: i32, at: u32): i32 {
  const row = addNode(kind, nodeFlags, nodeKeyOffset, nodeKeyLength, 0, 0, nodeAt, 0);
  if (row < 0) return failure();
  const status = openContainer(<u32>row, at);
  if (status != OK) return status;
  if (ensureCapacity(frames, (<usize>frameCount + 1) << 3, true) != OK) return fail(ERR_OUT_OF_MEMORY, at);
  const address = frames.ptr + (<usize>frameCount << 3);
  store<u32>(address, frame);
  store<i32>(address, indent, 4);
  frameCount++;
  return OK;
}

function closeFrame(at: u32): i32 {
  const kind = frameKind();
  const row = topRow();
  closeContainer();
  frameCount--;
  if ((kind == FRAME_MAP || kind == FRAME_FLOW_MAP) && hasDuplicateKeys(row)) return fail(ERR_YAML_FALLBACK, at);
  return OK;
}

// The identity of the next node: key or index flag, and its source position.
let nodeFlags: u32 = 0;
let nodeKeyOffset: u32 = 0;
let nodeKeyLength: u32 = 0;
let nodeAt: u32 = 0;

function emit(kind: u32, flags: u32, valueOffset: u32, valueLength: u32, number: f64): i32 {
  if (flags & FLAG_DEFERRED_NUMBER) countDeferred();
  const row = addNode(kind, flags | nodeFlags, nodeKeyOffset, nodeKeyLength, valueOffset, valueLength, nodeAt, number);
  return row < 0 ? failure() : OK;
}

function emitPlain(offset: u32, length: u32): i32 {
  typePlain(offset, length, parseFlags);
  return emit(typedKind, typedFlags, offset, length, typedNumber);
}

// ---------------------------------------------------------------------------
// Duplicate keys: the `yaml` path keeps both and reports them, so the core
// leaves such documents to it.

const keySet = new Block();

function sameKey(a: u32, b: u32): bool {
  if (rowKeyHash(a) != rowKeyHash(b)) return false;
  const n = rowKeyLength(a);
  if (n != rowKeyLength(b)) return false;
  return memory.compare(src + <usize>rowKeyOffset(a), src + <usize>rowKeyOffset(b), <usize>n) == 0;
}

function hasDuplicateKeys(row: u32): bool {
  const end = rowEnd(row);
  let count: u32 = 0;
  for (let c = row + 1; c < end; c = rowEnd(c)) count++;
  if (count < 2) return false;

  if (count <= PAIRWISE_DUPLICATE_LIMIT) {
    for (let a = row + 1; a < end; a = rowEnd(a)) {
      for (let b = rowEnd(a); b < end; b = rowEnd(b)) {
        if (sameKey(a, b)) return true;
      }
    }
    return false;
  }

  // Open addressing over row indexes + 1 (0 marks an empty slot).
  let capacity: u32 = 64;
  while (capacity < count * 2) capacity <<= 1;
  if (ensureCapacity(keySet, <usize>capacity << 2, false) != OK) return true;
  memory.fill(keySet.ptr, 0, <usize>capacity << 2);
  const mask = capacity - 1;
  for (let c = row + 1; c < end; c = rowEnd(c)) {
    let slot = rowKeyHash(c) & mask;
    while (true) {
      const address = keySet.ptr + (<usize>slot << 2);
      const held = load<u32>(address);
      if (held == 0) {
        store<u32>(address, c + 1);
        break;
      }
      if (sameKey(held - 1, c)) return true;
      slot = (slot + 1) & mask;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// Lines.

@inline function isBreak(b: u32): bool {
  return b == LF || b == CR;
}

@inline function isBlank(b: u32): bool {
  return b == SPACE || b == TAB;
}

/** Whether `i` ends a token: a blank, a line break or the end. */
@inline function endsToken(i: u32): bool {
  return i >= srcEnd || isBlank(byteAt(i)) || isBreak(byteAt(i));
}

function lineEndAt(i: u32): u32 {
  const end = srcEnd;
  while (i < end && !isBreak(byteAt(i))) i++;
  return i;
}

function nextLine(i: u32): u32 {
  i = lineEndAt(i);
  if (i >= srcEnd) return srcEnd;
  if (byteAt(i) == CR && i + 1 < srcEnd && byteAt(i + 1) == LF) return i + 2;
  return i + 1;
}

/** Whether the rest of the line from `i` is blanks and an optional comment after a blank. */
function restIsEmpty(i: u32): bool {
  const start = i;
  while (i < srcEnd && isBlank(byteAt(i))) i++;
  if (i >= srcEnd || isBreak(byteAt(i))) return true;
  return byteAt(i) == HASH && (i > start || i == 0 || isBlank(byteAt(i - 1)));
}

/** First line at or after `line` with content (not blank, not only a comment). */
function skipEmptyLines(line: u32): u32 {
  while (line < srcEnd) {
    let i = line;
    while (i < srcEnd && isBlank(byteAt(i))) i++;
    if (i < srcEnd && !isBreak(byteAt(i)) && byteAt(i) != HASH) return line;
    line = nextLine(line);
  }
  return srcEnd;
}

@inline function isSeqEntry(p: u32): bool {
  return byteAt(p) == 0x2d && (p + 1 >= srcEnd || isBlank(byteAt(p + 1)) || isBreak(byteAt(p + 1)));
}

// ---------------------------------------------------------------------------
// The document.

let lineStart: u32 = 0;
let resume: u32 = 0;

// A node whose value starts on a later line: after `key:` or a bare `-`.
const PENDING_NONE: u32 = 0;
const PENDING_KEY: u32 = 1;
const PENDING_ITEM: u32 = 2;
let pendingKind: u32 = PENDING_NONE;
let pendingKeyOffset: u32 = 0;
let pendingKeyLength: u32 = 0;
let pendingAt: u32 = 0;
let pendingIndent: i32 = 0;

export function flattenYaml(length: u32, start: u32, flags: u32): i32 {
  // Escapes such as `\L` decode to more bytes than they take, so the heap gets 1.5x the source.
  if (ensureCapacity(documentBlock, (<usize>length << 1) + (<usize>length) + 16, true) != OK) return ERR_OUT_OF_MEMORY;
  begin(length);
  if (start == resumeOffset && start > 0) seekCursor(resumeOffset, resumeLine, resumeColumn);
  parseFlags = flags;
  frameCount = 0;
  pendingKind = PENDING_NONE;
  nextStart = length;
  documentEmpty = true;
  documentPresent = false;

  if (start == 0) streamChecked = checkStream();
  if (streamChecked != OK) return finish(fail(streamChecked, 0));

  const status = finish(parseDocument(start));
  if (status == OK) {
    locate(nextStart);
    resumeOffset = nextStart;
    resumeLine = cursorLine;
    resumeColumn = cursorColumn;
  } else {
    resumeOffset = 0;
  }
  return status;
}

/**
 * One pass over the stream: valid UTF-8, and none of the bytes the `yaml`
 * package treats in ways the core does not reproduce (control characters,
 * lone CR, NEL and the other C1 controls, U+2028/2029 and BOMs inside).
 */
function checkStream(): i32 {
  if (validateDocument() != OK) return ERR_INVALID_UTF8;
  const end = srcEnd;
  for (let i: u32 = 0; i < end; i++) {
    const b = byteAt(i);
    if (b >= 0x20 && b < 0x7f) continue;
    if (b == LF || b == TAB) continue;
    if (b == CR) {
      if (i + 1 < end && byteAt(i + 1) == LF) continue;
      return ERR_YAML_FALLBACK;
    }
    if (b < 0x20 || b == 0x7f) return ERR_YAML_FALLBACK;
    if (b == 0xc2 && i + 1 < end && byteAt(i + 1) < 0xa0) return ERR_YAML_FALLBACK;
    if (b == 0xe2 && i + 2 < end && byteAt(i + 1) == 0x80 && (byteAt(i + 2) == 0xa8 || byteAt(i + 2) == 0xa9)) return ERR_YAML_FALLBACK;
    if (b == 0xef && i + 2 < end && byteAt(i + 1) == 0xbb && byteAt(i + 2) == 0xbf) return ERR_YAML_FALLBACK;
  }
  return OK;
}

function parseDocument(start: u32): i32 {
  // 1. Prelude: comments, then an optional `---` whose line contains nothing else.
  let line = skipEmptyLines(start);
  if (line >= srcEnd) return OK;
  if (byteAt(line) == 0x25) return fail(ERR_YAML_FALLBACK, line);
  documentPresent = true;
  if (isDocumentMarker(line)) {
    if (byteAt(line) == 0x2e) return fail(ERR_YAML_FALLBACK, line);
    if (!restIsEmpty(line + 3)) return fail(ERR_YAML_FALLBACK, line);
    line = skipEmptyLines(nextLine(line));
  }

  // 2. The body, up to the next marker.
  const status = parseBody(line);
  if (status != OK) return status;
  line = resume;

  // 3. The end: `...` closes the document, `---` starts the next one.
  if (line < srcEnd && byteAt(line) == 0x2e) {
    if (!restIsEmpty(line + 3)) return fail(ERR_YAML_FALLBACK, line);
    nextStart = skipEmptyLines(nextLine(line));
  } else {
    nextStart = line;
  }
  return OK;
}

function parseBody(first: u32): i32 {
  let line = first;
  let rootDone = false;
  let status = OK;

  while (true) {
    line = skipEmptyLines(line);
    if (line >= srcEnd || (isDocumentMarker(line))) break;
    if (byteAt(line) == 0x25) return fail(ERR_YAML_FALLBACK, line);

    let p = line;
    while (p < srcEnd && byteAt(p) == SPACE) p++;
    if (byteAt(p) == TAB) return fail(ERR_YAML_FALLBACK, p);
    const n = <i32>(p - line);
    lineStart = line;

    // 1. A value left open on an earlier line starts here, or was null.
    if (pendingKind != PENDING_NONE) {
      const take = n > pendingIndent || (pendingKind == PENDING_KEY && n == pendingIndent && isSeqEntry(p));
      nodeFlags = pendingKind == PENDING_ITEM ? FLAG_INDEXED : 0;
      nodeKeyOffset = pendingKeyOffset;
      nodeKeyLength = pendingKeyLength;
      const parent = pendingIndent;
      pendingKind = PENDING_NONE;
      if (take) {
        if (nodeFlags != 0) nodeAt = p;
        else nodeAt = pendingAt;
        status = startNode(p, parent, true);
        if (status != OK) return status;
        line = resume;
        continue;
      }
      nodeAt = pendingAt;
      status = emit(KIND_NULL, 0, 0, 0, 0);
      if (status != OK) return status;
    }

    // 2. Lines indented less than open collections close them.
    while (frameCount > 0 && frameIndent() > n) {
      status = closeFrame(p);
      if (status != OK) return status;
    }
    if (frameCount > 1 && frameKind() == FRAME_SEQ && frameIndent() == n && !isSeqEntry(p)) {
      status = closeFrame(p);
      if (status != OK) return status;
    }

    // 3. The root, or the next entry of the innermost collection.
    if (frameCount == 0) {
      if (rootDone) return fail(ERR_YAML_FALLBACK, p);
      rootDone = true;
      documentEmpty = false;
      nodeFlags = 0;
      nodeKeyOffset = 0;
      nodeKeyLength = 0;
      nodeAt = p;
      status = startNode(p, -1, true);
    } else if (frameIndent() != n) {
      return fail(ERR_YAML_FALLBACK, p);
    } else if (frameKind() == FRAME_MAP) {
      status = mapEntry(p, false);
    } else if (isSeqEntry(p)) {
      status = seqItem(p);
    } else {
      return fail(ERR_YAML_FALLBACK, p);
    }
    if (status != OK) return status;
    line = resume;
  }

  // 4. The end of the body closes everything.
  resume = line;
  if (pendingKind != PENDING_NONE) {
    nodeFlags = pendingKind == PENDING_ITEM ? FLAG_INDEXED : 0;
    nodeKeyOffset = pendingKeyOffset;
    nodeKeyLength = pendingKeyLength;
    nodeAt = pendingAt;
    pendingKind = PENDING_NONE;
    status = emit(KIND_NULL, 0, 0, 0, 0);
    if (status != OK) return status;
  }
  while (frameCount > 0) {
    status = closeFrame(line);
    if (status != OK) return status;
  }
  return OK;
}

/**
 * Reads the node that starts at `p` with the current identity. `ownLine`
 * allows block collections (false for a value on its key's line).
 */
function startNode(p: u32, parentIndent: i32, ownLine: bool): i32 {
  // Compact nesting (`- - - x`) loops here rather than recursing through seqItem.
  while (true) {
    if (isSeqEntry(p)) {
      if (!ownLine) return fail(ERR_YAML_FALLBACK, p);
      const status = openFrame(KIND_ARRAY, FRAME_SEQ, <i32>(p - lineStart), p);
      if (status != OK) return status;
      const q = itemContent(p);
      if (q < 0) return failure();
      if (<u32>q == srcEnd + 1) return OK;
      parentIndent = frameIndent();
      nodeAt = <u32>q;
      p = <u32>q;
      continue;
    }
    if (scanKey(p)) {
      if (!ownLine) return fail(ERR_YAML_FALLBACK, p);
      if (keyStatus != OK) return keyStatus;
      const status = openFrame(KIND_OBJECT, FRAME_MAP, <i32>(p - lineStart), p);
      if (status != OK) return status;
      return mapEntry(p, true);
    }
    if (keyStatus != OK) return keyStatus;
    return scalarOrFlow(p, parentIndent);
  }
}

/** A `-` entry of the innermost sequence; `p` is at the dash. */
function seqItem(p: u32): i32 {
  const q = itemContent(p);
  if (q < 0) return failure();
  if (<u32>q == srcEnd + 1) return OK;
  nodeAt = <u32>q;
  return startNode(<u32>q, frameIndent(), true);
}

/**
 * Sets the identity of the item after the dash at `p` and returns where its
 * content starts, srcEnd + 1 when it starts on a later line (the item is
 * left pending), or -1 with the failure recorded.
 */
function itemContent(p: u32): i64 {
  let q = p + 1;
  while (q < srcEnd && byteAt(q) == SPACE) q++;
  if (q < srcEnd && byteAt(q) == TAB) {
    fail(ERR_YAML_FALLBACK, q);
    return -1;
  }
  nodeFlags = FLAG_INDEXED;
  nodeKeyOffset = 0;
  nodeKeyLength = 0;
  if (restIsEmpty(q)) {
    pendingKind = PENDING_ITEM;
    pendingKeyOffset = 0;
    pendingKeyLength = 0;
    pendingAt = q;
    pendingIndent = frameIndent();
    resume = nextLine(q);
    return <i64>srcEnd + 1;
  }
  return <i64>q;
}

/** A `key: value` entry of the innermost mapping; `p` is at the key, already scanned when `scanned`. */
function mapEntry(p: u32, scanned: bool): i32 {
  if (!scanned && !scanKey(p)) return keyStatus != OK ? keyStatus : fail(ERR_YAML_FALLBACK, p);
  if (keyStatus != OK) return keyStatus;
  const indent = frameIndent();
  nodeFlags = 0;
  nodeKeyOffset = keyOffset;
  nodeKeyLength = keyLength;
  nodeAt = p;

  let q = keyColon + 1;
  while (q < srcEnd && isBlank(byteAt(q))) q++;
  if (restIsEmpty(q)) {
    pendingKind = PENDING_KEY;
    pendingKeyOffset = keyOffset;
    pendingKeyLength = keyLength;
    pendingAt = p;
    pendingIndent = indent;
    resume = nextLine(q);
    return OK;
  }
  return startNode(q, indent, false);
}

// Results of scanKey: the decoded key and the offset of its colon.
let keyOffset: u32 = 0;
let keyLength: u32 = 0;
let keyColon: u32 = 0;
let keyStatus: i32 = OK;

/**
 * Whether the line at `p` is `key: ...` with a plain or quoted single-line
 * key. Sets keyStatus to a fallback when it is a key the core does not take.
 */
function scanKey(p: u32): bool {
  keyStatus = OK;
  const first = byteAt(p);
  const end = lineEndAt(p);

  if (first == QUOTE || first == APOSTROPHE) {
    // A quoted key closes on its own line; otherwise this is a quoted value.
    let i = p + 1;
    while (i < end) {
      const b = byteAt(i);
      if (first == QUOTE && b == 0x5c) {
        i += 2;
        continue;
      }
      if (b == first) {
        if (first == APOSTROPHE && i + 1 < end && byteAt(i + 1) == APOSTROPHE) {
          i += 2;
          continue;
        }
        break;
      }
      i++;
    }
    if (i >= end) return false;
    let c = i + 1;
    while (c < end && isBlank(byteAt(c))) c++;
    if (c >= end || byteAt(c) != 0x3a || !endsToken(c + 1)) return false;
    keyStatus = scanQuoted(p, -1, false);
    keyOffset = quotedOffset;
    keyLength = quotedLength;
    keyColon = c;
    if (keyStatus == OK && keyLength > MAX_IMPLICIT_KEY_BYTES) keyStatus = fail(ERR_YAML_FALLBACK, p);
    return true;
  }

  if (!isPlainStart(p)) return false;
  let i = p;
  while (i < end) {
    const b = byteAt(i);
    if (b == 0x3a && endsToken(i + 1)) break;
    if (b == HASH && i > p && isBlank(byteAt(i - 1))) return false;
    i++;
  }
  if (i >= end) return false;
  let keyEnd = i;
  while (keyEnd > p && isBlank(byteAt(keyEnd - 1))) keyEnd--;
  keyOffset = p;
  keyLength = keyEnd - p;
  keyColon = i;
  if (keyLength > MAX_IMPLICIT_KEY_BYTES) {
    keyStatus = fail(ERR_YAML_FALLBACK, p);
    return true;
  }
  if (keyLength == 2 && byteAt(p) == 0x3c && byteAt(p + 1) == 0x3c) {
    keyStatus = fail(ERR_YAML_FALLBACK, p);
    return true;
  }

  // The `yaml` path prints typed keys with String(value); keep only keys whose text is that string.
  typePlain(p, keyLength, parseFlags);
  if (typedKind == KIND_STRING) return true;
  if (typedKind == KIND_BOOL && (isWord(p, keyLength, "true") || isWord(p, keyLength, "false"))) return true;
  if (typedKind == KIND_NUMBER && (typedFlags & (FLAG_INT | FLAG_DEFERRED_NUMBER)) == FLAG_INT && isCanonicalInt(p, keyLength)) return true;
  keyStatus = fail(ERR_YAML_FALLBACK, p);
  return true;
}

function isWord(offset: u32, length: u32, word: string): bool {
  if (length != <u32>word.length) return false;
  for (let k: u32 = 0; k < length; k++) {
    if (byteAt(offset + k) != <u32>word.charCodeAt(<i32>k)) return false;
  }
  return true;
}

function isCanonicalInt(offset: u32, length: u32): bool {
  let i: u32 = 0;
  if (byteAt(offset) == 0x2b) return false;
  if (byteAt(offset) == 0x2d) i = 1;
  if (byteAt(offset + i) == 0x30) return length == 1;
  return true;
}

/** Whether a plain scalar may start at `p` (block context). */
function isPlainStart(p: u32): bool {
  const b = byteAt(p);
  if (b == 0x2d || b == 0x3f || b == 0x3a) return !endsToken(p + 1);
  switch (b) {
    case 0x2c: case 0x5b: case 0x5d: case 0x7b: case 0x7d: case HASH: case 0x26: case 0x2a:
    case 0x21: case 0x7c: case 0x3e: case APOSTROPHE: case QUOTE: case 0x25: case 0x40: case 0x60:
      return false;
    default:
      return true;
  }
}

/** A scalar or a flow collection at `p`, as the value of the current node. */
function scalarOrFlow(p: u32, parentIndent: i32): i32 {
  const b = byteAt(p);
  if (b == QUOTE || b == APOSTROPHE) {
    const status = scanQuoted(p, parentIndent, true);
    if (status != OK) return status;
    if (!restIsEmpty(quotedEnd)) return fail(ERR_YAML_FALLBACK, quotedEnd);
    resume = nextLine(quotedEnd);
    return emit(KIND_STRING, 0, quotedOffset, quotedLength, 0);
  }
  if (b == 0x5b || b == 0x7b) return parseFlow(p, parentIndent);
  if (b == 0x7c || b == 0x3e) {
    if (parentIndent < 0) return fail(ERR_YAML_FALLBACK, p);
    return blockScalar(p, parentIndent);
  }
  if (!isPlainStart(p)) return fail(ERR_YAML_FALLBACK, p);
  return plainScalar(p, parentIndent);
}

// ---------------------------------------------------------------------------
// Plain scalars in block context, folded over continuation lines.

function plainScalar(p: u32, parentIndent: i32): i32 {
  // 1. The first line, up to a comment.
  const end = lineEndAt(p);
  let i = p;
  let last = p;
  let commented = false;
  while (i < end) {
    const b = byteAt(i);
    if (b == 0x3a && endsToken(i + 1)) return fail(ERR_YAML_FALLBACK, i);
    if (b == HASH && i > p && isBlank(byteAt(i - 1))) {
      commented = true;
      break;
    }
    if (!isBlank(b)) last = i + 1;
    i++;
  }

  // 2. Continuation lines indented past the parent, until a comment or less indentation.
  let offset = p;
  let length = last - p;
  let folded = false;
  let line = nextLine(end);
  resume = line;
  while (!commented && line < srcEnd) {
    let empty: u32 = 0;
    let content = line;
    let spaces: u32 = 0;
    while (line < srcEnd) {
      spaces = 0;
      while (line + spaces < srcEnd && byteAt(line + spaces) == SPACE) spaces++;
      content = line + spaces;
      while (content < srcEnd && isBlank(byteAt(content))) content++;
      if (content < srcEnd && !isBreak(byteAt(content))) break;
      empty++;
      line = nextLine(line);
    }
    if (line >= srcEnd) break;
    if (<i32>spaces <= parentIndent || isDocumentMarker(line)) break;
    if (byteAt(content) == HASH) break;
    if (content != line + spaces && spaces == 0) return fail(ERR_YAML_FALLBACK, line);

    const lineEnd = lineEndAt(content);
    let j = content;
    let lineLast = content;
    while (j < lineEnd) {
      const b = byteAt(j);
      if (b == 0x3a && endsToken(j + 1)) return fail(ERR_YAML_FALLBACK, j);
      if (b == HASH && isBlank(byteAt(j - 1))) {
        commented = true;
        break;
      }
      if (!isBlank(b)) lineLast = j + 1;
      j++;
    }
    if (!folded) {
      offset = textBegin();
      textCopy(p, last);
      folded = true;
    }
    if (empty == 0) textByte(SPACE);
    else textRepeat(LF, empty);
    textCopy(content, lineLast);
    line = nextLine(lineEnd);
    resume = line;
  }
  if (folded) length = textEnd();
  return emitPlain(offset, length);
}

// ---------------------------------------------------------------------------
// Block scalars: `|` literal and `>` folded, with chomping and indentation.

function blockScalar(p: u32, parentIndent: i32): i32 {
  const literal = byteAt(p) == 0x7c;
  let chomp: u32 = 0; // 0 clip, 1 strip, 2 keep
  let explicit: u32 = 0;
  let i = p + 1;
  for (let k = 0; k < 2 && i < srcEnd; k++) {
    const b = byteAt(i);
    if (b == 0x2d && chomp == 0) {
      chomp = 1;
      i++;
    } else if (b == 0x2b && chomp == 0) {
      chomp = 2;
      i++;
    } else if (b >= 0x31 && b <= 0x39 && explicit == 0) {
      explicit = b - 0x30;
      i++;
    }
  }
  if (!endsToken(i) || !restIsEmpty(i)) return fail(ERR_YAML_FALLBACK, p);
  const first = nextLine(i);

  // 1. Content indentation: explicit, or that of the first non-empty line.
  let indent: i32 = 0;
  if (explicit > 0) {
    indent = parentIndent + <i32>explicit;
  } else {
    let maxEmpty: u32 = 0;
    let line = first;
    indent = -1;
    while (line < srcEnd) {
      let s: u32 = 0;
      while (line + s < srcEnd && byteAt(line + s) == SPACE) s++;
      const b = line + s < srcEnd ? byteAt(line + s) : LF;
      if (isBreak(b)) {
        if (s > maxEmpty) maxEmpty = s;
        line = nextLine(line);
        continue;
      }
      if (b == TAB) return fail(ERR_YAML_FALLBACK, line + s);
      indent = <i32>s;
      break;
    }
    if (indent <= parentIndent) indent = -1;
    if (indent >= 0 && <i32>maxEmpty > indent) return fail(ERR_YAML_FALLBACK, first);
    if (indent < 0 && chomp == 2) return fail(ERR_YAML_FALLBACK, p);
  }

  // 2. The lines: literal keeps breaks, folded joins neighbouring plain lines with a space.
  const offset = textBegin();
  let line = first;
  let empty: u32 = 0;
  let lines: u32 = 0;
  let previousMore = false;
  while (line < srcEnd && indent >= 0) {
    let s: u32 = 0;
    while (line + s < srcEnd && byteAt(line + s) == SPACE && <i32>s < indent) s++;
    const b = line + s < srcEnd ? byteAt(line + s) : LF;
    if (isBreak(b) || line + s >= srcEnd) {
      empty++;
      line = nextLine(line);
      continue;
    }
    if (<i32>s < indent) {
      if (b == TAB) return fail(ERR_YAML_FALLBACK, line + s);
      let rest = line + s;
      while (rest < srcEnd && byteAt(rest) == SPACE) rest++;
      if (rest >= srcEnd || isBreak(byteAt(rest))) return fail(ERR_YAML_FALLBACK, line);
      break;
    }
    const contentEnd = lineEndAt(line + s);
    const more = b == SPACE || b == TAB;
    if (more && allBlank(line + s, contentEnd)) return fail(ERR_YAML_FALLBACK, line);
    if (lines == 0) {
      textRepeat(LF, empty);
    } else if (literal || previousMore || more) {
      textRepeat(LF, empty + 1);
    } else if (empty == 0) {
      textByte(SPACE);
    } else {
      textRepeat(LF, empty);
    }
    textCopy(line + s, contentEnd);
    previousMore = more;
    lines++;
    empty = 0;
    line = nextLine(contentEnd);
  }

  // 3. Chomping of the final break and trailing empty lines.
  if (lines > 0 && chomp == 0) textByte(LF);
  if (chomp == 2) {
    if (lines > 0) textByte(LF);
    textRepeat(LF, empty);
  }
  const length = textEnd();
  resume = line;
  return emit(KIND_STRING, 0, offset, length, 0);
}

function allBlank(from: u32, to: u32): bool {
  for (let k = from; k < to; k++) {
    if (!isBlank(byteAt(k))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Flow collections, possibly over several lines.

const FLOW_VALUE: u32 = 0; // an entry or the closing bracket is due
const FLOW_AFTER: u32 = 1; // a comma or the closing bracket is due

/** Skips blanks, breaks and comments inside a flow collection; -1 for a fallback. */
function skipFlowSpace(i: u32, parentIndent: i32): i64 {
  while (i < srcEnd) {
    const b = byteAt(i);
    if (b == SPACE || b == TAB) {
      i++;
      continue;
    }
    if (b == HASH) {
      if (i > 0 && !isBlank(byteAt(i - 1)) && !isBreak(byteAt(i - 1))) return -1;
      i = lineEndAt(i);
      continue;
    }
    if (isBreak(b)) {
      i = nextLine(i);
      let s: u32 = 0;
      while (i + s < srcEnd && byteAt(i + s) == SPACE) s++;
      const c = i + s < srcEnd ? byteAt(i + s) : LF;
      if (!isBreak(c) && c != HASH && (<i32>s <= parentIndent || isDocumentMarker(i))) return -1;
      continue;
    }
    return <i64>i;
  }
  return -1;
}

@inline function isFlowIndicator(b: u32): bool {
  return b == 0x2c || b == 0x5b || b == 0x5d || b == 0x7b || b == 0x7d;
}

/** Whether `i` ends a plain scalar in flow context after a colon. */
@inline function endsFlowToken(i: u32): bool {
  return endsToken(i) || isFlowIndicator(byteAt(i));
}

// Result of flowPlain: the end of the scalar's text.
let flowPlainEnd: u32 = 0;

/** A single-line plain scalar inside a flow collection; false when the core does not take it. */
function flowPlain(p: u32): bool {
  const b = byteAt(p);
  if (b == 0x2d || b == 0x3f || b == 0x3a) {
    if (endsFlowToken(p + 1)) return false;
  } else if (isFlowIndicator(b) || !isPlainStart(p)) {
    return false;
  }
  // Stop at the line break as it comes: scanning to the line's end first
  // would make a long one-line flow collection quadratic.
  const end = srcEnd;
  let i = p;
  let last = p;
  while (i < end) {
    const c = byteAt(i);
    if (isBreak(c)) break;
    if (isFlowIndicator(c)) break;
    if (c == 0x3a && endsFlowToken(i + 1)) break;
    if (c == HASH && isBlank(byteAt(i - 1))) break;
    if (!isBlank(c)) last = i + 1;
    i++;
  }
  flowPlainEnd = last;
  return true;
}

function parseFlow(p: u32, parentIndent: i32): i32 {
  const base = frameCount;
  let i = p;
  let state = FLOW_VALUE;
  let status = openFrame(byteAt(p) == 0x5b ? KIND_ARRAY : KIND_OBJECT, byteAt(p) == 0x5b ? FRAME_FLOW_SEQ : FRAME_FLOW_MAP, parentIndent, p);
  if (status != OK) return status;
  i = p + 1;

  while (frameCount > base) {
    const next = skipFlowSpace(i, parentIndent);
    if (next < 0) return fail(ERR_YAML_FALLBACK, i);
    i = <u32>next;
    const b = byteAt(i);
    const inMap = frameKind() == FRAME_FLOW_MAP;

    // 1. Closing bracket, or a comma between entries.
    if ((b == 0x5d && !inMap) || (b == 0x7d && inMap)) {
      status = closeFrame(i);
      if (status != OK) return status;
      i++;
      state = FLOW_AFTER;
      continue;
    }
    if (state == FLOW_AFTER) {
      if (b != 0x2c) return fail(ERR_YAML_FALLBACK, i);
      i++;
      state = FLOW_VALUE;
      continue;
    }

    // 2. A mapping member's key and colon.
    if (inMap) {
      nodeFlags = 0;
      nodeAt = i;
      if (b == QUOTE || b == APOSTROPHE) {
        status = scanQuoted(i, parentIndent, false);
        if (status != OK) return status;
        nodeKeyOffset = quotedOffset;
        nodeKeyLength = quotedLength;
        i = quotedEnd;
      } else {
        if (!flowPlain(i)) return fail(ERR_YAML_FALLBACK, i);
        nodeKeyOffset = i;
        nodeKeyLength = flowPlainEnd - i;
        typePlain(i, nodeKeyLength, parseFlags);
        if (typedKind != KIND_STRING) return fail(ERR_YAML_FALLBACK, i);
        if (nodeKeyLength == 2 && byteAt(i) == 0x3c && byteAt(i + 1) == 0x3c) return fail(ERR_YAML_FALLBACK, i);
        i = flowPlainEnd;
      }
      while (i < srcEnd && isBlank(byteAt(i))) i++;
      if (i >= srcEnd || byteAt(i) != 0x3a) return fail(ERR_YAML_FALLBACK, i);
      i++;
      const value = skipFlowSpace(i, parentIndent);
      if (value < 0) return fail(ERR_YAML_FALLBACK, i);
      i = <u32>value;
      const v = byteAt(i);
      if (v == 0x2c || v == 0x7d) return fail(ERR_YAML_FALLBACK, i);
    } else {
      nodeFlags = FLAG_INDEXED;
      nodeKeyOffset = 0;
      nodeKeyLength = 0;
      nodeAt = i;
    }

    // 3. The value: a nested collection or a scalar.
    const v = byteAt(i);
    state = FLOW_AFTER;
    if (v == 0x5b || v == 0x7b) {
      status = openFrame(v == 0x5b ? KIND_ARRAY : KIND_OBJECT, v == 0x5b ? FRAME_FLOW_SEQ : FRAME_FLOW_MAP, parentIndent, i);
      if (status != OK) return status;
      i++;
      state = FLOW_VALUE;
      continue;
    }
    if (v == QUOTE || v == APOSTROPHE) {
      status = scanQuoted(i, parentIndent, false);
      if (status != OK) return status;
      status = emit(KIND_STRING, 0, quotedOffset, quotedLength, 0);
      i = quotedEnd;
    } else {
      if (!flowPlain(i)) return fail(ERR_YAML_FALLBACK, i);
      status = emitPlain(i, flowPlainEnd - i);
      i = flowPlainEnd;
    }
    if (status != OK) return status;

    // A `key: value` pair directly inside a flow sequence is a one-pair mapping; leave it to the package.
    let after = i;
    while (after < srcEnd && isBlank(byteAt(after))) after++;
    if (after < srcEnd && byteAt(after) == 0x3a) return fail(ERR_YAML_FALLBACK, after);
    if (after < srcEnd && !isBreak(byteAt(after)) && byteAt(after) != 0x2c && byteAt(after) != 0x5d && byteAt(after) != 0x7d && byteAt(after) != HASH) {
      return fail(ERR_YAML_FALLBACK, after);
    }
  }

  // After the collection only a comment may follow on its line; `[a]: b` is a flow key.
  if (!restIsEmpty(i)) return fail(ERR_YAML_FALLBACK, i);
  resume = nextLine(i);
  return OK;
}
