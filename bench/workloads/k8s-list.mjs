// Generates the pack10k input: a Kubernetes `List` of Deployments and Pods
// with containers, security contexts, resources, env, volume mounts and
// volumes, deterministic for a seed, as JSON text and as YAML text.
//
// Most objects follow the hardening the built-in rules ask for; a seeded
// share breaks one setting or another, so the rules report real findings.

import { stringify } from 'yaml';

import { createRandom } from '../lib/random.mjs';

/** Leaf items (scalars, including those inside arrays) the list must reach. */
export const TARGET_LEAVES = 10_000;

const IMAGES = ['nginx', 'redis', 'postgres', 'envoy', 'api-gateway', 'billing', 'worker', 'auth'];

function container(random, index) {
  const name = `${random.pick(IMAGES)}-${index}`;
  const hardened = random.chance(0.8);
  const securityContext = hardened
    ? { runAsNonRoot: true, runAsUser: random.int(1000, 65000), allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ['ALL'] } }
    : { privileged: random.chance(0.5), allowPrivilegeEscalation: true, capabilities: { add: random.chance(0.5) ? ['NET_ADMIN', 'SYS_TIME'] : ['NET_BIND_SERVICE'] } };
  const tag = random.chance(0.9) ? `${random.int(1, 3)}.${random.int(0, 30)}.${random.int(0, 9)}` : 'latest';

  const result = {
    name,
    image: `registry.example.com/${random.word(5)}/${name.split('-')[0]}:${tag}`,
    imagePullPolicy: random.pick(['Always', 'IfNotPresent']),
    ports: [{ name: 'http', containerPort: random.int(1024, 9999), protocol: 'TCP' }],
    securityContext,
    env: Array.from({ length: random.int(2, 5) }, (_, e) => ({ name: `VAR_${e}_${random.word(4).toUpperCase()}`, value: random.word(random.int(4, 16)) })),
    volumeMounts: [{ name: 'config', mountPath: `/etc/${name}`, readOnly: true }, { name: 'data', mountPath: '/var/lib/data' }],
  };
  if (random.chance(0.85)) {
    result.resources = {
      limits: { cpu: `${random.int(1, 8) * 250}m`, memory: `${random.int(1, 16) * 128}Mi` },
      requests: { cpu: `${random.int(1, 4) * 100}m`, memory: `${random.int(1, 8) * 64}Mi` },
    };
  }
  if (random.chance(0.1)) result.env.push({ name: 'DB_PASSWORD', value: `pw-${random.word(10)}` });
  return result;
}

function podSpec(random, containers) {
  const spec = {
    serviceAccountName: `sa-${random.word(6)}`,
    automountServiceAccountToken: random.chance(0.7) ? false : true,
    securityContext: { runAsNonRoot: true, fsGroup: random.int(1000, 65000), seccompProfile: { type: 'RuntimeDefault' } },
    containers,
    volumes: [
      { name: 'config', configMap: { name: `cm-${random.word(6)}` } },
      random.chance(0.9) ? { name: 'data', emptyDir: {} } : { name: 'data', hostPath: { path: '/var/lib/host-data' } },
    ],
  };
  if (random.chance(0.05)) spec.hostNetwork = true;
  if (random.chance(0.03)) spec.hostPID = true;
  return spec;
}

function metadata(random, kind, index) {
  const app = `${kind.toLowerCase()}-${index}-${random.word(4)}`;
  return { name: app, namespace: random.pick(['default', 'payments', 'web', 'batch']), labels: { app, tier: random.pick(['frontend', 'backend', 'data']) } };
}

function deployment(random, index) {
  const meta = metadata(random, 'Deployment', index);
  const containers = Array.from({ length: random.int(1, 3) }, (_, c) => container(random, c));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta,
    spec: {
      replicas: random.int(1, 10),
      selector: { matchLabels: { app: meta.labels.app } },
      template: { metadata: { labels: { app: meta.labels.app } }, spec: podSpec(random, containers) },
    },
  };
}

function pod(random, index) {
  const containers = Array.from({ length: random.int(1, 2) }, (_, c) => container(random, c));
  return { apiVersion: 'v1', kind: 'Pod', metadata: metadata(random, 'Pod', index), spec: podSpec(random, containers) };
}

/** Scalars in a value, counting each array element and object member that is not a container. */
export function countLeaves(value) {
  if (value === null || typeof value !== 'object') return 1;
  let count = 0;
  for (const child of Object.values(value)) count += countLeaves(child);
  return count;
}

/** Generates the List object, with at least TARGET_LEAVES leaves. */
export function generateK8sList(seed = 11, targetLeaves = TARGET_LEAVES) {
  const random = createRandom(seed);
  const list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [] };
  let leaves = countLeaves(list);
  for (let i = 0; leaves < targetLeaves; i++) {
    const item = random.chance(0.7) ? deployment(random, i) : pod(random, i);
    list.items.push(item);
    leaves += countLeaves(item);
  }
  return { list, leaves };
}

/** Generates the List and encodes it as JSON and as YAML (UTF-8 bytes). */
export function k8sListDocuments(seed = 11) {
  const { list, leaves } = generateK8sList(seed);
  const encoder = new TextEncoder();
  return {
    leaves,
    items: list.items.length,
    json: encoder.encode(JSON.stringify(list, null, 2)),
    yaml: encoder.encode(stringify(list)),
  };
}
