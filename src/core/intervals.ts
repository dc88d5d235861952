// Interval mode's counts (-i, --live): each interval's growth, from what the drains moved out of the
// kernel during it and what the CPUs' slots hold at its end, and the run's totals so far. Keys are
// the addon's ids (NativeColumns.key), so that a row costs a few typed-array reads and writes:
// an interval costs in proportion to the keys that changed in it, and no key is an object or a string.
import type { NativeColumns } from './native.js';
import { CountTable, type TableShape } from './rows.js';
import type { SyscallNames } from '../syscalls/names.js';

/** Typed arrays that grow, holding their contents. */
type Growable = Uint32Array | Int32Array | Uint8Array | Float64Array;
function grown<T extends Growable>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/**
 * The amounts of a row that add up, in one order: count, errors, then with time timed and timeNs,
 * then each bucket. maxNs does not add up: it is kept apart.
 */
function amountAt(c: NativeColumns, i: number, j: number, perRow: number): number {
  switch (j) {
    case 0:
      return c.count[i]!;
    case 1:
      return c.errors[i]!;
    case 2:
      return c.timed![i]!;
    case 3:
      return c.timeNs![i]!;
    default:
      return c.buckets![i * perRow + j - 4]!;
  }
}

/**
 * A count is drained (out of the kernel for good) or pending (in a CPU's slot, read at an interval's
 * end), or for a moment in neither while a slot moves it into the map; never in both. A count
 * reported pending at one interval's end is drained later, or still pending. So, per key, an interval
 * reports what was drained during it plus what is pending now, less what earlier intervals reported
 * pending and no drain has had since (`credited`), and never below 0: the counts reported so far
 * never exceed the true count, and once detached (nothing in flight) they equal it. The intervals
 * add up to the whole run exactly, none counted twice.
 */
export class IntervalCounts {
  private shape: TableShape = { hasTime: false, bucketsPerRow: 0 };
  /** Amounts a row (amountAt's order). */
  private width = 2;
  /**
   * Keys known and room for. A key's place in the run's columns is its own, in order of arrival here:
   * the addon's ids are stable but may come in any order (a poll's drain passes its pending ones by).
   */
  private length = 0;
  /** By the addon's key id: the key's place + 1, 0 for a key not seen yet. */
  private keyOf = new Uint32Array(0);
  private capacity = 0;
  /** The run's counts so far by key id: what the intervals reported, added up; maxNs the longest seen. */
  private run: NativeColumns = IntervalCounts.columns(0, this.shape);
  private readonly commIndex = new Map<string, number>();
  /** The interval's keys (drained or pending): a key's stamp is the interval's number once it is among them. */
  private stamp = new Uint32Array(0);
  /** Where a key of the interval is in `touched`, and so its amounts in `drained` and `pending`. */
  private position = new Uint32Array(0);
  private interval = 1;
  private touched: number[] = [];
  /** By position in `touched`, `width` a key: what the interval's drains moved out, and the slots hold. */
  private drained = new Float64Array(0);
  private pending = new Float64Array(0);
  /** Pending amounts already reported, not yet drained, by key id: as many keys as slots at most. */
  private readonly credited = new Map<number, Float64Array>();
  /** Completions drained so far. */
  private drainedCompletions = 0;

  constructor(private readonly names: SyscallNames) {}

  /** Distinct keys reported since the start: the rows of the run's table. */
  get rows(): number {
    return this.length;
  }

  /** Completions out of the kernel since the start (the kernel holds the rest). */
  get completions(): number {
    return this.drainedCompletions;
  }

  /** Takes a drain's `drained` columns into the current interval. */
  add(drained: NativeColumns): void {
    this.take(drained, false);
    for (let i = 0; i < drained.count.length; i++) this.drainedCompletions += drained.count[i]!;
  }

