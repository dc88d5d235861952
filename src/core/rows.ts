// Count rows as the user sees them: named, ordered, cut to the top.
// Rows stay in the addon's columns and are referred to by index: a million-row map as a million
// objects took longer to build and collect than the kernel took to read it.
import type { NativeColumns } from './native.js';
import type { SyscallNames } from '../syscalls/names.js';

/** One count, as the tests and the differ spell it out. */
export interface CountRow {
  pid: number;
  /** Thread id when counting by thread, else 0. */
  tid: number;
  /** The thread name's bytes, one char a byte (latin1), as the addon gives it. */
  comm: string;
  id: number;
  /** Index of the call's ABI (enum sbp_abi). */
  abi: number;
  count: number;
  errors: number;
  /** With time (NativeColumns.timed): the calls timed, of `count`. */
  timed?: number;
  /** With time: the timed calls' total duration, ns. */
  timeNs?: number;
  /** With time: the longest single timed call, ns. */
  maxNs?: number;
  /** With a histogram: the timed calls per bucket (Addon.histogramBoundsNs, then +Inf). */
  buckets?: number[];
}

/** What columns a table has beyond the counts: a CountTable, or what CountTable.of is told. */
export interface TableShape {
  hasTime: boolean;
  /** Buckets a row: histogramBoundsNs.length + 1 with a histogram, else 0. */
  bucketsPerRow: number;
}

/** The counts of one read: row i is entry i of each column. Names are worked out when asked. */
export class CountTable {
  readonly length: number;
  /** The rows carry timed, timeNs and maxNs (the tracer timed calls). */
  readonly hasTime: boolean;
  /** The rows carry buckets (the tracer kept a histogram). */
  readonly hasHistogram: boolean;
  /** Buckets a row (histogramBoundsNs.length + 1), 0 without a histogram. */
  readonly bucketsPerRow: number;

  constructor(
    private readonly columns: NativeColumns,
    readonly names: SyscallNames,
    bucketsPerRow?: number,
  ) {
    this.length = columns.pid.length;
    this.hasTime = columns.timed !== undefined;
    this.hasHistogram = columns.buckets !== undefined;
    this.bucketsPerRow = !columns.buckets ? 0 : (bucketsPerRow ?? (this.length ? columns.buckets.length / this.length : 0));
  }

  /**
   * A table of rows given one by one, in key order as the addon gives them (the differ's output, tests).
   * It has time columns if `shape` says so, or without `shape` if the first row has them; likewise buckets.
   */
  static of(rows: readonly CountRow[], names: SyscallNames, shape = shapeOfRows(rows)): CountTable {
    return new CountTable(columnsOf(rows, shape), names, shape.bucketsPerRow);
  }

  pid(i: number): number {
    return this.columns.pid[i]!;
  }

  /** In an interval's table: row i's row in the run's totals (IntervalCounts.totals()). */
  runRow(i: number): number {
    return this.columns.runRow![i]!;
  }

  tid(i: number): number {
    return this.columns.tid[i]!;
  }

  comm(i: number): string {
    return this.columns.comms[this.columns.commIndex[i]!]!;
  }

  /** Which of the table's distinct thread names row i has: rows with the same name share it. */
  commIndex(i: number): number {
    return this.columns.commIndex[i]!;
  }

  id(i: number): number {
    return this.columns.id[i]!;
  }

  count(i: number): number {
    return this.columns.count[i]!;
  }

  errors(i: number): number {
    return this.columns.errors[i]!;
  }

  /** Calls of row i that were timed (0 without time); count - timed were in flight when tracing began. */
  timed(i: number): number {
    return this.columns.timed?.[i] ?? 0;
  }

  /** Total duration of row i's timed calls, ns (0 without time). */
  timeNs(i: number): number {
    return this.columns.timeNs?.[i] ?? 0;
  }

  /** Longest single timed call of row i, ns (0 without time). In an interval: the longest since the start. */
  maxNs(i: number): number {
    return this.columns.maxNs?.[i] ?? 0;
  }

  /** Row i's histogram buckets, a view into the table (empty without a histogram). */
  buckets(i: number): Float64Array {
    const all = this.columns.buckets;
    if (!all) return new Float64Array(0);
    return all.subarray(i * this.bucketsPerRow, (i + 1) * this.bucketsPerRow);
  }

