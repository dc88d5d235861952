// --time in the kernel, through the addon: calls of known duration (test/helpers/timed.c) are timed within
// what the helper itself measured around them in user space, on the same clock (CLOCK_MONOTONIC, which
// bpf_ktime_get_ns() reads). The kernel's time of a call lies inside that bracket, so these bounds hold
// however slow or loaded the machine is; only the lower bounds come from the requested durations.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadAddon, type NativeColumns, type NativeTracer, type TracerOptions } from '../../src/core/native.js';
import { CountTable, type CountRow } from '../../src/core/rows.js';
import { SyscallNames } from '../../src/syscalls/names.js';
import { mapMemory } from '../../bench/proc.mjs';
import { HISTOGRAM_VALUE_BYTES, TIME_VALUE_BYTES, countMapBytes } from '../../src/core/memory.js';
import { ROOT, rootSkipReason } from '../support.js';

const names = new SyscallNames('x64');
const MS = 1_000_000;

let helperPath: string | undefined;
function helper(): string {
  if (!helperPath) {
    helperPath = join(mkdtempSync(join(tmpdir(), 'syscallbypid-time-')), 'timed');
    execFileSync('cc', ['-O2', '-Wall', '-o', helperPath, join(ROOT, 'test/helpers/timed.c')]);
  }
  return helperPath;
}

interface Row extends CountRow {
  syscall: string;
}

function rowsOf(columns: NativeColumns): Row[] {
  const table = new CountTable(columns, names);
  return table.indices().map((i) => ({ ...table.row(i), syscall: table.label(i) }));
}

/** The one row of `syscall` (and thread name `comm`, if given); fails if there are several or none. */
function only(rows: Row[], syscall: string, comm?: string): Row {
  const found = rows.filter((r) => r.syscall === syscall && (comm === undefined || r.comm === comm));
  assert.equal(found.length, 1, `${syscall} ${comm ?? ''}: ${JSON.stringify(found)}`);
  return found[0]!;
}

/** Index of the bucket a duration belongs to: the first bound it does not exceed (Prometheus `le`). */
function bucketOf(ns: number, bounds: number[]): number {
  const at = bounds.findIndex((bound) => ns <= bound);
  return at === -1 ? bounds.length : at;
}

interface Run {
  pid: number;
  /** What the helper printed before "done": its user-space measurements. */
  lines: string[];
  tracer: NativeTracer;
}

/**
 * Starts the helper, waits until it is blocked reading its go line (so that read is in flight when the
 * tracer attaches), creates the tracer (`options(pid)`), lets the helper run, and returns once it exited.
 * `during` runs while it works (drains, say). The tracer is still attached: the caller detaches and closes.
 */
async function run(
  args: string[],
  options: (pid: number) => TracerOptions,
  during?: (tracer: NativeTracer, done: () => boolean) => Promise<void>,
): Promise<Run> {
  const child = spawn(helper(), args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let exited = false;
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => ((exited = true), resolve(code))));
  const pid = child.pid!;
  while (!stdout.startsWith('ready\n')) await sleep(5);
  // Blocked in read(2) (number 0 on x86_64) on stdin: the tracer attaches with that call in flight.
  while (!readFileSync(`/proc/${pid}/syscall`, 'utf8').startsWith('0 ')) await sleep(5);
  const tracer = new (loadAddon().Tracer)(options(pid));
  try {
    child.stdin.end('go\n');
    await during?.(tracer, () => exited);
    const code = await exit;
    assert.equal(code, 0, `timed ${args.join(' ')}: exit ${code}, ${stdout}`);
    assert.ok(stdout.endsWith('done\n'), stdout);
    return { pid, lines: stdout.split('\n').slice(1, -2), tracer };
  } catch (error) {
    tracer.close();
    throw error;
  }
}

/** The numbers of the helper's "wall ..." line. */
const wall = (lines: string[]) =>
  lines
    .find((l) => l.startsWith('wall '))!
    .split(' ')
    .slice(1)
    .map(Number);

function finalRows(tracer: NativeTracer): Row[] {
  tracer.detach();
  const rows = rowsOf(tracer.read());
  tracer.close();
  return rows;
}

