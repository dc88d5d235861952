// --time and --histogram through the CLI (root): a helper's known sleeps in every format, command mode, UNTIMED.
// Durations are bounded below by what the calls asked for (a sleep never ends early) and above by
// the wall time around the helper (one thread's calls cannot take longer than it ran): no bound
// depends on the machine's speed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { CLI, collect, rootSkipReason, startTracing, startWorkloadAs, workload, type Result } from '../support.js';

const SLEEPS = 20;
const SLEEP_NS = 10_000_000; // usleep(10000): clock_nanosleep of 10 ms

/** A thread name of this test's own, so that tests beside it cannot add to its rows. */
const commOf = (tag: string) => `${tag}${process.pid % 100000}`.slice(0, 15);

/** Traces the helper's SLEEPS paced sleeps under `comm` with `args`; the run and the helper's wall time. */
async function traceSleeps(comm: string, args: string[]): Promise<{ result: Result; wallNs: number }> {
  const tracing = await startTracing(['-c', comm, ...args]);
  const helper = startWorkloadAs(comm, 'paced', String(SLEEPS), String(SLEEP_NS / 1000));
  const started = process.hrtime.bigint();
  await helper.go();
  const wallNs = Number(process.hrtime.bigint() - started);
  tracing.child.kill('SIGINT');
  const result = await tracing.result;
  assert.equal(result.code, 0, result.stderr);
  return { result, wallNs };
}

interface TimedRecord {
  syscall: string;
  count: number;
  timed: number;
  time_ns: number;
  avg_ns: number;
  max_ns: number;
  buckets?: Array<{ le_ns: number | null; count: number }>;
}

/** The sleeps' record: every call timed, each at least 10 ms, all of them within the helper's run. */
function checkSleeps(record: TimedRecord | undefined, wallNs: number): void {
  assert.ok(record, 'no clock_nanosleep row');
  assert.deepEqual([record.count, record.timed], [SLEEPS, SLEEPS]);
  assert.ok(record.time_ns >= SLEEPS * SLEEP_NS && record.time_ns <= wallNs, `time_ns ${record.time_ns}, wall ${wallNs}`);
  assert.ok(record.max_ns >= SLEEP_NS && record.max_ns <= record.time_ns, `max_ns ${record.max_ns}`);
  assert.equal(record.avg_ns, Math.round(record.time_ns / SLEEPS));
  for (const field of ['time_ns', 'avg_ns', 'max_ns'] as const) assert.ok(Number.isSafeInteger(record[field]), `${field} ${record[field]}`);
}

