// The deployment files: the DaemonSet and its NetworkPolicy against the Kubernetes API schema, and
// the facts they share with the image and the CLI (port, paths, labels, arguments). The CLI run with
// the DaemonSet's arguments is in test/e2e/deploy.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DaemonSet, type IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { NetworkPolicy, type INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { DEFAULT_PORT, HEALTH_PATH, METRICS_PATH } from '../../src/exporter/address.js';
import { ROOT, readYaml } from '../support.js';

const manifest = readYaml<IDaemonSet>('deploy/kubernetes/daemonset.yaml');
const policy = readYaml<INetworkPolicy>('deploy/kubernetes/networkpolicy.yaml');
const dockerfile = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8');
const pod = manifest.spec!.template.spec!;
const container = pod.containers[0]!;
const containerArgs = container.args!;

test('the DaemonSet is valid against the Kubernetes API schema', () => {
  new DaemonSet(manifest).validate();
});

test('the schema check can fail: a string port is refused', () => {
  const broken = structuredClone(manifest);
  (broken.spec!.template.spec!.containers[0]!.ports![0] as { containerPort: unknown }).containerPort = 'metrics';
  assert.throws(() => new DaemonSet(broken).validate(), /containerPort must be integer/);
});

test("the node's PIDs and no other host namespace, minimum capabilities, only the kernel paths it reads (read-only), limits, probes on /healthz, scrape annotations", () => {
  assert.equal(pod.hostPID, true); // what it counts is what its PID namespace sees: the whole node
  for (const field of ['hostNetwork', 'hostIPC'] as const) assert.equal(pod[field], undefined, field);
  const security = container.securityContext!;
  assert.deepEqual([security.privileged, security.allowPrivilegeEscalation, security.readOnlyRootFilesystem], [false, false, true]);
  assert.deepEqual(security.capabilities, { drop: ['ALL'], add: ['BPF', 'PERFMON'] });
  const mounts = Object.fromEntries(container.volumeMounts!.map((m) => [m.mountPath, m.readOnly]));
  assert.deepEqual(mounts, { '/sys/kernel/btf': true, '/sys/fs/cgroup': true });
  assert.deepEqual(
    pod.volumes!.map((v) => v.hostPath?.path),
    ['/sys/kernel/btf', '/sys/fs/cgroup'],
  );
  assert.ok(container.resources?.limits?.cpu && container.resources.limits.memory);
  assert.deepEqual(container.livenessProbe?.httpGet, { path: HEALTH_PATH, port: 'metrics' });
  assert.deepEqual(container.readinessProbe?.httpGet, { path: HEALTH_PATH, port: 'metrics' });
  const annotations = manifest.spec!.template.metadata?.annotations;
  assert.deepEqual(annotations, { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(DEFAULT_PORT), 'prometheus.io/path': METRICS_PATH });
});

test('one port everywhere: the CLI default, the container, its arguments, the image', () => {
  assert.deepEqual(container.ports, [{ name: 'metrics', containerPort: DEFAULT_PORT, protocol: 'TCP' }]);
  const serve = containerArgs.indexOf('--serve');
  assert.equal(containerArgs[serve + 1], `0.0.0.0:${DEFAULT_PORT}`);
  assert.match(dockerfile, new RegExp(`^EXPOSE ${DEFAULT_PORT}$`, 'm'));
  assert.match(dockerfile, new RegExp(`^CMD \\["--serve", "0\\.0\\.0\\.0:${DEFAULT_PORT}"\\]$`, 'm'));
  assert.match(dockerfile, /^ENTRYPOINT \["syscallbypid"\]$/m);
});

test("the image's Node satisfies the package's engines", () => {
  const { engines } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const from = /^FROM node:(\d+)-/m.exec(dockerfile)?.[1];
  assert.ok(from && Number(from) >= Number(/>=(\d+)/.exec(engines.node)?.[1]), `FROM node:${from}, engines ${engines.node}`);
});

test("the NetworkPolicy: valid, selects the DaemonSet's pods, admits only Prometheus to the metrics port, no egress", () => {
  new NetworkPolicy(policy).validate();
  assert.equal(policy.metadata?.namespace, manifest.metadata?.namespace);
  assert.deepEqual(policy.spec?.podSelector.matchLabels, manifest.spec!.template.metadata?.labels);
  assert.deepEqual(policy.spec?.policyTypes, ['Ingress', 'Egress']);
  assert.deepEqual(policy.spec?.egress, []);
  assert.deepEqual(policy.spec?.ingress, [
    {
      from: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        },
      ],
      ports: [{ protocol: 'TCP', port: container.ports?.[0]?.name }],
    },
  ]);
});

test('the NetworkPolicy schema check can fail: a podSelector that is not an object is refused', () => {
  const broken = structuredClone(policy);
  (broken.spec as { podSelector: unknown }).podSelector = 'all';
  assert.throws(() => new NetworkPolicy(broken).validate(), /podSelector must be object/);
});