  /** The ABI's name: x86_64, i386, x32, ... */
  abi(i: number): string {
    return this.names.abiName(this.columns.abi[i]!);
  }

  /** The call's name in its ABI's table. */
  syscall(i: number): string {
    return this.names.name(this.columns.id[i]!, this.columns.abi[i]!);
  }

  /** The table's token: the name, marked `name/abi` unless the ABI is the native one. */
  label(i: number): string {
    return this.names.label(this.columns.id[i]!, this.columns.abi[i]!);
  }

  /** The label as a table writes it (SyscallNames.tableLabel). */
  tableLabel(i: number): string | number {
    return this.names.tableLabel(this.columns.id[i]!, this.columns.abi[i]!);
  }

  row(i: number): CountRow {
    const { pid, tid, id, abi, count, errors } = this.columns;
    const row: CountRow = { pid: pid[i]!, tid: tid[i]!, comm: this.comm(i), id: id[i]!, abi: abi[i]!, count: count[i]!, errors: errors[i]! };
    if (this.hasTime) {
      row.timed = this.timed(i);
      row.timeNs = this.timeNs(i);
      row.maxNs = this.maxNs(i);
    }
    if (this.hasHistogram) row.buckets = Array.from(this.buckets(i));
    return row;
  }

  /** A copy that later changes to this table's columns leave alone. */
  copy(): CountTable {
    const columns = Object.entries(this.columns) as [string, { slice(): unknown }][];
    const copied = Object.fromEntries(columns.map(([name, column]) => [name, column.slice()])) as unknown as NativeColumns;
    return new CountTable(copied, this.names, this.bucketsPerRow);
  }

  /** Every row's index, in the order the addon gave them (key order). */
  indices(): number[] {
    const all = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) all[i] = i;
    return all;
  }
}

/** What rows given one by one carry beyond the counts: what the first row has. */
const shapeOfRows = (rows: readonly CountRow[]): TableShape => ({ hasTime: rows[0]?.timed !== undefined, bucketsPerRow: rows[0]?.buckets?.length ?? 0 });

/**
 * Rows given one by one as the addon's columns, in the order given. They have time columns if `shape`
 * says so, or without `shape` if the first row has them; likewise buckets.
 */
export function columnsOf(rows: readonly CountRow[], shape = shapeOfRows(rows)): NativeColumns {
  // Plain loops: TypedArray.from with a map function cost microseconds a row, each interval of --live.
  const n = rows.length;
  const comms: string[] = [];
  const commIndex = new Map<string, number>();
  const columns: NativeColumns = {
    pid: new Uint32Array(n),
    tid: new Uint32Array(n),
    id: new Int32Array(n),
    abi: new Uint8Array(n),
    cgroup: new Float64Array(n),
    count: new Float64Array(n),
    errors: new Float64Array(n),
    commIndex: new Uint32Array(n),
    comms,
  };
  const perRow = shape.bucketsPerRow;
  const timed = shape.hasTime ? { timed: new Float64Array(n), timeNs: new Float64Array(n), maxNs: new Float64Array(n) } : undefined;
  const buckets = perRow > 0 ? new Float64Array(n * perRow) : undefined;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    let comm = commIndex.get(r.comm);
    if (comm === undefined) {
      comm = comms.push(r.comm) - 1;
      commIndex.set(r.comm, comm);
    }
    columns.pid[i] = r.pid;
    columns.tid[i] = r.tid;
    columns.id[i] = r.id;
    columns.abi[i] = r.abi;
    columns.count[i] = r.count;
    columns.errors[i] = r.errors;
    columns.commIndex[i] = comm;
    if (timed) {
      timed.timed[i] = r.timed ?? 0;
      timed.timeNs[i] = r.timeNs ?? 0;
      timed.maxNs[i] = r.maxNs ?? 0;
    }
    if (buckets && r.buckets) buckets.set(r.buckets.slice(0, perRow), i * perRow);
  }
  return { ...columns, ...timed, ...(buckets && { buckets }) };
}