describe('--time end to end', { skip: rootSkipReason() }, () => {
  test('json with --histogram: the sleeps timed, their buckets adding up to the timed calls, none below 10 ms', async () => {
    const { result, wallNs } = await traceSleeps(commOf('sbp-tj'), ['-o', 'json', '--histogram']);
    const { rows, options } = JSON.parse(result.stdout) as { rows: TimedRecord[]; options: { time: boolean; histogram: boolean } };
    assert.deepEqual([options.time, options.histogram], [true, true], '--histogram implies --time, and the echo says so');
    const sleeps = rows.find((r) => r.syscall === 'clock_nanosleep');
    checkSleeps(sleeps, wallNs);
    const buckets = sleeps!.buckets!;
    assert.equal(
      buckets.reduce((sum, b) => sum + b.count, 0),
      SLEEPS,
    );
    assert.ok(
      buckets.every((b) => b.le_ns === null || b.le_ns >= SLEEP_NS),
      JSON.stringify(buckets),
    );
    for (const row of rows)
      assert.equal(
        row.buckets!.reduce((sum, b) => sum + b.count, 0),
        row.timed,
        row.syscall,
      );
    const getppid = rows.find((r) => r.syscall === 'getppid');
    assert.deepEqual([getppid?.count, getppid?.timed], [SLEEPS, SLEEPS]);
  });

  test('ndjson, csv and tsv carry timed, time_ns, avg_ns and max_ns', async () => {
    const ndjson = await traceSleeps(commOf('sbp-tn'), ['-o', 'ndjson', '-t', '-s', 'clock_nanosleep']);
    const records = ndjson.result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TimedRecord);
    assert.equal(records.length, 1);
    checkSleeps(records[0], ndjson.wallNs);
    for (const format of ['csv', 'tsv'] as const) {
      const { result, wallNs } = await traceSleeps(commOf(`sbp-t${format}`), ['-o', format, '--time', '-s', 'clock_nanosleep']);
      const [header, line, ...rest] = result.stdout.trim().split('\n');
      const separator = format === 'csv' ? ',' : '\t';
      assert.deepEqual(header!.split(separator), ['pid', 'cmd', 'syscall', 'id', 'abi', 'count', 'timed', 'time_ns', 'avg_ns', 'max_ns']);
      assert.deepEqual(rest, []);
      const [, , syscall, , , count, timed, time_ns, avg_ns, max_ns] = line!.split(separator);
      checkSleeps(
        { syscall: syscall!, count: Number(count), timed: Number(timed), time_ns: Number(time_ns), avg_ns: Number(avg_ns), max_ns: Number(max_ns) },
        wallNs,
      );
    }
  });

  test('the table: TIME AVG MAX in human units, and the histogram after it, its counts adding up to the calls', async () => {
    const { result } = await traceSleeps(commOf('sbp-tt'), ['--histogram', '-s', 'clock_nanosleep,getppid', '--sort', 'max']);
    const [table, ...histograms] = result.stdout.split('\n\n');
    const lines = table!.trim().split('\n');
    assert.match(lines[0]!, /^PID +CMD +SYSCALL +COUNT +TIME +AVG +MAX$/);
    const fields = lines.slice(1).map((line) => line.trim().split(/\s+/));
    assert.deepEqual(
      fields.map((f) => [f[2], f[3]]),
      [
        ['getppid', String(SLEEPS)],
        ['clock_nanosleep', String(SLEEPS)],
      ],
      'ascending by max',
    );
    const unit = /^\d+(\.\d+)?(ns|us|ms|s)$/;
    for (const f of fields) for (const cell of f.slice(4)) assert.match(cell, unit);
    assert.match(fields[1]![6]!, /^(\d+(\.\d+)?ms|\d+(\.\d+)?s)$/, 'the longest sleep is 10 ms or more');
    assert.deepEqual(
      histograms.map((h) => h.split('\n')[0]),
      [`getppid: ${SLEEPS} timed calls`, `clock_nanosleep: ${SLEEPS} timed calls`],
    );
    for (const histogram of histograms) {
      const counts = histogram
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => Number(/ (\d+) \|/.exec(line)![1]));
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        SLEEPS,
      );
    }
  });

  test('a read blocked since before the banner is counted, not timed: UNTIMED 1, no time', async () => {
    const cat = spawn('cat', [], { stdio: ['pipe', 'pipe', 'ignore'] });
    const echoed = new Promise<void>((resolve) => cat.stdout.once('data', () => resolve()));
    try {
      // Blocked in read(0) (x86_64's number 0, arm64's 63), as the kernel says, before tracing starts.
      const read = process.arch === 'arm64' ? '63' : '0';
      while (readFileSync(`/proc/${cat.pid}/syscall`, 'utf8').split(' ')[0] !== read) await new Promise((resolve) => setTimeout(resolve, 20));
      const tracing = await startTracing(['-t', '-p', String(cat.pid), '-s', 'read']);
      cat.stdin.write('x\n');
      await echoed; // its read completed, and it is blocked in the next one, which never completes while traced
      tracing.child.kill('SIGINT');
      const result = await tracing.result;
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.trim().split('\n');
      assert.match(lines[0]!, /^PID +CMD +SYSCALL +COUNT +TIME +AVG +MAX +UNTIMED$/);
      assert.deepEqual(
        lines.slice(1).map((line) => line.trim().split(/\s+/).slice(1)),
        [['cat', 'read', '1', '-', '-', '-', '1']],
      );
    } finally {
      cat.kill();
    }
  });

  test('command mode: %TIME and a total line, as strace -c', async () => {
    const child = spawn(process.execPath, [CLI, '-t', '-s', 'clock_nanosleep,getppid', '--', workload(), 'paced', String(SLEEPS), String(SLEEP_NS / 1000)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end('go\n');
    const result = await collect(child, 60_000);
    assert.deepEqual([result.code, result.stdout], [0, 'done\n'], "the command's stdout is its own");
    const lines = result.stderr.trim().split('\n');
    const header = lines.findIndex((line) => line.startsWith('PID'));
    assert.match(lines[header]!, /^PID +CMD +SYSCALL +COUNT +%TIME +TIME +AVG +MAX$/);
    const rows = lines.slice(header + 1, -1).map((line) => line.trim().split(/\s+/));
    assert.deepEqual(
      rows.map((r) => [r[2], r[3]]),
      [
        ['getppid', String(SLEEPS)],
        ['clock_nanosleep', String(SLEEPS)],
      ],
    );
    const shares = rows.map((r) => Number(r[4]));
    assert.ok(Math.abs(shares[0]! + shares[1]! - 100) <= 0.1, String(shares));
    assert.ok(shares[1]! > shares[0]!, 'the sleeps take most of the time');
    const total = lines.at(-1)!.trim().split(/\s+/);
    assert.deepEqual(total.slice(0, 3), ['total', String(2 * SLEEPS), '100.0']);
  });
});
