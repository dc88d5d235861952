// The DaemonSet's arguments, run by the CLI as the container runs them (the manifest itself:
// test/unit/deploy.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { servingLine } from '../../src/cli/banners.js';
import { METRICS_PATH } from '../../src/exporter/address.js';
import { freePort, readYaml, rootSkipReason, runCli } from '../support.js';

const containerArgs = readYaml<IDaemonSet>('deploy/kubernetes/daemonset.yaml').spec!.template.spec!.containers[0]!.args!;

describe("the DaemonSet's arguments", { skip: rootSkipReason() }, () => {
  // On loopback and a free port instead of 0.0.0.0:9366; every other argument as in the manifest.
  const args = async () => {
    const serve = containerArgs.indexOf('--serve');
    const local = [...containerArgs];
    local[serve + 1] = `127.0.0.1:${await freePort()}`;
    return local;
  };

  test('run for a second with every rule between options checked: exit 0, the serving line only', async () => {
    const local = await args();
    const result = await runCli([...local, '-d', '1']);
    assert.deepEqual([result.code, result.stdout], [0, ''], result.stderr);
    assert.equal(result.stderr, `${servingLine(`http://${local[local.indexOf('--serve') + 1]}${METRICS_PATH}`, 1)}\n`);
  });

  test('the same run checks them: one option that does not go with --serve is refused, exit 2', async () => {
    const result = await runCli([...(await args()), '-d', '1', '-T', '5']);
    assert.deepEqual([result.code, result.stderr], [2, "syscallbypid: option '--serve [address]' serves metrics over HTTP: '-T, --top' does not apply\n"]);
  });
});
