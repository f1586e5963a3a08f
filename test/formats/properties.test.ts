// Property tests: whatever bytes arrive, parsing returns tables or failures
// (never an exception), failures carry a position, and tables stay within the
// configured limits.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Limits } from '../../src/core/abi.js';
import { detectFormat } from '../../src/formats/detect.js';
import { parseDocuments } from '../../src/formats/index.js';
import { findInvalidUtf8 } from '../../src/formats/text.js';
import type { ParsedFile } from '../../src/formats/types.js';
import type { Format } from '../../src/policy/rule.js';
import { checkTapeInvariants, fixtureBytes, LIMITS } from './helpers.js';

const SMALL: Limits = { ...LIMITS, maxDepth: 64, maxNodes: 5_000, maxAliasExpansion: 1_000 };

const SAMPLES: Array<[Format, string]> = [
  ['yaml', 'configs/microservices-demo__kubernetes-manifests__frontend.yaml'],
  ['yaml', 'configs/k8s-website__pods__security__security-context-4.yaml'],
  ['yaml', 'configs/dockprom__docker-compose.yml'],
  ['yaml', 'cloudformation/kics__passwords_and_secrets__negative41.yaml'],
  ['toml', 'configs/conftest__examples__traefik__traefik.toml'],
  ['toml', 'configs/awesome-compose__react-rust-postgres__backend__Cargo.toml'],
  ['json', 'configs/k8s-examples__meteor__mongo-pod.json'],
];

/** Checks the contract of every parse: positions, limits and table shape. */
function checkParsed(parsed: ParsedFile, limits: Limits): void {
  for (const failure of parsed.failures) {
    expect(failure.line).toBeGreaterThanOrEqual(1);
    expect(failure.column).toBeGreaterThanOrEqual(1);
    expect(failure.code).toMatch(/^ERR_[A-Z0-9_]+$/);
    expect(failure.reason.length).toBeGreaterThan(0);
  }
  for (const document of parsed.documents) {
    expect(document.tape.count).toBeGreaterThan(0);
    expect(document.tape.count).toBeLessThanOrEqual(limits.maxNodes);
    checkTapeInvariants(document.tape);
    for (let row = 0; row < document.tape.count; row++) expect(document.tape.depth(row)).toBeLessThanOrEqual(limits.maxDepth);
  }
}

const edit = fc.oneof(
  fc.record({ type: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string(), fc.constantFrom('[', '{', ']', '}', ':', '- ', '&a ', '*a', '<<: *a', '"', "'", '\n', '\t', '#', '=', '[[x]]', '!Ref ', '---\n', '%YAML 1.2\n')) }),
  fc.record({ type: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ type: fc.constant('byte' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ type: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdits(source: Uint8Array, edits: Edit[]): Uint8Array {
  let bytes = Array.from(source);
  for (const change of edits) {
    const at = bytes.length === 0 ? 0 : change.at % (bytes.length + 1);
    if (change.type === 'insert') bytes.splice(at, 0, ...new TextEncoder().encode(change.text));
    else if (change.type === 'delete') bytes.splice(at, change.length);
    else if (change.type === 'byte') bytes[Math.min(at, Math.max(bytes.length - 1, 0))] = change.value;
    else bytes.splice(at, 0, ...bytes.slice(at, at + change.length));
  }
  return new Uint8Array(bytes);
}

describe('format parsing properties', () => {
  it('survives random bytes in every format', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.constantFrom<Format>('yaml', 'toml', 'json', 'env', 'ini', 'properties', 'directives'), (bytes, format) => {
        checkParsed(parseDocuments(`random.${format}`, bytes, { limits: SMALL, format }), SMALL);
      }),
      { numRuns: 700 },
    );
  });

  it('survives random bytes with detection', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.constantFrom('a.yaml', 'b.toml', 'c.json', '.env', 'nginx.conf', 'unnamed', 'sshd_config'), (bytes, name) => {
        detectFormat(name, bytes);
        checkParsed(parseDocuments(name, bytes, { limits: SMALL }), SMALL);
      }),
      { numRuns: 500 },
    );
  });

  it('survives mutations of real samples', () => {
    const samples = SAMPLES.map(([format, path]) => [format, fixtureBytes(path)] as const);
    fc.assert(
      fc.property(fc.nat(samples.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }), (pick, edits) => {
        const [format, source] = samples[pick];
        const mutated = applyEdits(source, edits);
        checkParsed(parseDocuments(`mutated.${format}`, mutated, { limits: SMALL, format }), SMALL);
      }),
      { numRuns: 400 },
    );
  });

  it('survives random unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom<Format>('yaml', 'toml', 'json', 'env', 'ini'), (text, format) => {
        checkParsed(parseDocuments(`text.${format}`, new TextEncoder().encode(text), { limits: SMALL, format }), SMALL);
      }),
      { numRuns: 700 },
    );
  });

  it('survives YAML-shaped token soup', () => {
    const token = fc.constantFrom('a', 'b', ': ', '- ', '\n', '  ', '[', ']', '{', '}', ', ', '&x ', '*x', '<<: ', '? ', '|\n', '>-\n', '"q"', "'s'", '!t ', '---\n', '...\n', '%TAG ! x\n', '# c\n', '1', '0x1', '~');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 80 }), (tokens) => {
        const text = tokens.join('');
        checkParsed(parseDocuments('soup.yaml', new TextEncoder().encode(text), { limits: SMALL, format: 'yaml' }), SMALL);
      }),
      { numRuns: 1_000 },
    );
  });

  it('finds invalid UTF-8 like TextDecoder', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }).map((bytes) => bytes.map((byte) => (byte < 0x60 ? byte + 0x80 : byte))), (bytes) => {
        let valid = true;
        try {
          decoder.decode(bytes);
        } catch {
          valid = false;
        }
        expect(findInvalidUtf8(bytes) === -1).toBe(valid);
      }),
      { numRuns: 2_000 },
    );
  });
});
