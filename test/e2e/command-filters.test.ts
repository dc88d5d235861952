// Every view filter (-s, -x, -c, --cgroup) with command mode and with -p --follow: the filters
// choose the rows, never which processes are followed. Needs root.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cgroup2Mounts } from '../../src/cli/environment.js';
import { BANNER, CLI, collect, parseTable, rootSkipReason, startTracing, startWorkload, startWorkloadAs, workload, type Result } from '../support.js';

interface Row {
  pid: number;
  cmd: string;
  syscall: string;
  count: number;
  errors: number;
}

/** Runs `syscallbypid ARGS -- COMMAND` (inside cgroup v2 directory `cgroup` if given); rows as json. */
async function traced(args: string[], command: string[], options: { input?: string; cgroup?: string } = {}): Promise<{ result: Result; rows: Row[] }> {
  const file = join(mkdtempSync(join(tmpdir(), 'syscallbypid-filters-')), 'out.json');
  const tool = [process.execPath, CLI, '-o', 'json', '--errors', '--output-file', file, ...args, '--', ...command];
  const argv = options.cgroup ? ['/bin/sh', '-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', options.cgroup, ...tool] : tool;
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(options.input ?? '');
  const result = await collect(child, 60_000);
  const text = readFileSync(file, 'utf8');
  return { result, rows: text ? (JSON.parse(text) as { rows: Row[] }).rows : [] };
}

/** strace -f -c's calls per syscall for the same command; with `failed`, its errors column. */
function straceCounts(straceArgs: string[], command: string[], failed = false): Record<string, number> {
  const out = join(mkdtempSync(join(tmpdir(), 'syscallbypid-strace-')), 'strace.txt');
  spawnSync('strace', ['-f', '-c', '-o', out, ...straceArgs, '--', ...command], { encoding: 'utf8' });
  const counts: Record<string, number> = {};
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:(\d+)\s+)?(\w+)$/.exec(line);
    const n = Number((failed ? m?.[2] : m?.[1]) ?? 0);
    if (m && m[3] !== 'total' && n > 0) counts[m[3]!] = n;
  }
  return counts;
}

const bySyscall = (rows: Row[]) => {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.syscall] = (counts[row.syscall] ?? 0) + row.count;
  return counts;
};

const cgroupMount = () => cgroup2Mounts()[0] ?? '/sys/fs/cgroup';

/** A fresh cgroup v2 directory for one test, removed after it. */
async function inCgroup<T>(run: (path: string) => Promise<T>): Promise<T> {
  const path = join(cgroupMount(), `syscallbypid-filters-${process.pid}`);
  mkdirSync(path);
  try {
    return await run(path);
  } finally {
    rmdirSync(path);
  }
}

describe('view filters with command mode', { skip: rootSkipReason() }, () => {
  test("-s openat -- cat FILE: cat's openat calls, as strace counts them", async () => {
    const command = ['/bin/cat', '/etc/hostname'];
    const { result, rows } = await traced(['-s', 'openat'], command);
    assert.equal(result.code, 0, result.stderr);
    const expected = straceCounts(['-e', 'trace=openat'], command);
    assert.ok(expected.openat! > 0);
    assert.deepEqual(
      rows.map((r) => [r.cmd, r.syscall, r.count]),
      [['cat', 'openat', expected.openat]],
    );
  });

  test('-x -- ls /nonexistent: the failed calls, as strace counts them, and ls exit status', async () => {
    const command = ['/bin/ls', '/nonexistent'];
    const { result, rows } = await traced(['-x'], command);
    assert.equal(result.code, 2, result.stderr);
    const expected = straceCounts([], command, true);
    assert.ok(Object.keys(expected).length > 0);
    assert.deepEqual(bySyscall(rows), expected);
    assert.ok(rows.every((r) => r.cmd === 'ls' && r.errors === r.count));
  });

  test('-s getppid -- workload making 1234 getppid: 1234', async () => {
    const { result, rows } = await traced(['-s', 'getppid'], [workload(), 'getppid', '1234', '1'], { input: 'go\n' });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      rows.map((r) => [r.cmd, r.syscall, r.count]),
      [['wl-worker', 'getppid', 1234]],
    );
  });

  test('-x -s close -- workload with 7 failing and 5 succeeding close: 7', async () => {
    const { result, rows } = await traced(['-x', '-s', 'close'], [workload(), 'errors', '7', '5'], { input: 'go\n' });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      rows.map((r) => [r.cmd, r.syscall, r.count, r.errors]),
      [['workload', 'close', 7, 7]],
    );
  });

  test('-c wl-worker -- workload: only the named threads, their exact getppid', async () => {
    const { result, rows } = await traced(['-c', 'wl-worker'], [workload(), 'getppid', '700', '2'], { input: 'go\n' });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(
      rows.every((r) => r.cmd === 'wl-worker'),
      JSON.stringify(rows),
    );
    assert.equal(bySyscall(rows).getppid, 1400);
  });

  test('--cgroup with a command started in that cgroup: its exact getppid', async () => {
    await inCgroup(async (path) => {
      const { result, rows } = await traced(['--cgroup', path, '-s', 'getppid'], [workload(), 'getppid', '900', '1'], { input: 'go\n', cgroup: path });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(
        rows.map((r) => [r.cmd, r.syscall, r.count]),
        [['wl-worker', 'getppid', 900]],
      );
    });
  });
});

