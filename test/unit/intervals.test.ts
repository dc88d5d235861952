// Interval mode's counts (core/intervals.ts, CountSession with { intervals: true }) against a fake
// kernel that keeps a count map, CPU slots and counts in flight between the two, as the addon's does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntervalCounts } from '../../src/core/intervals.js';
import type { Addon, Drained, NativeColumns, NativeTracer } from '../../src/core/native.js';
import type { CountTable, CountRow } from '../../src/core/rows.js';
import { CountSession } from '../../src/core/session.js';
import { SyscallNames } from '../../src/syscalls/names.js';
import { keyedColumns } from '../support.js';

const names = new SyscallNames('x64');
const row = (pid: number, comm: string, id: number, count: number, errors = 0): CountRow => ({ pid, tid: 0, comm, id, abi: 0, count, errors });
const keyOf = (r: CountRow) => `${r.pid}/${r.comm}/${r.id}`;

const rowsOf = (t: CountTable) => t.indices().map((i) => t.row(i));

test('the drains of an interval add up per key; a key in several CPU slots is added up; rows in key order', () => {
  const counts = new IntervalCounts(names, { totals: true });
  const columns = keyedColumns(); // in the order given: a drain gives the map's order, not key order
  counts.add(columns([row(9, 'b', 1, 4), row(3, 'a', 0, 2, 1)]));
  counts.add(columns([row(3, 'a', 0, 5), row(3, 'A', 0, 1)]));
  const first = counts.next(columns([row(9, 'b', 1, 1), row(9, 'b', 1, 2), row(3, 'a', 39, 7)]));
  assert.deepEqual(rowsOf(first), [row(3, 'A', 0, 1), row(3, 'a', 0, 7, 1), row(3, 'a', 39, 7), row(9, 'b', 1, 7)]);
  assert.equal(counts.rows, 3, 'distinct keys drained');
  assert.equal(counts.completions, 12, 'completions drained');
  // The next interval starts empty: the pending counts reported are not reported again.
  assert.deepEqual(rowsOf(counts.next(columns([row(9, 'b', 1, 3), row(3, 'a', 39, 7)]))), []);
  // The run so far: a row a key (in order of arrival), and in key order as its table.
  assert.deepEqual(rowsOf(counts.totals()), [row(9, 'b', 1, 7), row(3, 'a', 0, 7, 1), row(3, 'A', 0, 1), row(3, 'a', 39, 7)]);
  assert.deepEqual(rowsOf(counts.table()), rowsOf(first));
  assert.deepEqual(
    [...Array(first.length).keys()].map((i) => first.runRow(i)),
    [2, 1, 3, 0],
    "an interval's rows name their rows of the run",
  );
});

test('pending counts reported once: drained later, or pending again, or for a moment in neither', () => {
  const counts = new IntervalCounts(names);
  const columns = keyedColumns();
  const intervals = [
    counts.next(columns([row(1, 'a', 0, 5, 2)])), // 5 calls in a slot
    counts.next(columns([])), // the slot's count on its way into the map: in neither
    (counts.add(columns([row(1, 'a', 0, 8, 2)])), counts.next(columns([]))), // drained with 3 more
    counts.next(columns([row(1, 'a', 0, 4)])), // a slot again
    (counts.add(columns([row(1, 'a', 0, 1)])), counts.next(columns([row(1, 'a', 0, 6, 1)]))), // one drained, the slot grew
  ];
  assert.deepEqual(
    intervals.map((t) => rowsOf(t).map((r) => [r.count, r.errors])),
    [[[5, 2]], [], [[3, 0]], [[4, 0]], [[3, 1]]],
  );
});

/**
 * A count map, CPU slots in front of it and a count moving from a slot into the map (in neither for
 * that moment), driven step by step; `truth` is every completion made. Speaks NativeTracer.
 */
class FakeKernel implements NativeTracer {
  map = new Map<string, CountRow>();
  slots: (CountRow | undefined)[] = [undefined, undefined, undefined, undefined];
  moving: CountRow | undefined;
  own = new Map<string, CountRow>();
  truth = new Map<string, number>();
  calls: string[] = [];
  columns = keyedColumns();
  inserted = 0;
  drainedKeys = 0;
  detached = false;

