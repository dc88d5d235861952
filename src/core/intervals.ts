// Interval mode's counts (-i, --live): each interval's growth, from what the drains moved out of the
// kernel during it and what the CPUs' slots hold at its end. The addon names each key by an id
// (NativeColumns.key); here each key has a row of the run's columns, in order of arrival, so that a
// count costs a few typed-array reads and writes: an interval costs in proportion to the keys that
// changed in it, and no key is an object or a string.
import type { NativeColumns } from './native.js';
import { CountTable, type TableShape } from './rows.js';
import type { SyscallNames } from '../syscalls/names.js';

/** Typed arrays that grow, holding their contents. */
type Growable = Uint32Array | Int32Array | Uint8Array | Float64Array;
export function grown<T extends Growable>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/** Room an interval's scratch keeps for this many keys at least, however few change. */
const SCRATCH_KEYS = 1024;

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

export interface IntervalOptions {
  /** Keep the run's totals for totals() and table() (--live); else only the keys and their longest calls (-i). */
  totals?: boolean;
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
  private readonly keepsTotals: boolean;
  private shape: TableShape = { hasTime: false, bucketsPerRow: 0 };
  /** Amounts a key (amountAt's order). */
  private width = 2;
  /** Rows of the run (keys seen, in order of arrival) and room for. */
  private length = 0;
  private capacity = 0;
  /** By the addon's key id: the key's row + 1, 0 for a key not seen yet (ids may come in any order). */
  private rowOf = new Uint32Array(0);
  /** The run by row: each key's fields and longest call; with totals, what the intervals reported, added up. */
  private run: NativeColumns;
  private readonly commIndex = new Map<string, number>();
  /** By row: 1 once the key was drained; and how many were. */
  private drainedOnce = new Uint8Array(0);
  private drainedRows = 0;
  /** The interval's keys (drained or pending) by row: a row's stamp is the interval's number once it is among them. */
  private stamp = new Uint32Array(0);
  /** By row: where the key is in `touched`, its position in the scratch below. */
  private position = new Uint32Array(0);
  private interval = 1;
  private touched: number[] = [];
  /** By position, `width` a key: what the interval's drains moved out. */
  private drained = new Float64Array(0);
  /** By position: the longest call the interval's drains and slots had. */
  private longest = new Float64Array(0);
  /** By position: what the CPUs' slots hold at the interval's end (a few keys: at most the slots). */
  private readonly pending = new Map<number, Float64Array>();
  /** By row: pending amounts already reported, not yet drained (at most as many keys as slots). */
  private readonly credited = new Map<number, Float64Array>();
  /** Completions drained so far. */
  private drainedCompletions = 0;

  constructor(
    private readonly names: SyscallNames,
    options: IntervalOptions = {},
  ) {
    this.keepsTotals = options.totals ?? false;
    this.run = this.columns(0, this.keepsTotals);
  }

  /** Distinct keys drained since the start. */
  get rows(): number {
    return this.drainedRows;
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
   * counts were added as drained): its growth, in key order. Its rows' runRow(i) are rows of totals().
   */
  next(slots?: NativeColumns): CountTable {
    if (slots) this.take(slots, true);
    const { width, run, drained, longest } = this;
    const { hasTime, bucketsPerRow } = this.shape;
    const changed: number[] = [];
    for (let at = 0; at < this.touched.length; at++) {
      const row = this.touched[at]!;
      const base = at * width;
      const credit = this.credited.get(row);
      const pending = this.pending.get(at);
      // The growth is written over the drained amounts, not needed after it. Most keys were drained
      // only, with nothing pending before or now: their growth is what was drained.
      if (credit || pending) {
        const left = new Float64Array(width);
        let owed = false;
        for (let j = 0; j < width; j++) {
          const c = credit?.[j] ?? 0;
          const p = pending?.[j] ?? 0;
          left[j] = Math.max(c - drained[base + j]!, p);
          owed ||= left[j]! > 0;
          drained[base + j] = Math.max(drained[base + j]! + p - c, 0);
        }
        if (owed) this.credited.set(row, left);
        else this.credited.delete(row);
      }
      // The longest call since the start: a CPU's slot holds calls from before the interval.
      if (hasTime) run.maxNs![row] = Math.max(run.maxNs![row]!, longest[at]!);
      let grew = false;
      for (let j = 0; j < width; j++) grew ||= drained[base + j]! > 0;
      if (!grew) continue;
      if (this.keepsTotals) {
        run.count[row]! += drained[base]!;
        run.errors[row]! += drained[base + 1]!;
        if (hasTime) {
          run.timed![row]! += drained[base + 2]!;
          run.timeNs![row]! += drained[base + 3]!;
        }
        for (let b = 0; b < bucketsPerRow; b++) run.buckets![row * bucketsPerRow + b]! += drained[base + 4 + b]!;
      }
      changed.push(at);
    }
    changed.sort((a, b) => this.inKeyOrder(this.touched[a]!, this.touched[b]!));
    const table = this.tableOf(
      changed,
      (at) => this.touched[at]!,
      (at, j) => drained[at * width + j]!,
    );
    this.endInterval();
    return table;
  }

