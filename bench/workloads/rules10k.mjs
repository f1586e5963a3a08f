#!/usr/bin/env node
// Origin: copied from the workload generator shared by the Bulwark engine
// benchmarks (workloads/rules10k.mjs), so that this repository does not
// depend on files outside it. Everything below this header is unchanged: the
// expected violation counts stay comparable across engines only while the
// generator is the same.
//
// Generates the 10,000-item / 200-rule evaluation workload used to compare rule
// engines on the same input. Deterministic: the same seed gives the same files.
//
//   node rules10k.mjs OUT_DIR [SEED]
//
// Writes OUT_DIR/config.json (nested object, 10,000 leaves) and
// OUT_DIR/rules.json: [{ id, pattern, op, value }] where `pattern` is a dotted
// path in which `*` matches exactly one key, and `op` is one of
// eq, ne, lt, le, gt, ge, range ([lo, hi] inclusive), in (list), regex
// (JavaScript syntax, unanchored unless the pattern anchors it), exists.
// A rule is violated by every matching leaf whose value fails the predicate;
// an `exists` rule is violated once per pattern with no matching leaf.
// OUT_DIR/expected.json holds the number of violations per rule, computed by
// a plain reference loop, so any engine can be checked against it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [outDir, seedArg] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node rules10k.mjs OUT_DIR [SEED]');
  process.exit(2);
}

// Mulberry32: small, fast, deterministic.
let state = Number(seedArg ?? 7) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;
const word = (n) => Array.from({ length: n }, () => String.fromCharCode(97 + int(0, 25))).join('');
const version = () => `${int(0, 3)}.${int(0, 20)}.${int(0, 9)}`;

