// Writes a program image (layout in assembly/rules/layout.ts): the header and
// section table, the rule table, the pattern-to-rules index, the code of
// every expression, and the constant pools.

import { HEADER_WORDS, PROGRAM_MAGIC, PROGRAM_VERSION, RULE_WORDS, RuleFlag, SECTION_COUNT, Section } from './layout.js';
import type { ExpressionCode } from './compiler.js';
import type { ConstantPools } from './pools.js';

/** One rule as the image stores it. */
export interface ImageRule {
  patternId: number;
  assert: ExpressionCode;
  when?: ExpressionCode;
  presenceRequired: boolean;
}

/** Builds the image of `rules` over `patternCount` pattern ids. */
export function writeProgramImage(rules: readonly ImageRule[], patternCount: number, pools: ConstantPools): Uint8Array {
  // Rules of each pattern, ascending (rules are visited in index order).
  const byPattern: number[][] = Array.from({ length: patternCount }, () => []);
  rules.forEach((rule, index) => byPattern[rule.patternId].push(index));

  // Code of every expression, back to back.
  const codeWords: number[] = [];
  const placeCode = (code: ExpressionCode): number => {
    const start = codeWords.length;
    for (const word of code.code) codeWords.push(word);
    return start;
  };
  const ruleWords = new Uint32Array(rules.length * RULE_WORDS);
  rules.forEach((rule, r) => {
    const base = r * RULE_WORDS;
    ruleWords[base] = rule.patternId;
    ruleWords[base + 1] = placeCode(rule.assert);
    ruleWords[base + 2] = rule.assert.code.length;
    if (rule.when !== undefined) {
      ruleWords[base + 3] = placeCode(rule.when);
      ruleWords[base + 4] = rule.when.code.length;
      ruleWords[base + 7] = rule.when.slots;
    }
    ruleWords[base + 5] = (rule.presenceRequired ? RuleFlag.Presence : 0) | (rule.when !== undefined ? RuleFlag.HasWhen : 0);
    ruleWords[base + 6] = rule.assert.slots;
  });

  const patternIndex = new Uint32Array(patternCount * 2);
  const patternRules: number[] = [];
  byPattern.forEach((list, p) => {
    patternIndex[p * 2] = patternRules.length;
    patternIndex[p * 2 + 1] = list.length;
    patternRules.push(...list);
  });

  const stringIndex = new Uint32Array(pools.strings.length * 2);
  let stringBytes = 0;
  pools.strings.forEach((bytes, i) => {
    stringIndex[i * 2] = stringBytes;
    stringIndex[i * 2 + 1] = bytes.length;
    stringBytes += bytes.length;
  });
  const allStrings = new Uint8Array(stringBytes);
  pools.strings.forEach((bytes, i) => allStrings.set(bytes, stringIndex[i * 2]));

  const fields = new Uint32Array(pools.fields.length * 2);
  pools.fields.forEach((field, i) => {
    fields[i * 2] = field.string;
    fields[i * 2 + 1] = field.hash;
  });

  const regexIndex = new Uint32Array(pools.regexes.length * 2);
  let regexWordCount = 0;
  pools.regexes.forEach((words, i) => {
    regexIndex[i * 2] = regexWordCount;
    regexIndex[i * 2 + 1] = words.length;
    regexWordCount += words.length;
  });
  const regexWords = new Uint32Array(regexWordCount);
  pools.regexes.forEach((words, i) => regexWords.set(words, regexIndex[i * 2]));

  const literals = new Uint32Array(pools.literals.length * 3);
  const items: number[] = [];
  pools.literals.forEach((literal, i) => {
    literals[i * 3] = literal.kind;
    literals[i * 3 + 1] = literal.kind === 1 ? literal.items.length / 2 : literal.items.length;
    literals[i * 3 + 2] = items.length / 2;
    for (const item of literal.items) items.push(item.tag, item.operand);
  });

  const doubles = Float64Array.from(pools.doubles);
  const ints = BigUint64Array.from(pools.ints);

  // Sections in order, each with its item count and bytes.
  const sections: { count: number; bytes: Uint8Array; align: number }[] = [];
  sections[Section.Rules] = section(rules.length, ruleWords);
  sections[Section.PatternIndex] = section(patternCount, patternIndex);
  sections[Section.PatternRules] = section(patternRules.length, Uint32Array.from(patternRules));
  sections[Section.Code] = section(codeWords.length, Uint32Array.from(codeWords));
  sections[Section.StringIndex] = section(pools.strings.length, stringIndex);
  sections[Section.StringBytes] = { count: allStrings.length, bytes: allStrings, align: 4 };
  sections[Section.Fields] = section(pools.fields.length, fields);
  sections[Section.Doubles] = { ...section(doubles.length, doubles), align: 8 };
  sections[Section.Ints] = { ...section(ints.length, ints), align: 8 };
  sections[Section.RegexIndex] = section(pools.regexes.length, regexIndex);
  sections[Section.RegexWords] = section(regexWords.length, regexWords);
  sections[Section.Literals] = section(pools.literals.length, literals);
  sections[Section.LiteralItems] = section(items.length / 2, Uint32Array.from(items));

  let offset = (HEADER_WORDS + SECTION_COUNT * 2) * 4;
  const offsets: number[] = [];
  for (const s of sections) {
    offset = Math.ceil(offset / s.align) * s.align;
    offsets.push(offset);
    offset += s.bytes.length;
  }
  const length = Math.ceil(offset / 8) * 8;

  const image = new Uint8Array(length);
  const header = new DataView(image.buffer);
  header.setUint32(0, PROGRAM_MAGIC, true);
  header.setUint32(4, PROGRAM_VERSION, true);
  header.setUint32(8, length, true);
  header.setUint32(12, rules.length, true);
  header.setUint32(16, patternCount, true);
  header.setUint32(20, SECTION_COUNT, true);
  sections.forEach((s, i) => {
    header.setUint32((HEADER_WORDS + i * 2) * 4, offsets[i], true);
    header.setUint32((HEADER_WORDS + i * 2 + 1) * 4, s.count, true);
    image.set(s.bytes, offsets[i]);
  });
  return image;
}

function section(count: number, data: ArrayBufferView): { count: number; bytes: Uint8Array; align: number } {
  // Typed arrays are little-endian on every platform Bulwark supports (x86, ARM, WASM).
  return { count, bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), align: 4 };
}