  /**
   * Ends the interval with what the CPUs' slots hold now (a drain's `pending`; none once the last
   * counts were added as drained): its growth, in key order. Its rows' key(i) are the ids of totals().
   */
  next(slots?: NativeColumns): CountTable {
    if (slots) this.take(slots, true);
    const { width, run, drained, pending } = this;
    const { hasTime, bucketsPerRow } = this.shape;
    const changed: number[] = [];
    for (let at = 0; at < this.touched.length; at++) {
      const key = this.touched[at]!;
      const base = at * width;
      const credit = this.credited.get(key);
      let isPending = false;
      for (let j = 0; j < width; j++) isPending ||= pending[base + j]! > 0;
      // The growth is written over the drained amounts, not needed after it. Most keys were drained
      // only, with nothing pending before or now: their growth is what was drained.
      if (credit || isPending) {
        const left = new Float64Array(width);
        let owed = false;
        for (let j = 0; j < width; j++) {
          const c = credit?.[j] ?? 0;
          left[j] = Math.max(c - drained[base + j]!, pending[base + j]!);
          owed ||= left[j]! > 0;
          drained[base + j] = Math.max(drained[base + j]! + pending[base + j]! - c, 0);
        }
        if (owed) this.credited.set(key, left);
        else this.credited.delete(key);
      }
      let grew = false;
      for (let j = 0; j < width; j++) grew ||= drained[base + j]! > 0;
      if (!grew) continue;
      run.count[key]! += drained[base]!;
      run.errors[key]! += drained[base + 1]!;
      if (hasTime) {
        run.timed![key]! += drained[base + 2]!;
        run.timeNs![key]! += drained[base + 3]!;
      }
      for (let b = 0; b < bucketsPerRow; b++) run.buckets![key * bucketsPerRow + b]! += drained[base + 4 + b]!;
      changed.push(at);
    }
    changed.sort((a, b) => this.inKeyOrder(this.touched[a]!, this.touched[b]!));
    const table = this.tableOf(
      changed,
      (at) => this.touched[at]!,
      (at, j) => drained[at * width + j]!,
    );
    this.touched = [];
    this.interval++;
    return table;
  }

  /** The run's counts so far, a row a key in order of arrival (not key order): an interval's key(i) is its row here. */
  totals(): CountTable {
    const n = this.length;
    const c = this.run;
    const cut = <T extends Growable>(column: T) => column.subarray(0, n) as T;
    const columns: NativeColumns = {
      pid: cut(c.pid),
      tid: cut(c.tid),
      id: cut(c.id),
      abi: cut(c.abi),
      cgroup: cut(c.cgroup),
      count: cut(c.count),
      errors: cut(c.errors),
      commIndex: cut(c.commIndex),
      comms: c.comms,
      ...(c.timed && { timed: cut(c.timed), timeNs: cut(c.timeNs!), maxNs: cut(c.maxNs!) }),
      ...(c.buckets && { buckets: c.buckets.subarray(0, n * this.shape.bucketsPerRow) }),
    };
    return new CountTable(columns, this.names, this.shape.bucketsPerRow);
  }

  /** The run's counts so far in key order (pid, tid, thread name, syscall, ABI): the run's table. */
  table(): CountTable {
    const keys = Array.from({ length: this.length }, (_, key) => key).sort((a, b) => this.inKeyOrder(a, b));
    const { run } = this;
    const perRow = this.shape.bucketsPerRow;
    const columns = [run.count, run.errors, run.timed, run.timeNs];
    return this.tableOf(
      keys,
      (key) => key,
      (key, j) => (j < 4 ? columns[j]![key]! : run.buckets![key * perRow + j - 4]!),
    );
  }

  /** Takes columns into the interval: `pending` or drained, added up per key (the CPUs' slots may repeat one). */
  private take(c: NativeColumns, pending: boolean): void {
    const ids = c.key;
    if (!ids) throw new Error('IntervalCounts: columns without key ids (the tracer needs { keyIds: true })');
    if (c.count.length > 0) this.learnShape(c);
    const { width } = this;
    const perRow = this.shape.bucketsPerRow;
    for (let i = 0; i < ids.length; i++) {
      const known = this.keyOf[ids[i]!];
      const key = known ? known - 1 : this.learn(ids[i]!, c, i);
      let at = this.position[key]!;
      if (this.stamp[key] !== this.interval) {
        this.stamp[key] = this.interval;
        at = this.position[key] = this.touched.push(key) - 1;
        if ((at + 1) * width > this.drained.length) {
          this.drained = grown(this.drained, Math.max(1024, 2 * this.drained.length));
          this.pending = grown(this.pending, this.drained.length);
        }
        this.drained.fill(0, at * width, (at + 1) * width);
        this.pending.fill(0, at * width, (at + 1) * width);
      }
      const into = pending ? this.pending : this.drained;
      for (let j = 0; j < width; j++) into[at * width + j]! += amountAt(c, i, j, perRow);
      const longest = this.run.maxNs; // after learn(), which may have grown the columns
      if (c.maxNs) longest![key] = Math.max(longest![key]!, c.maxNs[i]!);
    }
  }