/** Traces `-p parent --follow ARGS` while the started workload runs; the table's rows. */
async function followed(args: string[], parent: { pid: number; go(): Promise<number> }, wrapper?: string[]) {
  const tracing = await startTracing(['-p', String(parent.pid), '--follow', ...args], 60_000, wrapper ? [...wrapper, process.execPath, CLI] : undefined);
  await parent.go();
  tracing.child.kill('SIGINT');
  const result = await tracing.result;
  assert.equal(result.code, 0, result.stderr);
  return parseTable(result.stdout);
}

describe('view filters with -p --follow', { skip: rootSkipReason() }, () => {
  test('-s getppid: one getppid in each of the 4 children, nothing else', async () => {
    workload();
    const parent = startWorkload('fork', '4');
    const rows = await followed(['-s', 'getppid'], parent);
    assert.deepEqual(
      rows.map((r) => [r.syscall, r.count]),
      Array(4).fill(['getppid', 1]),
    );
    assert.equal(new Set(rows.map((r) => r.pid)).size, 4);
    assert.ok(rows.every((r) => r.pid !== parent.pid));
  });

  test('-x: exactly the failed calls (9 close)', async () => {
    workload();
    const parent = startWorkload('errors', '9', '4');
    const rows = await followed(['-x'], parent);
    assert.deepEqual(
      rows.map((r) => [r.pid, r.syscall, r.count]),
      [[parent.pid, 'close', 9]],
    );
  });

  test('-c: the named process and its children', async () => {
    workload();
    const parent = startWorkloadAs('wl-filtered', 'fork', '3');
    const rows = await followed(['-c', 'wl-filtered', '-s', 'getppid,clone'], parent);
    const children = rows.filter((r) => r.pid !== parent.pid);
    assert.deepEqual(
      children.map((r) => [r.cmd, r.syscall, r.count]),
      Array(3).fill(['wl-filtered', 'getppid', 1]),
    );
    assert.deepEqual(
      rows.filter((r) => r.pid === parent.pid).map((r) => [r.cmd, r.syscall, r.count]),
      [['wl-filtered', 'clone', 3]],
    );
  });

  test('--cgroup: the children of a process in that cgroup', async () => {
    await inCgroup(async (path) => {
      workload();
      const parent = startWorkload('fork', '5');
      spawnSync('/bin/sh', ['-c', `echo ${parent.pid} > "${path}/cgroup.procs"`]);
      const rows = await followed(['--cgroup', path, '-s', 'getppid'], parent);
      assert.deepEqual(
        rows.map((r) => [r.syscall, r.count]),
        Array(5).fill(['getppid', 1]),
      );
    });
  });
});

describe('the followed set', { skip: rootSkipReason() }, () => {
  test('a process the full set cannot take is a loss of its own, named as such: exit 3', async () => {
    workload();
    const parent = startWorkload('fork', '1');
    // The set is bounded by --max-entries too: the parent takes its one entry, its child finds it full.
    const tracing = await startTracing(['-p', String(parent.pid), '--follow', '--max-entries', '1', '-s', 'getppid']);
    await parent.go();
    const result = await tracing.result; // no signal: the kernel wakes the tool at the loss
    assert.deepEqual([result.code, result.stdout], [3, '']);
    assert.equal(
      result.stderr,
      BANNER +
        'syscallbypid: the set of followed processes is full (--max-entries 1 bounds it too): 1 process created by ' +
        'followed ones could not be followed, so their calls are not counted and no table is printed; raise the ' +
        'bound, e.g. --max-entries 4\n',
    );
  });
});
