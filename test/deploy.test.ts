// The deployment files: the DaemonSet against the Kubernetes API schema, and the facts it shares with
// the image and the CLI (port, path, arguments).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { parse } from 'yaml';
import { DEFAULT_PORT, METRICS_PATH } from '../src/exporter/address.js';
import { ROOT, runCli } from './support.js';

const manifest = parse(readFileSync(join(ROOT, 'deploy/kubernetes/daemonset.yaml'), 'utf8'));
const dockerfile = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8');
const pod = manifest.spec.template.spec;
const container = pod.containers[0];

test('the DaemonSet is valid against the Kubernetes API schema', () => {
  new DaemonSet(manifest).validate();
});

test('the schema check can fail: a string port is refused', () => {
  const broken = structuredClone(manifest);
  broken.spec.template.spec.containers[0].ports[0].containerPort = 'metrics';
  assert.throws(() => new DaemonSet(broken).validate(), /containerPort must be integer/);
});

test('host PIDs, minimum capabilities, read-only kernel paths, limits, a liveness probe, scrape annotations', () => {
  assert.equal(pod.hostPID, true);
  const security = container.securityContext;
  assert.deepEqual([security.privileged, security.allowPrivilegeEscalation, security.readOnlyRootFilesystem], [false, false, true]);
  assert.deepEqual(security.capabilities, { drop: ['ALL'], add: ['BPF', 'PERFMON'] });
  const mounts = Object.fromEntries(container.volumeMounts.map((m: { mountPath: string; readOnly: boolean }) => [m.mountPath, m.readOnly]));
  assert.deepEqual(mounts, { '/sys/kernel/btf': true, '/sys/kernel/tracing': true, '/sys/fs/cgroup': true });
  assert.ok(container.resources.limits.cpu && container.resources.limits.memory);
  assert.deepEqual(container.livenessProbe.httpGet, { path: METRICS_PATH, port: 'metrics' });
  const annotations = manifest.spec.template.metadata.annotations;
  assert.deepEqual(annotations, { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(DEFAULT_PORT), 'prometheus.io/path': METRICS_PATH });
});

test('one port everywhere: the CLI default, the container, its arguments, the image', () => {
  assert.deepEqual(container.ports, [{ name: 'metrics', containerPort: DEFAULT_PORT, protocol: 'TCP' }]);
  const serve = container.args.indexOf('--serve');
  assert.equal(container.args[serve + 1], `0.0.0.0:${DEFAULT_PORT}`);
  assert.match(dockerfile, new RegExp(`^EXPOSE ${DEFAULT_PORT}$`, 'm'));
  assert.match(dockerfile, new RegExp(`^CMD \\["--serve", "0\\.0\\.0\\.0:${DEFAULT_PORT}"\\]$`, 'm'));
  assert.match(dockerfile, /^ENTRYPOINT \["syscallbypid"\]$/m);
});

test("the image's Node satisfies the package's engines", () => {
  const { engines } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const from = /^FROM node:(\d+)-/m.exec(dockerfile)?.[1];
  assert.ok(from && Number(from) >= Number(/>=(\d+)/.exec(engines.node)?.[1]), `FROM node:${from}, engines ${engines.node}`);
});

test("the DaemonSet's arguments parse", async () => {
  // --help after them: parsed and checked, nothing traced.
  const result = await runCli([...container.args, '--help']);
  assert.equal(result.code, 0, result.stderr);
});