  complete(slot: number, r: CountRow): void {
    assert.ok(!this.detached);
    const held = this.slots[slot];
    if (held && keyOf(held) !== keyOf(r)) this.flush(slot);
    const into = this.slots[slot];
    if (into) {
      into.count += r.count;
      into.errors += r.errors;
    } else this.slots[slot] = { ...r };
    this.truth.set(keyOf(r), (this.truth.get(keyOf(r)) ?? 0) + r.count);
  }
  /** Takes a slot's count out, on its way to the map: in neither until land(). */
  lift(slot: number): void {
    this.land();
    this.moving = this.slots[slot];
    this.slots[slot] = undefined;
  }
  land(): void {
    if (this.moving) this.addTo(this.map, this.moving, true);
    this.moving = undefined;
  }
  flush(slot: number): void {
    this.lift(slot);
    this.land();
  }
  private addTo(into: Map<string, CountRow>, r: CountRow, insert = false): void {
    const known = into.get(keyOf(r));
    if (known) {
      known.count += r.count;
      known.errors += r.errors;
    } else {
      into.set(keyOf(r), { ...r });
      if (insert) this.inserted++;
    }
  }
  private take(): CountRow[] {
    const taken = [...this.map.values()].reverse(); // not in key order
    this.map = new Map();
    this.drainedKeys += taken.length;
    return taken;
  }
  /** Runs after a drain's swap, as keys that reach the new map while the old one is read. */
  duringDrain = () => {};
  drain(): Drained {
    this.calls.push('drain');
    const drained = { drained: this.columns(this.take()), pending: this.columns(this.slots.filter((s) => s !== undefined)) };
    this.duringDrain();
    return drained;
  }
  collect(): number {
    this.calls.push('collect');
    const taken = this.take();
    for (const r of taken) this.addTo(this.own, r);
    return taken.length;
  }
  read(): NativeColumns {
    this.calls.push(this.detached ? 'read' : 'read while counting');
    const all = new Map<string, CountRow>();
    for (const r of [...this.own.values(), ...this.map.values(), ...this.slots.filter((s) => s !== undefined)]) this.addTo(all, r);
    return this.columns([...all.values()].sort((a, b) => a.pid - b.pid || (a.comm < b.comm ? -1 : a.comm > b.comm ? 1 : 0) || a.id - b.id));
  }
  detach(): void {
    this.detached = true;
    this.land();
  }
  fill() {
    return { entries: this.inserted - this.drainedKeys, inserted: this.inserted, rows: this.own.size };
  }
  completions(): number {
    let sum = 0;
    for (const r of [...this.own.values(), ...this.map.values(), ...this.slots.filter((s) => s !== undefined)]) sum += r.count;
    return sum;
  }
  droppedSyscalls = () => 0;
  droppedKeys = () => 0;
  unfollowedProcesses = () => 0;
  skippedSyscalls = () => 0;
  follow(): void {}
  /** What the program's wake-up calls (the addon's onWake). */
  wake = () => {};
  onWake(callback: () => void): void {
    this.wake = callback;
  }
  close(): void {}
}

function sessionOn(kernel: FakeKernel, maxEntries: number, intervals: boolean): CountSession {
  const addon = {
    Tracer: function () {
      return kernel;
    },
  } as unknown as Addon;
  return CountSession.start(addon, { maxEntries }, names, { intervals, totals: intervals });
}