// Leaf templates: [relative path, type, value generator, domain for rule generation].
const serviceLeaves = [
  ['tls.enabled', 'bool', () => chance(0.97)],
  ['tls.min_version', 'enum', () => (chance(0.95) ? pick(['1.2', '1.3']) : pick(['1.0', '1.1'])), ['1.0', '1.1', '1.2', '1.3']],
  ['tls.cipher_suite', 'enum', () => (chance(0.97) ? pick(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384']) : 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'), ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA']],
  ['tls.cert_path', 'str', (n) => (chance(0.98) ? `/etc/certs/${n}.pem` : `/tmp/${n}.crt`), ['\\.pem$', '^/etc/certs/']],
  ['replicas', 'int', () => int(1, 20), [1, 20]],
  ['port', 'int', () => int(1024, 65535), [1, 65535]],
  ['image', 'str', (n) => (chance(0.97) ? `registry.example.com/team${int(1, 9)}/${n}:${version()}` : `docker.io/library/${n}:latest`), ['^registry\\.example\\.com/', ':[0-9]+\\.[0-9]+\\.[0-9]+$']],
  ['image_pull_policy', 'enum', () => pick(['Always', 'IfNotPresent', 'Never']), ['Always', 'IfNotPresent', 'Never']],
  ['resources.cpu_millis', 'int', () => int(50, 4000), [50, 4000]],
  ['resources.memory_mb', 'int', () => int(64, 16384), [64, 16384]],
  ['timeouts.read_ms', 'int', () => int(10, 60000), [10, 60000]],
  ['timeouts.idle_ms', 'int', () => int(1000, 600000), [1000, 600000]],
  ['auth.mode', 'enum', () => (chance(0.95) ? pick(['oidc', 'mtls']) : pick(['basic', 'none'])), ['oidc', 'mtls', 'basic', 'none']],
  ['auth.issuer', 'str', () => (chance(0.97) ? `https://idp.example.com/realms/${word(5)}` : `http://idp.example.com/${word(4)}`), ['^https://', '^https://idp\\.example\\.com/']],
  ['logging.level', 'enum', () => pick(['debug', 'info', 'info', 'warn', 'error']), ['debug', 'info', 'warn', 'error']],
  ['metrics.enabled', 'bool', () => chance(0.9)],
  ['healthcheck.path', 'str', () => pick(['/healthz', '/livez', '/readyz', '/status']), ['^/(healthz|livez|readyz)$']],
];
for (let i = 0; i < 20; i++) {
  const key = `settings.p${String(i).padStart(2, '0')}`;
  serviceLeaves.push(i % 2 ? [key, 'int', () => int(0, 1000), [0, 1000]] : [key, 'str', () => word(int(3, 12)), ['^[a-z]+$', '^[a-m]']]);
}
const databaseLeaves = [
  ['engine', 'enum', () => pick(['postgres', 'mysql', 'mongodb']), ['postgres', 'mysql', 'mongodb']],
  ['tls.enabled', 'bool', () => chance(0.95)],
  ['tls.min_version', 'enum', () => (chance(0.9) ? '1.2' : '1.0'), ['1.0', '1.1', '1.2', '1.3']],
  ['backup.enabled', 'bool', () => chance(0.95)],
  ['backup.retention_days', 'int', () => int(1, 90), [1, 90]],
  ['pool.max', 'int', () => int(5, 200), [5, 200]],
  ['password_ref', 'str', () => (chance(0.96) ? `vault://secret/db/${word(6)}` : `plaintext-${word(8)}`), ['^vault://', '^vault://secret/']],
];
for (let i = 0; i < 20; i++) databaseLeaves.push([`params.k${String(i).padStart(2, '0')}`, 'int', () => int(0, 100000), [0, 100000]]);
const groups = [
  { prefix: 'services', count: 220, leaves: serviceLeaves, names: [] },
  { prefix: 'databases', count: 40, leaves: databaseLeaves, names: [] },
];

// Config: flat map first, then nested.
const flat = new Map();
for (const group of groups) {
  for (let i = 0; i < group.count; i++) {
    const name = `${group.prefix.slice(0, 3)}${String(i).padStart(3, '0')}${word(3)}`;
    group.names.push(name);
    for (const [path, , generate] of group.leaves) {
      if (chance(0.985)) flat.set(`${group.prefix}.${name}.${path}`, generate(name));
    }
  }
}
for (let k = 0; flat.size < 10000; k++) {
  flat.set(k % 2 ? `features.flag_${k}` : `limits.group${k % 37}.l${k}`, k % 2 ? chance(0.5) : int(0, 5000));
}
while (flat.size > 10000) flat.delete([...flat.keys()].pop());
const config = {};
for (const [path, value] of flat) {
  const keys = path.split('.');
  let node = config;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys.at(-1)] = value;
}

// Rules.
const rules = [];
for (let i = 0; i < 200; i++) {
  const group = chance(0.75) ? groups[0] : groups[1];
  const [path, type, , domain] = pick(group.leaves);
  const pattern = `${group.prefix}.${chance(0.5) ? '*' : pick(group.names)}.${path}`;
  let predicate;
  if (chance(0.1)) predicate = { op: 'exists' };
  else if (type === 'bool') predicate = { op: 'eq', value: true };
  else if (type === 'enum') {
    predicate = chance(0.6)
      ? { op: 'in', value: domain.filter((_, j) => j === 0 || chance(0.8)) }
      : { op: chance(0.5) ? 'ne' : 'eq', value: pick(domain) };
  } else if (type === 'int') {
    const [lo, hi] = domain;
    const span = hi - lo;
    const a = lo + Math.floor(span * random() * 0.1);
    const b = hi - Math.floor(span * random() * 0.1);
    predicate = chance(0.5) ? { op: 'range', value: [a, b] } : pick([{ op: 'ge', value: a }, { op: 'le', value: b }, { op: 'gt', value: a }, { op: 'lt', value: b }]);
  } else predicate = { op: 'regex', value: pick(domain) };
  rules.push({ id: `W${String(i).padStart(3, '0')}`, pattern, ...predicate });
}

// Reference violation counts.
const holds = (rule, v) => {
  switch (rule.op) {
    case 'eq': return v === rule.value;
    case 'ne': return v !== rule.value;
    case 'lt': return v < rule.value;
    case 'le': return v <= rule.value;
    case 'gt': return v > rule.value;
    case 'ge': return v >= rule.value;
    case 'range': return v >= rule.value[0] && v <= rule.value[1];
    case 'in': return rule.value.includes(v);
    case 'regex': return typeof v === 'string' && new RegExp(rule.value).test(v);
    default: throw new Error(`unknown op ${rule.op}`);
  }
};
const expected = {};
for (const rule of rules) {
  const re = new RegExp(`^${rule.pattern.split('.').map((k) => (k === '*' ? '[^.]+' : k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('\\.')}$`);
  const matches = [...flat].filter(([path]) => re.test(path));
  expected[rule.id] = rule.op === 'exists' ? (matches.length ? 0 : 1) : matches.filter(([, v]) => !holds(rule, v)).length;
}

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'config.json'), JSON.stringify(config, null, 2));
writeFileSync(join(outDir, 'rules.json'), JSON.stringify(rules, null, 2));
writeFileSync(join(outDir, 'expected.json'), JSON.stringify(expected, null, 2));
const total = Object.values(expected).reduce((a, b) => a + b, 0);
console.log(`wrote ${flat.size} config items, ${rules.length} rules, ${total} expected violations to ${outDir}`);
