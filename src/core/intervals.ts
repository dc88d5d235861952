// Interval mode's counts (-i, --live): each interval's growth, from what the drains moved out of the
// kernel during it and what the CPUs' slots hold at its end. An interval costs in proportion to the
// keys that changed in it, not to every key since the start.
import type { NativeColumns } from './native.js';
import { CountTable, type CountRow } from './rows.js';
import type { SyscallNames } from '../syscalls/names.js';

interface Counts {
  count: number;
  errors: number;
}

const keyOf = (c: NativeColumns, i: number) => `${c.pid[i]}/${c.tid[i]}/${c.id[i]}/${c.abi[i]}/${c.cgroup[i]}/${c.comms[c.commIndex[i]!]}`;

function rowOf(c: NativeColumns, i: number): CountRow {
  return { pid: c.pid[i]!, tid: c.tid[i]!, comm: c.comms[c.commIndex[i]!]!, id: c.id[i]!, abi: c.abi[i]!, count: c.count[i]!, errors: c.errors[i]! };
}

/**
 * Adds columns into `into`, one entry per key (a drain's rows are distinct, the CPUs' slots may repeat
 * a key); `added` is told each key.
 */
function sumInto(into: Map<string, CountRow>, columns: NativeColumns, added?: (key: string) => void): void {
  for (let i = 0; i < columns.count.length; i++) {
    const key = keyOf(columns, i);
    const known = into.get(key);
    if (known) {
      known.count += columns.count[i]!;
      known.errors += columns.errors[i]!;
    } else {
      into.set(key, rowOf(columns, i));
    }
    added?.(key);
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
  private drained = new Map<string, CountRow>();
  /** Pending counts already reported, not yet drained, by key: as many keys as slots at most. */
  private readonly credited = new Map<string, Counts>();
  /** Every key drained so far (the rows of the run's table). */
  private readonly keys = new Set<string>();
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
    sumInto(this.drained, drained, (key) => this.keys.add(key));
    for (let i = 0; i < drained.count.length; i++) this.drainedCompletions += drained.count[i]!;
  }

  /**
   * Ends the interval with what the CPUs' slots hold now (a drain's `pending`; none once the last
   * counts were added as drained): its counts, in key order.
   */
  next(pending?: NativeColumns): CountTable {
    const now = new Map<string, CountRow>();
    if (pending) sumInto(now, pending);
    const changed: CountRow[] = [];
    const none = { count: 0, errors: 0 };
    // `row` is drained or pending, owned here: it becomes the interval's row.
    const grow = (key: string, row: CountRow, drained: Counts, pending: Counts) => {
      const before = this.credited.get(key) ?? none;
      const count = Math.max(drained.count + pending.count - before.count, 0);
      const errors = Math.max(drained.errors + pending.errors - before.errors, 0);
      const left = { count: Math.max(before.count - drained.count, pending.count), errors: Math.max(before.errors - drained.errors, pending.errors) };
      if (left.count > 0 || left.errors > 0) this.credited.set(key, left);
      else if (before !== none) this.credited.delete(key);
      if (count === 0 && errors === 0) return;
      row.count = count;
      row.errors = errors;
      changed.push(row);
    };
    for (const [key, row] of this.drained) grow(key, row, { count: row.count, errors: row.errors }, now.get(key) ?? none);
    for (const [key, row] of now) if (!this.drained.has(key)) grow(key, row, none, { count: row.count, errors: row.errors });
    this.drained = new Map();
    return CountTable.of(changed.sort(inKeyOrder), this.names);
  }
}
