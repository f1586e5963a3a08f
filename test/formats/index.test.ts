import { describe, expect, it } from 'vitest';
import { parseDocuments, parseHostFormat } from '../../src/formats/index.js';
import { fixtureBytes, LIMITS, positionAt } from './helpers.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('parseDocuments', () => {
  it('rejects oversized input before decoding', () => {
    // Invalid UTF-8 would be reported if the bytes were decoded first.
    const bytes = new Uint8Array(2048).fill(0xff);
    const result = parseDocuments('big.yaml', bytes, { limits: { ...LIMITS, maxInputBytes: 1024 } });
    expect(result.documents).toEqual([]);
    expect(result.failures).toEqual([
      expect.objectContaining({ file: 'big.yaml', format: 'yaml', code: 'ERR_INPUT_TOO_LARGE', line: 1, column: 1 }),
    ]);
  });

  it('detects and parses a multi-document manifest', () => {
    const result = parseDocuments('frontend.yaml', fixtureBytes('configs/microservices-demo__kubernetes-manifests__frontend.yaml'), { limits: LIMITS });
    expect(result.format).toBe('yaml');
    expect(result.failures).toEqual([]);
    expect(result.documents.map((document) => document.index)).toEqual([0, 1, 2, 3]);
    expect(result.documents.every((document) => document.file === 'frontend.yaml' && document.format === 'yaml')).toBe(true);
  });

  it('parses TOML through smol-toml', () => {
    const result = parseDocuments('Cargo.toml', fixtureBytes('configs/awesome-compose__react-rust-postgres__backend__Cargo.toml'), { limits: LIMITS });
    expect(result.format).toBe('toml');
    expect(positionAt(result.documents[0].tape, 'package.edition')).toBe('5:1');
  });

  it('flattens JSON with the reference flattener', () => {
    const result = parseDocuments('pod.json', fixtureBytes('configs/k8s-examples__meteor__mongo-pod.json'), { limits: LIMITS });
    expect(result.failures).toEqual([]);
    expect(result.documents).toHaveLength(1);
    expect(result.documents[0].tape.count).toBeGreaterThan(5);
  });

  it('flattens directives with their dialect', () => {
    const result = parseDocuments('/etc/ssh/sshd_config', fixtureBytes('configs/openssh-portable__sshd_config'), { limits: LIMITS });
    expect(result).toMatchObject({ format: 'directives', dialect: 'sshd' });
    expect(result.documents).toHaveLength(1);
  });

  it('reports reference flattener failures', () => {
    const result = parseDocuments('bad.json', utf8('{"a": [1, 2}'), { limits: LIMITS });
    expect(result.documents).toEqual([]);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ file: 'bad.json', format: 'json', line: 1 });
  });

  it('honours an explicit format', () => {
    const result = parseDocuments('settings', utf8('a = 1\n'), { limits: LIMITS, format: 'toml' });
    expect(result.documents[0].tape.toValue()).toEqual({ a: 1 });
  });

  it('marks binary files as skipped', () => {
    const result = parseDocuments('image.yaml', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]), { limits: LIMITS });
    expect(result.skipped?.skip).toBe('binary');
    expect(result.documents).toEqual([]);
    expect(result.failures).toEqual([]);
  });

  it('reports invalid UTF-8 in YAML', () => {
    const result = parseDocuments('a.yaml', new Uint8Array([...utf8('a: 1\nb: '), 0xfe, 0x0a]), { limits: LIMITS });
    expect(result.failures).toEqual([expect.objectContaining({ code: 'ERR_INVALID_UTF8', format: 'yaml', line: 2, column: 4 })]);
  });

  it('reads UTF-16 env files', () => {
    const text = 'KEY=value\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i);
    const result = parseDocuments('.env', bytes, { limits: LIMITS });
    expect(result.failures).toEqual([]);
    expect(result.documents[0].tape.toValue()).toEqual({ KEY: 'value' });
  });

  it('strips a BOM before flattening', () => {
    const result = parseDocuments('a.json', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"a": 1}')]), { limits: LIMITS });
    expect(result.documents[0].tape.toValue()).toEqual({ a: 1 });
  });
});

describe('parseHostFormat', () => {
  it('parses YAML documents with stream indexes', () => {
    const result = parseHostFormat('s.yaml', 'yaml', utf8('a: 1\n---\nb: [\n---\nc: 3\n'), LIMITS);
    expect(result.documents.map((document) => document.index)).toEqual([0, 2]);
    expect(result.failures.every((failure) => failure.document === 1)).toBe(true);
  });

  it('rejects formats the core flattens', () => {
    expect(() => parseHostFormat('a.json', 'json', utf8('{}'), LIMITS)).toThrow(/only yaml and toml/);
  });

  it('applies the size limit', () => {
    const result = parseHostFormat('a.toml', 'toml', utf8('a = 1\n'), { ...LIMITS, maxInputBytes: 3 });
    expect(result.failures.map((failure) => failure.code)).toEqual(['ERR_INPUT_TOO_LARGE']);
  });
});