  /**
   * With { totals: true }: the counts reported so far, a row a key in order of arrival (not key order):
   * an interval's runRow(i) is its row here. Views of the run's columns, as of the last next().
   */
  totals(): CountTable {
    this.needTotals();
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

  /** With { totals: true }: the counts reported so far in key order, the run's table once nothing is in flight. */
  table(): CountTable {
    this.needTotals();
    const rows = Array.from({ length: this.length }, (_, row) => row).sort((a, b) => this.inKeyOrder(a, b));
    const { run } = this;
    const perRow = this.shape.bucketsPerRow;
    const columns = [run.count, run.errors, run.timed, run.timeNs];
    return this.tableOf(
      rows,
      (row) => row,
      (row, j) => (j < 4 ? columns[j]![row]! : run.buckets![row * perRow + j - 4]!),
    );
  }

  private needTotals(): void {
    if (!this.keepsTotals) throw new Error('IntervalCounts: the run is kept with { totals: true } only');
  }

  /** Takes columns into the interval: `pending` or drained, added up per key (the CPUs' slots may repeat one). */
  private take(c: NativeColumns, pending: boolean): void {
    const ids = c.key;
    if (!ids) throw new Error('IntervalCounts: columns without key ids (the tracer needs { keyIds: true })');
    if (c.count.length > 0) this.learnShape(c);
    const { width } = this;
    const perRow = this.shape.bucketsPerRow;
    for (let i = 0; i < ids.length; i++) {
      const known = this.rowOf[ids[i]!];
      const row = known ? known - 1 : this.learn(ids[i]!, c, i);
      const at = this.positionOf(row);
      if (pending) {
        let amounts = this.pending.get(at);
        if (!amounts) this.pending.set(at, (amounts = new Float64Array(width)));
        for (let j = 0; j < width; j++) amounts[j]! += amountAt(c, i, j, perRow);
      } else {
        for (let j = 0; j < width; j++) this.drained[at * width + j]! += amountAt(c, i, j, perRow);
        if (!this.drainedOnce[row]) {
          this.drainedOnce[row] = 1;
          this.drainedRows++;
        }
      }
      if (c.maxNs) this.longest[at] = Math.max(this.longest[at]!, c.maxNs[i]!);
    }
  }

  /** The row's position in the interval's scratch, given one (zeroed) if the interval has not seen it. */
  private positionOf(row: number): number {
    if (this.stamp[row] === this.interval) return this.position[row]!;
    this.stamp[row] = this.interval;
    const at = (this.position[row] = this.touched.push(row) - 1);
    if (at >= this.longest.length) {
      const keys = Math.max(SCRATCH_KEYS, 2 * this.longest.length);
      this.drained = grown(this.drained, keys * this.width);
      this.longest = grown(this.longest, keys);
    }
    this.drained.fill(0, at * this.width, (at + 1) * this.width);
    this.longest[at] = 0;
    return at;
  }

  /** Empties the scratch; after a burst, gives back what the interval's keys no longer need. */
  private endInterval(): void {
    const used = this.touched.length;
    this.touched = [];
    this.pending.clear();
    this.interval++;
    if (this.longest.length > SCRATCH_KEYS && used * 4 < this.longest.length) {
      const keys = Math.max(SCRATCH_KEYS, this.longest.length / 2);
      this.drained = new Float64Array(keys * this.width);
      this.longest = new Float64Array(keys);
    }
  }

  /** A new key, the addon's `id`: its fields from row i of `c`, its row of the run. */
  private learn(id: number, c: NativeColumns, i: number): number {
    const row = this.length++;
    if (row >= this.capacity) this.grow(Math.max(SCRATCH_KEYS, 2 * this.capacity));
    if (id >= this.rowOf.length) this.rowOf = grown(this.rowOf, Math.max(SCRATCH_KEYS, 2 * this.rowOf.length, id + 1));
    this.rowOf[id] = row + 1;
    const { run } = this;
    run.pid[row] = c.pid[i]!;
    run.tid[row] = c.tid[i]!;
    run.id[row] = c.id[i]!;
    run.abi[row] = c.abi[i]!;
    run.cgroup[row] = c.cgroup[i]!;
    const comm = c.comms[c.commIndex[i]!]!;
    let index = this.commIndex.get(comm);
    if (index === undefined) {
      index = run.comms.push(comm) - 1;
      this.commIndex.set(comm, index);
    }
    run.commIndex[row] = index;
    return row;
  }

  private grow(capacity: number): void {
    const c = this.run;
    const amounts = this.keepsTotals ? capacity : 0;
    this.run = {
      pid: grown(c.pid, capacity),
      tid: grown(c.tid, capacity),
      id: grown(c.id, capacity),
      abi: grown(c.abi, capacity),
      cgroup: grown(c.cgroup, capacity),
      count: grown(c.count, amounts),
      errors: grown(c.errors, amounts),
      commIndex: grown(c.commIndex, capacity),
      comms: c.comms,
      ...(c.timed && { timed: grown(c.timed, amounts), timeNs: grown(c.timeNs!, amounts), maxNs: grown(c.maxNs!, capacity) }),
      ...(c.buckets && { buckets: grown(c.buckets, amounts * this.shape.bucketsPerRow) }),
    };
    this.drainedOnce = grown(this.drainedOnce, capacity);
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
    this.run = this.columns(this.capacity, this.keepsTotals);
    this.drained = new Float64Array(this.longest.length * this.width);
  }

  /** Columns of the table's shape for `n` keys; the amounts (count to buckets) only `withAmounts`. */
  private columns(n: number, withAmounts: boolean): NativeColumns {
    const { hasTime, bucketsPerRow } = this.shape;
    const amounts = withAmounts ? n : 0;
    return {
      pid: new Uint32Array(n),
      tid: new Uint32Array(n),
      id: new Int32Array(n),
      abi: new Uint8Array(n),
      cgroup: new Float64Array(n),
      count: new Float64Array(amounts),
      errors: new Float64Array(amounts),
      commIndex: new Uint32Array(n),
      comms: [],
      ...(hasTime && { timed: new Float64Array(amounts), timeNs: new Float64Array(amounts), maxNs: new Float64Array(n) }),
      ...(bucketsPerRow > 0 && { buckets: new Float64Array(amounts * bucketsPerRow) }),
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

  /** A table of `items`, each the run's row rowOf(item) with amount(item, j) in amountAt's order, and the row's longest call. */
  private tableOf<T>(items: T[], rowOf: (item: T) => number, amount: (item: T, j: number) => number): CountTable {
    const n = items.length;
    const { shape, run } = this;
    const perRow = shape.bucketsPerRow;
    const out = this.columns(n, true);
    out.comms = run.comms;
    const runRows = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const item = items[i]!;
      const row = (runRows[i] = rowOf(item));
      out.pid[i] = run.pid[row]!;
      out.tid[i] = run.tid[row]!;
      out.id[i] = run.id[row]!;
      out.abi[i] = run.abi[row]!;
      out.cgroup[i] = run.cgroup[row]!;
      out.commIndex[i] = run.commIndex[row]!;
      out.count[i] = amount(item, 0);
      out.errors[i] = amount(item, 1);
      if (shape.hasTime) {
        out.timed![i] = amount(item, 2);
        out.timeNs![i] = amount(item, 3);
        out.maxNs![i] = run.maxNs![row]!;
      }
      for (let b = 0; b < perRow; b++) out.buckets![i * perRow + b] = amount(item, 4 + b);
    }
    return new CountTable({ ...out, runRow: runRows }, this.names, perRow);
  }
}