describe('--time in the kernel', { skip: rootSkipReason(), timeout: 120_000 }, () => {
  const bounds = loadAddon().histogramBoundsNs;

  test('100 nanosleep of 10 ms: 100 timed, 1 s at least, within what the caller measured; buckets sum to them', async () => {
    const { lines, tracer } = await run(['nanosleep', '100', '10'], (pid) => ({ maxEntries: 256, pids: [pid], histogram: true }));
    const rows = finalRows(tracer);
    const [sum, max] = wall(lines);
    const sleeps = only(rows, 'nanosleep', 'tm-nanosleep');
    assert.equal(sleeps.count, 100);
    assert.equal(sleeps.timed, 100);
    // nanosleep sleeps at least what it is asked; the kernel's time of a call lies within its caller's bracket.
    assert.ok(sleeps.timeNs! >= 100 * 10 * MS && sleeps.timeNs! <= sum!, `${sleeps.timeNs} in [1e9, ${sum}]`);
    assert.ok(sleeps.maxNs! >= 10 * MS && sleeps.maxNs! <= max!, `${sleeps.maxNs} in [1e7, ${max}]`);
    const buckets = sleeps.buckets!;
    assert.equal(buckets.length, bounds.length + 1);
    assert.equal(
      buckets.reduce((a, b) => a + b, 0),
      100,
    );
    // No call under 10 ms, so none below 10 ms's bucket (2^23 < 10^7 <= 2^24); none above the longest's.
    assert.equal(bucketOf(10 * MS, bounds), 14);
    assert.deepEqual(buckets.slice(0, 14), new Array(14).fill(0));
    const longest = bucketOf(sleeps.maxNs!, bounds);
    assert.ok(buckets[longest]! >= 1, `the longest call's bucket ${longest}: ${buckets.join(',')}`);
    assert.deepEqual(buckets.slice(longest + 1), new Array(bounds.length - longest).fill(0));
    // Every row's buckets add up to its timed calls.
    for (const row of rows)
      assert.equal(
        row.buckets!.reduce((a, b) => a + b, 0),
        row.timed,
        JSON.stringify(row),
      );
  });

  test("a read blocked 300 ms on a pipe: one call of 300 ms at least, within its caller's bracket", async () => {
    const { lines, tracer } = await run(['pipe', '300'], (pid) => ({ maxEntries: 256, pids: [pid], time: true }));
    const rows = finalRows(tracer);
    const [took] = wall(lines);
    const read = only(rows, 'read', 'tm-pipe');
    assert.equal(read.count, 1);
    assert.equal(read.timed, 1);
    assert.ok(read.timeNs! >= 300 * MS && read.timeNs! <= took!, `${read.timeNs} in [3e8, ${took}]`);
    assert.equal(read.maxNs, read.timeNs);
    assert.equal(read.buckets, undefined, 'no histogram unless asked');
  });

  test('a read restarted after a signal: each completion timed from its own entry, rt_sigreturn from its own', async () => {
    const { lines, tracer } = await run(['restart', '300'], (pid) => ({ maxEntries: 256, pids: [pid], time: true }));
    const rows = finalRows(tracer);
    const [took] = wall(lines);
    const read = only(rows, 'read', 'tm-restart');
    // The interrupted completion (-ERESTARTSYS, -512: an error) and the restarted one, each timed.
    assert.deepEqual([read.count, read.errors, read.timed], [2, 1, 2]);
    // Each blocked 150 ms at least; the handler's time between them is not the read's.
    assert.ok(read.timeNs! >= 300 * MS && read.timeNs! <= took!, `${read.timeNs} in [3e8, ${took}]`);
    assert.ok(read.maxNs! >= 150 * MS && read.maxNs! <= read.timeNs! - 150 * MS, `${read.maxNs}`);
    const sigreturn = only(rows, 'rt_sigreturn', 'tm-restart');
    assert.deepEqual([sigreturn.count, sigreturn.timed], [1, 1]);
    assert.ok(sigreturn.timeNs! > 0 && sigreturn.timeNs! <= took!);
  });

  test('getppid x 100000: every one counted and timed, under 2 us on average; the read in flight at attach is counted, not timed', async () => {
    const { tracer } = await run(['getppid', '100000'], (pid) => ({ maxEntries: 256, pids: [pid], time: true }));
    const rows = finalRows(tracer);
    const calls = only(rows, 'getppid', 'tm-getppid');
    assert.equal(calls.count, 100_000);
    assert.equal(calls.timed, 100_000);
    assert.ok(calls.timeNs! > 0 && calls.timeNs! / calls.timed < 2000, `average ${calls.timeNs! / calls.timed} ns`);
    // The go line's read entered before the tracer attached: counted, with no time at all.
    const inFlight = only(rows, 'read', 'timed');
    assert.deepEqual([inFlight.count, inFlight.timed, inFlight.timeNs, inFlight.maxNs], [1, 0, 0, 0]);
    assert.ok(
      rows.every((r) => r.timed! <= r.count && r.timeNs! >= 0 && r.maxNs! <= r.timeNs!),
      JSON.stringify(rows),
    );
  });

  /**
   * Starts the helper in a spinning mode (threads calling without pause), attaches while they call, waits
   * for 10,000 completions, stops them; returns the rows.
   */
  async function traceSpinning(mode: string): Promise<Row[]> {
    const child = spawn(helper(), [mode], { stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.write('go\n');
    while (!stdout.includes('spinning\n')) await sleep(5);
    const pid = child.pid!;
    while (!readFileSync(`/proc/${pid}/syscall`, 'utf8').startsWith('0 ')) await sleep(5); // the stop line's read
    const tracer = new (loadAddon().Tracer)({ maxEntries: 256, pids: [pid], time: true });
    try {
      while (tracer.completions() < 10_000) await sleep(5);
      child.stdin.end('stop\n');
      assert.equal(await exit, 0);
      return finalRows(tracer);
    } finally {
      tracer.close();
    }
  }

  test('two threads calling without pause as tracing begins: all their calls timed but the one each had in flight', async () => {
    // Counting starts once every program is attached: a call that completes untimed entered before
    // tracing began, at most one a thread, and not in the moment between two attachments (with the
    // completion's program attached last, some runs had thousands).
    const rows = await traceSpinning('spin');
    const calls = only(rows, 'getppid', 'tm-spin');
    assert.ok(calls.count >= 10_000 && calls.count - calls.timed! <= 2, `${calls.count} calls, ${calls.timed} timed`);
    const stop = only(rows, 'read', 'tm-spin');
    assert.deepEqual([stop.count, stop.timed], [1, 0]);
  });

  test('calls that seccomp refuses, made without pause as tracing begins: none timed from an earlier entry', async () => {
    // Each refused getppid follows a getpid. With the entry program attached before the completion's
    // and counting at once, a getpid completing between the two attachments left its stamp behind for
    // the refused call after it (bogus times of a millisecond to tens of ms).
    const rows = await traceSpinning('refused');
    const refused = only(rows, 'getppid', 'tm-refused');
    const made = only(rows, 'getpid', 'tm-refused');
    assert.ok(refused.count > 0 && made.count > 0, JSON.stringify([refused, made]));
    assert.deepEqual([refused.errors, refused.timed, refused.timeNs], [refused.count, 0, 0]);
    assert.ok(made.count - made.timed! <= 4, `${made.count} getpid, ${made.timed} timed`);
  });

  test("a call that seccomp refuses before it enters: counted, never timed from an earlier call's entry", async () => {
    // The kernel runs sys_exit for it but not sys_enter: only the completion's clearing of the stamp keeps
    // it from being timed from the previous call's entry.
    const { tracer } = await run(['seccomp', '1000'], (pid) => ({ maxEntries: 256, pids: [pid], time: true }));
    const rows = finalRows(tracer);
    const refused = only(rows, 'getppid', 'tm-seccomp');
    assert.deepEqual([refused.count, refused.errors, refused.timed, refused.timeNs, refused.maxNs], [1000, 1000, 0, 0, 0]);
  });

  test('execve: entered in the old image, completed in the new, counted once and timed across', async () => {
    const { lines, tracer } = await run(['exec'], (pid) => ({ maxEntries: 256, pids: [pid], time: true }));
    const rows = finalRows(tracer);
    const [took] = wall(lines);
    const execve = only(rows, 'execve');
    assert.equal(execve.comm, 'exe', "completed under the new image's name");
    assert.equal(execve.count, 1);
    assert.equal(execve.timed, 1);
    assert.ok(execve.timeNs! > 0 && execve.timeNs! <= took! && execve.timeNs! < 1000 * MS, `${execve.timeNs} in (0, ${took}]`);
  });

  test("fork: the parent's calls are timed; the new processes' returns are neither counted nor timed, exit_group never appears", async () => {
    const { pid, tracer } = await run(['fork', '20'], () => ({ maxEntries: 256, comms: ['tm-fork'], time: true }));
    const rows = finalRows(tracer);
    const children = rows.filter((r) => r.pid !== pid);
    assert.ok(children.length > 0, 'the children made calls of their own (set_robust_list)');
    assert.deepEqual(
      children.filter((r) => r.syscall === 'clone'),
      [],
      "the children's return from clone",
    );
    const clone = only(rows, 'clone', 'tm-fork');
    assert.equal(clone.count, 20);
    assert.equal(clone.timed, 20);
    assert.equal(rows.filter((r) => r.syscall === 'exit_group').length, 0);
  });

  /** Adds up rows of the same key (pieces of drains), as the session does. */
  function addUp(pieces: NativeColumns[]): Row[] {
    const total = new Map<string, Row>();
    for (const row of pieces.flatMap(rowsOf)) {
      const key = `${row.pid}/${row.comm}/${row.syscall}`;
      const seen = total.get(key);
      if (!seen) total.set(key, { ...row, buckets: [...row.buckets!] });
      else {
        seen.count += row.count;
        seen.errors += row.errors;
        seen.timed! += row.timed!;
        seen.timeNs! += row.timeNs!;
        seen.maxNs = Math.max(seen.maxNs!, row.maxNs!);
        row.buckets!.forEach((n, b) => (seen.buckets![b]! += n));
      }
    }
    return [...total.values()];
  }

  /** The rows of 100 x 10 ms nanosleep with collide, read in pieces: exact counts, times within the caller's brackets. */
  function checkSleeps(rows: Row[], lines: string[]): void {
    const failed = only(rows, 'fdatasync', 'tm-nanosleep');
    assert.deepEqual([failed.count, failed.errors, failed.timed], [100, 100, 100]);
    const [sum, max] = wall(lines);
    const sleeps = only(rows, 'nanosleep', 'tm-nanosleep');
    assert.deepEqual([sleeps.count, sleeps.timed], [100, 100]);
    assert.ok(sleeps.timeNs! >= 100 * 10 * MS && sleeps.timeNs! <= sum!, `${sleeps.timeNs} in [1e9, ${sum}]`);
    assert.ok(sleeps.maxNs! >= 10 * MS && sleeps.maxNs! <= max!, `${sleeps.maxNs} in [1e7, ${max}]`);
    assert.equal(
      sleeps.buckets!.reduce((a, b) => a + b, 0),
      100,
    );
  }

  // With collide, each call moves the other's counts from the CPU's slot into the map: the map's timed path
  // (atomic adds, the compare-exchange max, the buckets) is what the drains take.
  test('drain() carries the time columns: the drained pieces and the last pending add up to the known calls', async () => {
    const pieces: NativeColumns[] = [];
    const { lines, tracer } = await run(
      ['nanosleep', '100', '10', 'collide'],
      (pid) => ({ maxEntries: 256, pids: [pid], histogram: true, drain: true }),
      async (tracer, done) => {
        while (!done()) {
          await sleep(100);
          pieces.push(tracer.drain().drained);
        }
      },
    );
    tracer.detach();
    const last = tracer.drain();
    tracer.close();
    pieces.push(last.drained, last.pending);
    for (const piece of pieces) {
      for (const column of [piece.timed, piece.timeNs, piece.maxNs]) assert.equal(column!.length, piece.pid.length);
      assert.equal(piece.buckets!.length, piece.pid.length * (bounds.length + 1));
    }
    const drains = pieces.filter((p) => rowsOf(p).some((r) => r.syscall === 'nanosleep')).length;
    assert.ok(drains >= 2, `the sleeps spread over ${drains} drains`);
    checkSleeps(addUp(pieces), lines);
  });

  test("collect() keeps the time columns in the tracer's own table: read() has them all", async () => {
    let collects = 0;
    const { lines, tracer } = await run(
      ['nanosleep', '100', '10', 'collide'],
      (pid) => ({ maxEntries: 256, pids: [pid], histogram: true, drain: true }),
      async (tracer, done) => {
        while (!done()) {
          await sleep(100);
          collects += tracer.collect() > 0 ? 1 : 0;
        }
      },
    );
    assert.ok(collects >= 2, `${collects} collects moved keys`);
    checkSleeps(finalRows(tracer), lines);
  });

  test('completions() counts timed tracers too', async () => {
    const { tracer } = await run(['getppid', '1000'], (pid) => ({ maxEntries: 256, pids: [pid], time: true }));
    tracer.detach();
    const total = rowsOf(tracer.read()).reduce((sum, r) => sum + r.count, 0);
    assert.equal(tracer.completions(), total);
    tracer.close();
  });

  test('the kernel charges a timed count map what countMapBytes says', () => {
    for (const [options, valueBytes] of [
      [{ time: true }, TIME_VALUE_BYTES],
      [{ histogram: true }, HISTOGRAM_VALUE_BYTES],
    ] as const) {
      const tracer = new (loadAddon().Tracer)({ maxEntries: 3000, drain: true, ...options });
      try {
        const maps = Object.values(mapMemory(process.pid)).filter((m) => m.entries === 3000);
        assert.equal(maps.length, 2, 'the count map and its spare');
        // struct bpf_htab's size changes between kernel versions by a few bytes, nothing else.
        for (const { memlock } of maps) assert.ok(Math.abs(countMapBytes(3000, undefined, valueBytes) - memlock) < 256, `${memlock}`);
      } finally {
        tracer.close();
      }
    }
  });

  test('a real sleep-heavy program: the same total as strace -c -w gives for its sleeps, within 10 %', () => {
    // strace -w times each call by the wall clock from its entry stop to its exit stop: ptrace's own stops
    // add a little to each; 20 sleeps of 50 ms leave that far below 10 %.
    // sleep under a name of its own: any other sleep on the machine would be counted too.
    const comm = `sbp-sleep${process.pid % 100000}`;
    const sleeper = join(mkdtempSync(join(tmpdir(), 'syscallbypid-sleep-')), comm);
    copyFileSync('/bin/sleep', sleeper);
    execFileSync('chmod', ['755', sleeper]);
    const tracer = new (loadAddon().Tracer)({ maxEntries: 4096, comms: [comm], time: true });
    let strace: string;
    try {
      const loop = `for i in $(seq 20); do ${sleeper} 0.05; done`;
      // strace -c writes its summary to stderr.
      const traced = spawnSync('strace', ['-f', '-c', '-w', '-e', 'trace=clock_nanosleep', 'sh', '-c', loop], {
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      assert.equal(traced.status, 0, traced.stderr);
      strace = traced.stderr;
    } catch (error) {
      tracer.close();
      throw error;
    }
    assert.equal(tracer.droppedSyscalls(), 0);
    const rows = finalRows(tracer).filter((r) => r.syscall === 'clock_nanosleep');
    const line = /^\s*[\d.]+\s+([\d.]+)\s+\d+\s+(\d+)\s+clock_nanosleep$/m.exec(strace);
    assert.ok(line, strace);
    const [straceSeconds, straceCalls] = [Number(line[1]), Number(line[2])];
    const calls = rows.reduce((sum, r) => sum + r.count, 0);
    const seconds = rows.reduce((sum, r) => sum + r.timeNs!, 0) / 1e9;
    assert.deepEqual([calls, rows.reduce((sum, r) => sum + r.timed!, 0), straceCalls], [20, 20, 20]);
    assert.ok(seconds >= 20 * 0.05 && Math.abs(seconds - straceSeconds) <= 0.1 * straceSeconds, `${seconds} s against strace's ${straceSeconds} s`);
  });
});
