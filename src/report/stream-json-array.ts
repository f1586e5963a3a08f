// Writing a JSON document whose arrays arrive item by item, byte-identical to
// `JSON.stringify(document, null, 2)` of the finished document.

/** Marker values put in place of streamed arrays; no report field holds such text. */
const SLOT_PREFIX = '@@bulwark-streamed-array-';

/** Returns the placeholder value of streamed array number `n`. */
export function arraySlot(n: number): string {
  return `${SLOT_PREFIX}${n}@@`;
}

/**
 * Renders `document` (which holds `arraySlot(i)` where array `i` goes) as
 * two-space indented JSON and splits it at the slots. Returns the text pieces
 * around the slots and the indentation of each slot's line.
 */
export function splitAtSlots(document: unknown, slotCount: number): { pieces: string[]; indents: string[] } {
  const text = JSON.stringify(document, null, 2);
  const pieces: string[] = [];
  const indents: string[] = [];
  let from = 0;

  for (let n = 0; n < slotCount; n++) {
    const marker = JSON.stringify(arraySlot(n));
    const at = text.indexOf(marker, from);
    if (at < 0) throw new Error(`streamed JSON slot ${n} is missing from the document template`);

    const lineStart = text.lastIndexOf('\n', at) + 1;
    indents.push(/^ */u.exec(text.slice(lineStart))![0]);
    pieces.push(text.slice(from, at));
    from = at + marker.length;
  }

  pieces.push(text.slice(from));
  return { pieces, indents };
}

/** Formats the items of one JSON array at a given indentation, as `JSON.stringify(array, null, 2)` would. */
export class JsonArrayFormatter {
  private count = 0;
  private readonly itemIndent: string;

  constructor(private readonly indent: string) {
    this.itemIndent = `${indent}  `;
  }

  get length(): number {
    return this.count;
  }

  /** Returns the text that adds `value` to the array, including the opening bracket for the first item. */
  item(value: unknown): string {
    const opening = this.count === 0 ? '[\n' : ',\n';
    this.count++;
    // JSON.stringify escapes newlines inside strings, so every raw newline is a line break to indent.
    return `${opening}${this.itemIndent}${JSON.stringify(value, null, 2).replaceAll('\n', `\n${this.itemIndent}`)}`;
  }

  /** Returns the text that ends the array: `[]` when it stayed empty. */
  close(): string {
    return this.count === 0 ? '[]' : `\n${this.indent}]`;
  }
}