/** A deterministic pseudo-random sequence (xorshift), so that a failure can be replayed. */
function random(seed: number) {
  let x = seed;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

test('interval mode: the intervals and stop() add up to every completion exactly, never ahead of them, reading only drains', () => {
  for (const seed of [1, 7, 42, 1234]) {
    const kernel = new FakeKernel();
    const next = random(seed);
    const session = sessionOn(kernel, 16, true);
    const reported = new Map<string, number>();
    const report = (t: CountTable) => {
      for (const r of rowsOf(t)) {
        assert.ok(r.count >= 0 && r.errors >= 0);
        reported.set(keyOf(r), (reported.get(keyOf(r)) ?? 0) + r.count);
      }
    };
    for (let step = 0; step < 3000; step++) {
      const what = next(100);
      const slot = next(4);
      if (what < 80) kernel.complete(slot, row(1 + next(12), next(2) ? 'w' : 'x', next(3), 1 + next(3), next(2)));
      else if (what < 88) kernel.lift(slot);
      else if (what < 94) kernel.land();
      else if (what < 97) session.poll();
      else {
        report(session.interval());
        for (const [key, count] of reported) assert.ok(count <= kernel.truth.get(key)!, `seed ${seed}: ${key} reported ${count} of ${kernel.truth.get(key)}`);
      }
    }
    report(session.stop());
    assert.deepEqual(new Map([...reported].filter(([, n]) => n > 0)), kernel.truth, `seed ${seed}`);
    // The run's table (what --live prints at the end) is the same, a row a key.
    const table = rowsOf(session.table());
    assert.deepEqual(new Map(table.map((r) => [keyOf(r), r.count])), kernel.truth, `seed ${seed}: the run's table`);
    assert.equal(table.length, kernel.truth.size);
    // read() of the tracer is every key since the start, but in interval mode only once, detached, when its table is empty.
    assert.equal(kernel.calls.indexOf('read'), kernel.calls.length - 1, 'read() only at the end');
    assert.ok(!kernel.calls.includes('collect'));
    assert.ok(kernel.calls.filter((c) => c === 'drain').length > 30);
  }
});

test('interval mode: a poll drains the map once it is a quarter full, into the interval; the status line still counts everything', () => {
  const kernel = new FakeKernel();
  const session = sessionOn(kernel, 12, true);
  for (let pid = 1; pid <= 3; pid++) kernel.complete(0, row(pid, 'p', 0, 10)); // pids 1, 2 flushed into the map
  session.poll();
  assert.deepEqual(kernel.calls, []); // 2 of 12 entries: below a quarter
  kernel.flush(0);
  session.poll();
  assert.deepEqual(kernel.calls, ['drain']);
  assert.deepEqual(session.fill(), { entries: 0, inserted: 3, rows: 3 });
  kernel.complete(1, row(4, 'p', 0, 5));
  assert.equal(session.completions(), 35);
  assert.deepEqual(
    rowsOf(session.interval()).map((r) => [r.pid, r.count]),
    [
      [1, 10],
      [2, 10],
      [3, 10],
      [4, 5],
    ],
  );
  kernel.complete(1, row(4, 'p', 0, 2)); // pid 4's slot, its 5 reported pending, now 7
  kernel.complete(2, row(5, 'p', 0, 1));
  kernel.flush(2);
  assert.deepEqual(
    rowsOf(session.stop()).map((r) => [r.pid, r.count]),
    [
      [4, 2],
      [5, 1],
    ],
  );
  assert.deepEqual(kernel.calls, ['drain', 'drain', 'read']);
});

test('a wake-up nobody listened to goes to the next listener; a drain that leaves the map due wakes the session again', async () => {
  const kernel = new FakeKernel();
  const session = sessionOn(kernel, 12, true); // woken at 3 entries
  kernel.wake(); // between two loops of a mode (-i writing its table, the view being imported)
  let woken = 0;
  const unwatch = session.onWake(() => woken++);
  assert.equal(woken, 0, 'not from inside onWake');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(woken, 1);
  // Three keys reach the map while it is drained: past the mark, which the kernel wakes at only once.
  kernel.duringDrain = () => {
    for (const pid of [1, 2, 3]) {
      kernel.complete(0, row(pid, 'p', 0, 1));
      kernel.flush(0);
    }
  };
  session.interval();
  assert.equal(session.fill().entries, 3);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(woken, 2);
  kernel.duringDrain = () => {};
  session.interval();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(woken, 2, 'a drain that leaves the map below the mark wakes nobody');
  unwatch();
  kernel.wake();
  assert.equal(woken, 2);
});

test('table mode is unchanged: a poll collects into the tracer, stop() reads once; interval() needs interval mode', () => {
  const kernel = new FakeKernel();
  const session = sessionOn(kernel, 12, false);
  for (let pid = 1; pid <= 3; pid++) kernel.complete(0, row(pid, 'p', 0, 10));
  kernel.flush(0);
  session.poll();
  assert.throws(() => session.interval(), /not started with \{ intervals: true \}/);
  assert.deepEqual(
    rowsOf(session.stop()).map((r) => [r.pid, r.count]),
    [
      [1, 10],
      [2, 10],
      [3, 10],
    ],
  );
  assert.deepEqual(kernel.calls, ['collect', 'read']);
});
