// The whole path, kernel to terminal, against workloads with exactly known syscalls. Needs root.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BANNER,
  bpfObjectIds,
  bpfObjectsOf,
  countOf,
  parseTable,
  rootSkipReason,
  runCli,
  runWorkload,
  startTracing,
  workload,
  type TableRow,
} from '../support.js';

/** Starts the tracer, runs the workloads once it is attached, stops it with `signal`. */
async function trace(args: string[], workloads: string[][], signal: NodeJS.Signals = 'SIGINT') {
  workload(); // compile before attaching
  const tracing = await startTracing(args);
  const pids: number[] = [];
  for (const w of workloads) pids.push(await runWorkload(...w));
  tracing.child.kill(signal);
  const result = await tracing.result;
  return { result, pids };
}

function rowsOf(rows: TableRow[], pid: number) {
  return rows.filter((r) => r.pid === pid);
}

describe('end to end', { skip: rootSkipReason() }, () => {
  test('exact counts from several threads; banner on stderr, only the table on stdout; SIGINT exits 0', async () => {
    const { result, pids } = await trace([], [['getppid', '25000', '4']]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, BANNER);
    const rows = parseTable(result.stdout);
    const pid = pids[0]!;
    assert.equal(countOf(rows, pid, 'wl-worker', 'getppid'), 100_000);
    assert.equal(countOf(rows, pid, 'workload', 'clone3') ?? countOf(rows, pid, 'workload', 'clone'), 4);
    assert.equal(countOf(rows, pid, 'workload', 'execve'), 1, 'the exec completion counts under the new name');
  });

  test('fork: clone counted once per child, in the parent only; SIGTERM exits 0', async () => {
    const { result, pids } = await trace([], [['fork', '37']], 'SIGTERM');
    assert.equal(result.code, 0, result.stderr);
    const rows = parseTable(result.stdout);
    const parent = pids[0]!;
    const forks = (r: TableRow) => ['clone', 'clone3', 'fork', 'vfork'].includes(r.syscall);
    assert.equal(
      rowsOf(rows, parent)
        .filter(forks)
        .reduce((n, r) => n + r.count, 0),
      37,
    );
    const children = rows.filter((r) => r.cmd === 'workload' && r.pid !== parent && r.syscall === 'getppid');
    assert.equal(children.length, 37, 'each child made one getppid');
    const childPids = new Set(children.map((r) => r.pid));
    assert.deepEqual(
      rows.filter((r) => childPids.has(r.pid) && forks(r)),
      [],
      'a child never shows its return from fork',
    );
    assert.ok(!rows.some((r) => r.syscall === 'exit_group' || r.syscall === 'exit'), 'exit never completes');
  });

  test('calls that share a CPU count slot, alternating, are each counted exactly', async () => {
    // getppid (110) and getuid (102) take the same one of a CPU's 8 slots on x86_64: every call
    // moves the other's count from the slot into the map.
    const { result, pids } = await trace([], [['collide', '50000']]);
    assert.equal(result.code, 0, result.stderr);
    const rows = parseTable(result.stdout);
    assert.equal(countOf(rows, pids[0]!, 'workload', 'getppid'), 50_000);
    assert.equal(countOf(rows, pids[0]!, 'workload', 'getuid'), 50_000);
  });

  test('rt_sigreturn reports -1 and is counted under rt_sigreturn', async () => {
    const { result, pids } = await trace([], [['signal', '1234']]);
    assert.equal(result.code, 0, result.stderr);
    const rows = parseTable(result.stdout);
    assert.equal(countOf(rows, pids[0]!, 'workload', 'rt_sigreturn'), 1234);
    assert.equal(countOf(rows, pids[0]!, 'workload', 'tgkill'), 1234);
  });

  test('a SIGINT right after the banner still prints the table', async () => {
    const tracing = await startTracing();
    tracing.child.kill('SIGINT');
    const result = await tracing.result;
    assert.equal(result.code, 0, result.stderr);
    assert.ok(parseTable(result.stdout).length > 0);
  });

  test('thread names of every length make one key each', async () => {
    const { result, pids } = await trace([], [['lengths', '3']]);
    const rows = rowsOf(parseTable(result.stdout), pids[0]!);
    for (let len = 1; len <= 15; len++) {
      assert.equal(countOf(rows, pids[0]!, 'abcdefghijklmno'.slice(0, len), 'getppid'), 3, `name of ${len} letters`);
    }
  });

  test('rows are sorted ascending by count', async () => {
    const { result } = await trace([], [['getppid', '10', '1']]);
    const counts = parseTable(result.stdout).map((r) => r.count);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => a - b),
    );
  });

  test('overflow: past the bound the tool exits 3 by itself, with the fix and no table', async () => {
    workload();
    const tracing = await startTracing(['--max-entries', '256']);
    await runWorkload('names', '3000'); // 6000 keys: (wl-<i>, prctl) and (wl-<i>, getppid)
    const started = Date.now();
    const result = await tracing.result; // no signal: the tool must notice on its own
    assert.ok(Date.now() - started < 3000, 'the overflow was noticed late');
    assert.equal(result.code, 3, result.stderr);
    assert.equal(result.stdout, '');
    const lines = result.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 2, result.stderr);
    assert.match(
      lines[1]!,
      /^syscallbypid: the count map is full \(--max-entries 256\): \d+ syscall completions? could not be counted, so no table is printed\..*raise the bound to --max-entries \d+, or count per syscall with --by syscall .*$/,
    );
  });

  test('overflow: the same workload under a larger --max-entries gives exact counts', async () => {
    const { result, pids } = await trace(['--max-entries', '65536'], [['names', '3000']]);
    assert.equal(result.code, 0, result.stderr);
    const rows = rowsOf(parseTable(result.stdout), pids[0]!);
    for (let i = 0; i < 3000; i++) {
      assert.equal(countOf(rows, pids[0]!, `wl-${i}`, 'getppid'), 1, `wl-${i} getppid`);
      assert.equal(countOf(rows, pids[0]!, `wl-${i}`, 'prctl'), 1, `wl-${i} prctl`);
    }
  });

  test('SIGKILL leaves no BPF program or map of ours in the kernel', async () => {
    const tracing = await startTracing();
    const ours = [...bpfObjectsOf(tracing.child.pid!)];
    assert.ok(ours.some((id) => id.startsWith('prog ')) && ours.some((id) => id.startsWith('map ')), `held: ${ours.join(', ')}`);
    const loaded = bpfObjectIds();
    assert.deepEqual(
      ours.filter((id) => !loaded.has(id)),
      [],
      'the id listing sees them while loaded',
    );
    tracing.child.kill('SIGKILL');
    await tracing.result;
    // The kernel frees them after an RCU grace period, so give it a moment.
    let left = ours;
    for (let i = 0; i < 50 && left.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = bpfObjectIds();
      left = ours.filter((id) => now.has(id));
    }
    assert.deepEqual(left, []);
  });

  test('without capabilities: one line saying to run as root, exit 4', async () => {
    // Root with an empty capability bounding set has no CAP_BPF, CAP_PERFMON or CAP_SYS_ADMIN, yet can
    // still read a checkout that only root may enter (as mktemp -d makes them).
    const result = await runCli([], { wrapper: ['setpriv', '--bounding-set=-all', '--inh-caps=-all', '--'] });
    assert.equal(result.code, 4, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr,
      /^syscallbypid: permission denied while loading BPF program: run it as root \(the same command after sudo, e.g. sudo npx syscallbypid\), or with CAP_BPF and CAP_PERFMON\n$/,
    );
  });
});
