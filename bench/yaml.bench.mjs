// YAML throughput on Kubernetes-style manifests (about 10 MB of Deployments
// and Services, generated deterministically): the core's fast path
// (assembly/flatten/yaml.ts, tables only, no rule evaluation) against the
// `yaml` package and js-yaml parsing the same stream. Medians of tinybench
// runs (bench/lib/measure.mjs).
//
//   npx asc assembly/index.ts --config asconfig.json --target release
//   node bench/yaml.bench.mjs

import { readFileSync } from 'node:fs';
import jsYaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { SLOW, measure, megabytesPerSecond, round } from './lib/measure.mjs';

const TARGET_BYTES = 10 * 1024 * 1024;
const STATUS_OK = 0;

function deployment(i) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-${i}
  namespace: team-${i % 17}
  labels:
    app.kubernetes.io/name: service-${i}
    app.kubernetes.io/part-of: "platform"
  annotations:
    deployment.kubernetes.io/revision: "${i % 9 + 1}"
spec:
  replicas: ${i % 5 + 1}
  selector:
    matchLabels:
      app: service-${i}
  template:
    metadata:
      labels:
        app: service-${i}
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: ${1000 + (i % 100)}
      containers:
      - name: app
        image: registry.example.com/team/service-${i}:1.${i % 30}.${i % 7}
        args: ["--port=8080", "--log-level=info"]
        ports:
        - containerPort: 8080
          protocol: TCP
        env:
        - name: DATABASE_URL
          value: 'postgres://db-${i % 13}.internal:5432/app'
        - name: FEATURE_FLAGS
          value: "a,b,c"
        resources:
          limits: {cpu: 500m, memory: 256Mi}
          requests:
            cpu: 100m
            memory: 128Mi
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: ${i % 3 !== 0}
        command:
          - /bin/sh
          - -c
          - |
            echo starting ${i}
            exec /app/server
---
apiVersion: v1
kind: Service
metadata:
  name: service-${i}
spec:
  type: ClusterIP
  ports:
    - port: 80
      targetPort: 8080
  selector:
    app: service-${i}
`;
}

function generate() {
  const parts = [];
  let size = 0;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const text = `${i === 0 ? '' : '---\n'}${deployment(i)}`;
    parts.push(text);
    size += Buffer.byteLength(text);
  }
  return parts.join('');
}

async function main() {
  const text = generate();
  const bytes = new TextEncoder().encode(text);
  const module = new WebAssembly.Module(readFileSync(new URL('../build/bulwark.wasm', import.meta.url)));
  const core = new WebAssembly.Instance(module, { env: { abort() { throw new Error('core abort'); } } }).exports;
  core.set_max_input_bytes(64 * 1024 * 1024);

  const flattenCore = () => {
    const ptr = core.input_reserve(bytes.length) >>> 0;
    new Uint8Array(core.memory.buffer).set(bytes, ptr);
    let start = 0;
    let documents = 0;
    do {
      const status = core.flatten_yaml(bytes.length, start, 0);
      if (status !== STATUS_OK) throw new Error(`core fell back with status ${status} at line ${core.error_line()}`);
      if (core.flatten_yaml_present() === 0) break;
      documents++;
      start = core.flatten_yaml_next() >>> 0;
    } while (start < bytes.length);
    return documents;
  };

  const results = await measure('yaml', {
    'core fast path': flattenCore,
    'yaml package': () => parseAllDocuments(text).length,
    'js-yaml': () => jsYaml.loadAll(text).length,
  }, SLOW);

  console.log(`corpus: ${round(bytes.length / 1024 / 1024, 2)} MB, ${flattenCore()} documents`);
  for (const [name, result] of Object.entries(results)) {
    console.log(`${name.padEnd(16)} median ${round(result.medianMs, 1)} ms  ${round(megabytesPerSecond(bytes.length, result.medianMs), 1)} MB/s`);
  }
}

await main();
