// The live view's counts: each interval's growth as the session reads it, and the run's totals as
// the session keeps them (core/intervals.ts), a key a row of the run. An interval costs in
// proportion to the keys that grew in it, and a frame to one pass over those (by rate) or over
// every key: a busy machine's run has tens of thousands of keys, and the screen shows a few dozen.
import { escapeComm } from '../output/format.js';
import { grown } from '../core/intervals.js';
import { CountTable } from '../core/rows.js';
import type { SyscallNames } from '../syscalls/names.js';

/** One key of the run as the view shows it. */
export interface LiveRow {
  pid: number;
  tid: number;
  /** The thread name escaped as the table escapes it (\040 for a space). */
  cmd: string;
  syscall: string;
  /** Calls per second in the last interval. */
  rate: number;
  total: number;
  errors: number;
  /** With time: ns spent in the calls that ended in the last interval, per second of it. */
  timeRate?: number;
  /** With time: the average timed call since the start, ns (undefined: none timed). */
  avgNs?: number;
  /** With time: the longest call since the start, ns (undefined: none timed). */
  maxNs?: number;
}

export const LIVE_SORTS = ['rate', 'total', 'time', 'pid', 'syscall'] as const;
export type LiveSort = (typeof LIVE_SORTS)[number];

/** The rows at one moment: the totals' own, or a copy kept while the view is paused. */
export interface Snapshot {
  readonly size: number;
  /** Calls per second in the last interval, all rows. */
  rate(): number;
  /** The first `n` rows in the order of `sort`. */
  top(sort: LiveSort, n: number): LiveRow[];
}

/**
 * The view's rows: the run's counts as the session keeps them (IntervalCounts.totals(), a row a key)
 * and each key's calls in the last interval. Nothing here is an object a key: a frame looks at the
 * keys that grew in the last interval, or reads the run's columns once.
 */
export class Totals implements Snapshot {
  private run: CountTable;
  /** By the run's row: calls, and with time ns, in the last interval (0 for a key not in `grown`). */
  private last = new Float64Array(0);
  private lastNs = new Float64Array(0);
  /** The rows of the last interval. */
  private grown: number[] = [];
  /** By the run's row: the syscall's label, made once (the syscall sort compares them). */
  private readonly labels: string[] = [];
  private calls = 0;
  private lastSeconds = 0;

  constructor(names: SyscallNames) {
    this.run = CountTable.of([], names);
  }

  /** Distinct keys since the start. */
  get size(): number {
    return this.run.length;
  }

  /** Takes one interval's counts, read `seconds` after the previous ones, and the run's counts with it. */
  add(interval: CountTable, run: CountTable, seconds: number): void {
    for (const row of this.grown) {
      this.last[row] = 0;
      this.lastNs[row] = 0;
    }
    if (run.length > this.last.length) {
      const length = Math.max(run.length, 2 * this.last.length);
      this.last = grown(this.last, length);
      this.lastNs = grown(this.lastNs, length);
    }
    this.grown = [];
    this.calls = 0;
    for (let i = 0; i < interval.length; i++) {
      const row = interval.runRow(i);
      this.last[row] = interval.count(i);
      this.lastNs[row] = interval.timeNs(i);
      this.grown.push(row);
      this.calls += interval.count(i);
    }
    this.run = run;
    this.lastSeconds = seconds;
  }

  rate(): number {
    return this.lastSeconds > 0 ? this.calls / this.lastSeconds : 0;
  }

  top(sort: LiveSort, n: number): LiveRow[] {
    return rowsOf({ run: this.run, last: this.last, lastNs: this.lastNs, grown: this.grown, seconds: this.lastSeconds, labels: this.labels }, sort, n);
  }

  /** A copy of the rows as they are now, which later intervals leave alone (pause). */
  freeze(): Snapshot {
    const moment: Moment = {
      run: this.run.copy(),
      last: this.last.slice(),
      lastNs: this.lastNs.slice(),
      grown: this.grown,
      seconds: this.lastSeconds,
      labels: this.labels,
    };
    const rate = this.rate();
    return { size: moment.run.length, rate: () => rate, top: (sort, n) => rowsOf(moment, sort, n) };
  }
}

/** The rows at one moment: the run's counts, the last interval's by row, the rows in it. */
interface Moment {
  run: CountTable;
  last: Float64Array;
  lastNs: Float64Array;
  grown: readonly number[];
  seconds: number;
  /** The labels made so far, by row (a row's label never changes). */
  labels: string[];
}

const labelOf = ({ run, labels }: Moment, row: number) => (labels[row] ??= run.label(row));

function rowsOf(moment: Moment, sort: LiveSort, n: number): LiveRow[] {
  const { run, last, lastNs, grown, seconds } = moment;
  // By rate, the rows that grew in the last interval come first: when n of them did, the others
  // (every key since the start) need not be looked at. By time, likewise the rows whose calls took
  // time in it.
  const grew = sort === 'rate' ? grown.filter((row) => last[row]! > 0) : sort === 'time' ? grown.filter((row) => lastNs[row]! > 0) : [];
  const from = grew.length >= n ? grew : allRows(run.length);
  return topOf(from, orderOf(sort, moment), n).map((row) => ({
    pid: run.pid(row),
    tid: run.tid(row),
    cmd: escapeComm(run.comm(row)),
    syscall: labelOf(moment, row),
    rate: seconds > 0 ? last[row]! / seconds : 0,
    total: run.count(row),
    errors: run.errors(row),
    ...(run.hasTime && {
      timeRate: seconds > 0 ? lastNs[row]! / seconds : 0,
      avgNs: run.timed(row) > 0 ? run.timeNs(row) / run.timed(row) : undefined,
      maxNs: run.timed(row) > 0 ? run.maxNs(row) : undefined,
    }),
  }));
}

function* allRows(n: number): Iterable<number> {
  for (let row = 0; row < n; row++) yield row;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type Order = (a: number, b: number) => number;

function orderOf(sort: LiveSort, moment: Moment): Order {
  const { run, last, lastNs } = moment;
  const label = (row: number) => labelOf(moment, row);
  // Rates, totals and times descending, pid and syscall ascending; ties by total, then pid, thread, name.
  const tie: Order = (a, b) =>
    run.count(b) - run.count(a) ||
    run.pid(a) - run.pid(b) ||
    run.tid(a) - run.tid(b) ||
    (run.commIndex(a) === run.commIndex(b) ? 0 : byText(run.comm(a), run.comm(b))) ||
    byText(label(a), label(b));
  switch (sort) {
    case 'rate': // every rate is over the same interval: its calls order them
      return (a, b) => last[b]! - last[a]! || tie(a, b);
    case 'total':
      return tie;
    case 'time': // likewise every time over the same interval
      return (a, b) => lastNs[b]! - lastNs[a]! || tie(a, b);
    case 'pid':
      return (a, b) => run.pid(a) - run.pid(b) || run.tid(a) - run.tid(b) || tie(a, b);
    case 'syscall':
      return (a, b) => byText(label(a), label(b)) || tie(a, b);
  }
}

/** The first `n` rows in `order`, in one pass: what does not beat the n-th is passed over. */
function topOf(rows: Iterable<number>, order: Order, n: number): number[] {
  const best: number[] = [];
  if (n <= 0) return best;
  for (const row of rows) {
    if (best.length === n) {
      if (order(row, best[n - 1]!) >= 0) continue;
      best.pop();
    }
    let low = 0;
    let high = best.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (order(best[middle]!, row) <= 0) low = middle + 1;
      else high = middle;
    }
    best.splice(low, 0, row);
  }
  return best;
}