export const SORT_KEYS = ['count', 'pid', 'cmd', 'syscall', 'time', 'avg', 'max'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
/** The keys that need --time: the table has no times without it. */
export const TIME_SORT_KEYS: readonly SortKey[] = ['time', 'avg', 'max'];

/** A row's average call in ns: over its timed calls only (0 when none was timed). */
export function averageNs(t: CountTable, i: number): number {
  const timed = t.timed(i);
  return timed > 0 ? t.timeNs(i) / timed : 0;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type Order = (a: number, b: number) => number;

function orders(t: CountTable): Record<Exclude<SortKey, 'count'>, Order> {
  return {
    pid: (a, b) => t.pid(a) - t.pid(b) || t.tid(a) - t.tid(b),
    cmd: (a, b) => (t.commIndex(a) === t.commIndex(b) ? 0 : byText(t.comm(a), t.comm(b))),
    syscall: (a, b) => byText(t.label(a), t.label(b)),
    time: (a, b) => t.timeNs(a) - t.timeNs(b),
    avg: (a, b) => averageNs(t, a) - averageNs(t, b),
    max: (a, b) => t.maxNs(a) - t.maxNs(b),
  };
}

const DIGIT_BITS = 16;
const DIGITS = 2 ** DIGIT_BITS;

// 16 bits of a count (below 2^53) from bit `shift` on. >>> takes an integer modulo 2^32, exactly.
const digitOf = (count: number, shift: number) => (shift < 32 ? count >>> shift : Math.floor(count / 2 ** 32) >>> (shift - 32)) & (DIGITS - 1);

/**
 * The rows ascending by count, ties in the order given: a radix sort, 16 bits of the count at a
 * time, for only as many digits as the largest count has (a million rows of mixed counts: 0.14 s,
 * where a comparison sort took 0.5 s). Rows already in order, as when every count is the same,
 * are only checked.
 */
function byCount(t: CountTable, rows: number[]): number[] {
  let largest = 0;
  let ascending = true;
  for (const row of rows) {
    const count = t.count(row);
    if (count < largest) ascending = false;
    else largest = count;
  }
  if (ascending) return rows;
  let from = Uint32Array.from(rows);
  let to = new Uint32Array(rows.length);
  const starts = new Uint32Array(DIGITS);
  for (let shift = 0; shift < 53 && 2 ** shift <= largest; shift += DIGIT_BITS) {
    starts.fill(0);
    for (const row of from) starts[digitOf(t.count(row), shift)]!++;
    for (let d = 0, sum = 0; d < DIGITS; d++) {
      const rowsWithDigit = starts[d]!;
      starts[d] = sum;
      sum += rowsWithDigit;
    }
    for (const row of from) to[starts[digitOf(t.count(row), shift)]!++] = row;
    [from, to] = [to, from];
  }
  const sorted = new Array<number>(from.length); // Array.from(typed array) is several times slower
  for (let i = 0; i < from.length; i++) sorted[i] = from[i]!;
  return sorted;
}

/**
 * The rows (indices; by default all) ascending by `key` (by default the count, so the biggest rows
 * end up next to the prompt), descending with `reverse`. Ties are in key order (the table's: pid,
 * tid, thread name, syscall number, ABI), reversed with `reverse`, so the output is deterministic.
 */
export function sortRows(table: CountTable, key: SortKey = 'count', reverse = false, rows = table.indices()): number[] {
  const inKeyOrder = rows.length > 1 && rows.some((row, i) => i > 0 && row < rows[i - 1]!) ? [...rows].sort((a, b) => a - b) : rows;
  let sorted: number[];
  if (key === 'count') sorted = byCount(table, inKeyOrder);
  else {
    const order = orders(table)[key];
    sorted = inKeyOrder.sort((a, b) => order(a, b) || a - b);
  }
  return reverse ? sorted.reverse() : sorted;
}

/**
 * The `n` rows with the largest counts, in no particular order; with a time key (--sort time, avg,
 * max), the `n` largest by it: the slowest rows are what a user of those keys is after.
 */
export function topRows(table: CountTable, n: number, key: SortKey = 'count'): number[] {
  return sortRows(table, TIME_SORT_KEYS.includes(key) ? key : 'count', true).slice(0, n);
}
