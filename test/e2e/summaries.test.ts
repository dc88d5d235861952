// --by pid and --by syscall: summaries aggregated in the kernel equal the default view summed by
// hand. Three tracers watch the same workloads at once, filtered to their thread name. Needs root.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseFields, rootSkipReason, runCli, startTracing, startWorkloadAs, workload } from '../support.js';

const COMM = 'sbp-sum';

/** Runs the workloads under COMM while one tracer per argument list watches; their stdouts. */
async function traceAll(argLists: string[][]): Promise<string[]> {
  workload();
  const tracings = [];
  for (const args of argLists) tracings.push(await startTracing(['-c', COMM, ...args]));
  await startWorkloadAs(COMM, 'getppid', '3000', '2').go();
  await startWorkloadAs(COMM, 'fork', '5').go();
  await startWorkloadAs(COMM, 'errors', '40', '25').go();
  const results = [];
  for (const tracing of tracings) {
    tracing.child.kill('SIGINT');
    results.push(await tracing.result);
  }
  for (const result of results) assert.equal(result.code, 0, result.stderr);
  return results.map((result) => result.stdout);
}

/** Sums the default table's COUNT (and ERRORS) by the columns `key` picks out of each row. */
function sumBy(rows: string[][], key: (row: string[]) => string): Map<string, string> {
  const sums = new Map<string, number[]>();
  for (const row of rows) {
    const [count, errors] = [Number(row[3]), Number(row[4])];
    const sum = sums.get(key(row)) ?? [0, 0];
    sums.set(key(row), [sum[0]! + count, sum[1]! + errors]);
  }
  return new Map([...sums].map(([k, [count, errors]]) => [k, `${count} ${errors}`]));
}

describe('summaries', { skip: rootSkipReason() }, () => {
  test('--by syscall and --by pid equal the default view summed by hand, in every format', async () => {
    const [full, bySyscall, byPid, csvSyscall, jsonPid] = await traceAll([
      ['--errors'],
      ['--errors', '--by', 'syscall'],
      ['--errors', '--by', 'pid'],
      ['--by', 'syscall', '-o', 'csv', '--sort', 'syscall'],
      ['--by', 'pid', '-o', 'json'],
    ]);
    const rows = parseFields(full!, ['PID', 'CMD', 'SYSCALL', 'COUNT', 'ERRORS']);
    assert.ok(rows.length >= 10, full);

    const syscallRows = parseFields(bySyscall!, ['SYSCALL', 'COUNT', 'ERRORS']);
    assert.deepEqual(
      new Map(syscallRows.map((r) => [r[0]!, `${r[1]} ${r[2]}`])),
      sumBy(rows, (r) => r[2]!),
    );
    assert.equal(syscallRows.find((r) => r[0] === 'getppid')?.[1], '6005', '2 threads × 3000 and one a child');
    assert.equal(syscallRows.find((r) => r[0] === 'close')?.join(' '), 'close 65 40');

    const pidRows = parseFields(byPid!, ['PID', 'CMD', 'COUNT', 'ERRORS']);
    assert.deepEqual(
      new Map(pidRows.map((r) => [`${r[0]} ${r[1]}`, `${r[2]} ${r[3]}`])),
      sumBy(rows, (r) => `${r[0]} ${r[1]}`),
    );
    assert.equal(pidRows.length, 3 + 5, 'three workloads and five children');

    const csv = csvSyscall!.trim().split('\n');
    assert.equal(csv[0], 'syscall,id,abi,count');
    const csvRows = csv.slice(1).map((line) => line.split(','));
    assert.deepEqual(
      csvRows.map((r) => r[0]),
      [...csvRows.map((r) => r[0]!)].sort(),
      '--sort syscall',
    );
    assert.deepEqual(new Map(csvRows.map((r) => [r[0]!, `${r[3]} 0`])), new Map([...sumBy(rows, (r) => r[2]!)].map(([k, v]) => [k, `${v.split(' ')[0]} 0`])));

    const document = JSON.parse(jsonPid!) as { rows: Array<{ pid: number; cmd: string; count: number }> };
    assert.deepEqual(Object.keys(document.rows[0]!), ['pid', 'cmd', 'count']);
    assert.deepEqual(
      new Map(document.rows.map((r) => [`${r.pid} ${r.cmd}`, `${r.count}`])),
      new Map([...sumBy(rows, (r) => `${r[0]} ${r[1]}`)].map(([k, v]) => [k, v.split(' ')[0]!])),
    );
  });

  test('filters apply before the summary: -s and -x with --by syscall', async () => {
    const [bySyscall, failed] = await traceAll([
      ['--by', 'syscall', '-s', 'getppid,close'],
      ['--by', 'syscall', '-x'],
    ]);
    assert.deepEqual(parseFields(bySyscall!, ['SYSCALL', 'COUNT']), [
      ['close', '65'],
      ['getppid', '6005'],
    ]);
    assert.deepEqual(parseFields(failed!, ['SYSCALL', 'COUNT']), [['close', '40']]);
  });

  test('--by syscall and --by pid do not apply to --serve', async () => {
    for (const by of ['syscall', 'pid']) {
      const result = await runCli(['--serve', '--by', by]);
      assert.equal(result.code, 2);
      assert.equal(result.stderr, `syscallbypid: option '--serve [address]' serves metrics over HTTP: '--by ${by}' (use --labels) does not apply\n`);
    }
  });
});