  /** A new key, the addon's `id`: its fields from row i of `c`, its place in the run's columns. */
  private learn(id: number, c: NativeColumns, i: number): number {
    const key = this.length++;
    if (key >= this.capacity) this.grow(Math.max(1024, 2 * this.capacity));
    if (id >= this.keyOf.length) this.keyOf = grown(this.keyOf, Math.max(1024, 2 * this.keyOf.length, id + 1));
    this.keyOf[id] = key + 1;
    const { run } = this;
    run.pid[key] = c.pid[i]!;
    run.tid[key] = c.tid[i]!;
    run.id[key] = c.id[i]!;
    run.abi[key] = c.abi[i]!;
    run.cgroup[key] = c.cgroup[i]!;
    const comm = c.comms[c.commIndex[i]!]!;
    let index = this.commIndex.get(comm);
    if (index === undefined) {
      index = run.comms.push(comm) - 1;
      this.commIndex.set(comm, index);
    }
    run.commIndex[key] = index;
    return key;
  }

  private grow(capacity: number): void {
    const c = this.run;
    const perRow = this.shape.bucketsPerRow;
    this.run = {
      pid: grown(c.pid, capacity),
      tid: grown(c.tid, capacity),
      id: grown(c.id, capacity),
      abi: grown(c.abi, capacity),
      cgroup: grown(c.cgroup, capacity),
      count: grown(c.count, capacity),
      errors: grown(c.errors, capacity),
      commIndex: grown(c.commIndex, capacity),
      comms: c.comms,
      ...(c.timed && { timed: grown(c.timed, capacity), timeNs: grown(c.timeNs!, capacity), maxNs: grown(c.maxNs!, capacity) }),
      ...(c.buckets && { buckets: grown(c.buckets, capacity * perRow) }),
    };
    this.stamp = grown(this.stamp, capacity);
    this.position = grown(this.position, capacity);
    this.capacity = capacity;
  }

  /** The columns past the counts (time, buckets), from the first columns that have rows. */
  private learnShape(c: NativeColumns): void {
    if (this.length > 0) return;
    const shape = { hasTime: c.timed !== undefined, bucketsPerRow: c.buckets ? c.buckets.length / c.count.length : 0 };
    this.shape = shape;
    this.width = 2 + (shape.hasTime ? 2 : 0) + shape.bucketsPerRow;
    this.run = IntervalCounts.columns(this.capacity, shape);
  }

  private static columns(n: number, shape: TableShape): NativeColumns {
    return {
      pid: new Uint32Array(n),
      tid: new Uint32Array(n),
      id: new Int32Array(n),
      abi: new Uint8Array(n),
      cgroup: new Float64Array(n),
      count: new Float64Array(n),
      errors: new Float64Array(n),
      commIndex: new Uint32Array(n),
      comms: [],
      ...(shape.hasTime && { timed: new Float64Array(n), timeNs: new Float64Array(n), maxNs: new Float64Array(n) }),
      ...(shape.bucketsPerRow > 0 && { buckets: new Float64Array(n * shape.bucketsPerRow) }),
    };
  }

  /**
   * Key order, as the addon sorts a read (pid, tid, thread name's bytes, syscall number, ABI, cgroup):
   * the order ties print in. A name is one char a byte, so comparing the strings compares the bytes.
   */
  private inKeyOrder(a: number, b: number): number {
    const c = this.run;
    const ca = c.commIndex[a]!;
    const cb = c.commIndex[b]!;
    const byName = ca === cb ? 0 : c.comms[ca]! < c.comms[cb]! ? -1 : 1;
    return c.pid[a]! - c.pid[b]! || c.tid[a]! - c.tid[b]! || byName || c.id[a]! - c.id[b]! || c.abi[a]! - c.abi[b]! || c.cgroup[a]! - c.cgroup[b]!;
  }

  /** A table of `rows`, each the key keyOf(row) with amount(row, j) in amountAt's order, and the key's longest call. */
  private tableOf<R>(rows: R[], keyOf: (row: R) => number, amount: (row: R, j: number) => number): CountTable {
    const n = rows.length;
    const { shape, run } = this;
    const perRow = shape.bucketsPerRow;
    const out = IntervalCounts.columns(n, shape);
    out.comms = run.comms;
    const ids = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      const key = (ids[i] = keyOf(row));
      out.pid[i] = run.pid[key]!;
      out.tid[i] = run.tid[key]!;
      out.id[i] = run.id[key]!;
      out.abi[i] = run.abi[key]!;
      out.cgroup[i] = run.cgroup[key]!;
      out.commIndex[i] = run.commIndex[key]!;
      out.count[i] = amount(row, 0);
      out.errors[i] = amount(row, 1);
      if (shape.hasTime) {
        out.timed![i] = amount(row, 2);
        out.timeNs![i] = amount(row, 3);
        // The longest call since the start: a CPU's slot holds calls from before the interval.
        out.maxNs![i] = run.maxNs![key]!;
      }
      for (let b = 0; b < perRow; b++) out.buckets![i * perRow + b] = amount(row, 4 + b);
    }
    return new CountTable({ ...out, key: ids }, this.names, perRow);
  }
}
