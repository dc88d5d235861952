// Interval mode's counts (-i, --live): each interval's growth, from what the drains moved out of the
// kernel during it and what the CPUs' slots hold at its end. An interval costs in proportion to the
// keys that changed in it, not to every key since the start.
import type { NativeColumns } from './native.js';
import { CountTable, type CountRow, type TableShape } from './rows.js';
import type { SyscallNames } from '../syscalls/names.js';

const keyOf = (c: NativeColumns, i: number) => `${c.pid[i]}/${c.tid[i]}/${c.id[i]}/${c.abi[i]}/${c.cgroup[i]}/${c.comms[c.commIndex[i]!]}`;

/** A table's columns past the counts (time, buckets), known from the first columns that come. */
function shapeOf(c: NativeColumns): TableShape {
  const rows = c.count.length;
  return { hasTime: c.timed !== undefined, bucketsPerRow: c.buckets && rows > 0 ? c.buckets.length / rows : 0 };
}

/**
 * The fields of a row that add up, in one order: count, errors, then with time timed and timeNs, then
 * each bucket. maxNs does not add up: it is kept apart.
 */
function amountsOf(c: NativeColumns, i: number, perRow: number): number[] {
  const amounts = [c.count[i]!, c.errors[i]!];
  if (c.timed) amounts.push(c.timed[i]!, c.timeNs![i]!);
  for (let b = 0; b < perRow; b++) amounts.push(c.buckets![i * perRow + b]!);
  return amounts;
}

/** A key's row and what it adds up to so far, in the order of amountsOf. */
interface Entry {
  row: CountRow;
  amounts: number[];
}

/**
 * Adds columns into `into`, one entry per key (a drain's rows are distinct, the CPUs' slots may repeat
 * a key); `added` is told each key and its longest call.
 */
function sumInto(into: Map<string, Entry>, columns: NativeColumns, added?: (key: string, maxNs: number) => void): void {
  const perRow = shapeOf(columns).bucketsPerRow;
  for (let i = 0; i < columns.count.length; i++) {
    const key = keyOf(columns, i);
    const amounts = amountsOf(columns, i, perRow);
    const known = into.get(key);
    if (known) {
      for (let j = 0; j < amounts.length; j++) known.amounts[j]! += amounts[j]!;
    } else {
      const c = columns;
      into.set(key, { row: { pid: c.pid[i]!, tid: c.tid[i]!, comm: c.comms[c.commIndex[i]!]!, id: c.id[i]!, abi: c.abi[i]!, count: 0, errors: 0 }, amounts });
    }
    added?.(key, columns.maxNs?.[i] ?? 0);
  }
}

// Key order, as the addon sorts a read (pid, tid, thread name's bytes, syscall number, ABI): the order
// ties print in. A name is one char a byte, so comparing the strings compares the bytes.
const inKeyOrder = (a: CountRow, b: CountRow) =>
  a.pid - b.pid || a.tid - b.tid || (a.comm < b.comm ? -1 : a.comm > b.comm ? 1 : 0) || a.id - b.id || a.abi - b.abi;

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
  /** What the drains of the current interval moved out of the kernel, by key. */
  private drained = new Map<string, Entry>();
  /** Pending amounts already reported, not yet drained, by key: as many keys as slots at most. */
  private readonly credited = new Map<string, number[]>();
  /** Every key drained so far (the rows of the run's table), with its longest call since the start. */
  private readonly keys = new Map<string, number>();
  /** With time: the longest call of each key seen pending and not drained yet (few: the slots' keys). */
  private readonly pendingMax = new Map<string, number>();
  private shape: TableShape = { hasTime: false, bucketsPerRow: 0 };
  /** Completions drained so far. */
  private drainedCompletions = 0;

  constructor(private readonly names: SyscallNames) {}

  /** Distinct keys drained since the start. */
  get rows(): number {
    return this.keys.size;
  }

  /** Completions out of the kernel since the start (the kernel holds the rest). */
  get completions(): number {
    return this.drainedCompletions;
  }

  /** Takes a drain's `drained` columns into the current interval. */
  add(drained: NativeColumns): void {
    if (drained.count.length > 0) this.shape = shapeOf(drained);
    sumInto(this.drained, drained, (key, maxNs) => {
      this.keys.set(key, Math.max(this.keys.get(key) ?? 0, this.pendingMax.get(key) ?? 0, maxNs));
      this.pendingMax.delete(key);
    });
    for (let i = 0; i < drained.count.length; i++) this.drainedCompletions += drained.count[i]!;
  }

  /**
   * Ends the interval with what the CPUs' slots hold now (a drain's `pending`; none once the last
   * counts were added as drained): its counts, in key order.
   */
  next(pending?: NativeColumns): CountTable {
    const now = new Map<string, Entry>();
    if (pending) {
      if (pending.count.length > 0) this.shape = shapeOf(pending);
      sumInto(now, pending, (key, maxNs) => this.pendingMax.set(key, Math.max(this.pendingMax.get(key) ?? 0, maxNs)));
    }
    const changed: CountRow[] = [];
    const { hasTime, bucketsPerRow } = this.shape;
    const none: number[] = new Array<number>(2 + (hasTime ? 2 : 0) + bucketsPerRow).fill(0);
    // `row` is drained or pending, owned here: it becomes the interval's row.
    const grow = (key: string, row: CountRow, drained: number[], pending: number[]) => {
      const before = this.credited.get(key);
      let growth = drained; // most keys: drained, nothing pending before or now
      if (before || pending !== none) {
        const credit = before ?? none;
        growth = drained.map((d, j) => Math.max(d + pending[j]! - credit[j]!, 0));
        const left = credit.map((b, j) => Math.max(b - drained[j]!, pending[j]!));
        if (left.some((n) => n > 0)) this.credited.set(key, left);
        else if (before) this.credited.delete(key);
        if (growth.every((n) => n === 0)) return;
      }
      row.count = growth[0]!;
      row.errors = growth[1]!;
      if (hasTime) {
        row.timed = growth[2]!;
        row.timeNs = growth[3]!;
        // The longest call since the start: a CPU's slot holds calls from before the interval.
        row.maxNs = Math.max(this.keys.get(key) ?? 0, this.pendingMax.get(key) ?? 0);
      }
      if (bucketsPerRow > 0) row.buckets = growth.slice(4);
      changed.push(row);
    };
    for (const [key, { row, amounts }] of this.drained) grow(key, row, amounts, now.get(key)?.amounts ?? none);
    for (const [key, { row, amounts }] of now) if (!this.drained.has(key)) grow(key, row, none, amounts);
    this.drained = new Map();
    return CountTable.of(changed.sort(inKeyOrder), this.names, this.shape);
  }
}
