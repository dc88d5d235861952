// The live view's counts: each interval's growth as the session reads it, and the run's totals,
// kept by adding the intervals (which add up to the run exactly: session.ts). An interval costs
// in proportion to the keys that grew in it, and a frame to one pass over those (by rate) or over
// every key: a busy machine's run has tens of thousands of keys, and the screen shows a few dozen.
import { escapeComm } from '../output/format.js';
import { CountTable, type CountRow } from '../core/rows.js';
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

interface Entry {
  row: CountRow;
  /** Calls in the last interval. */
  last: number;
  /** With time: ns of the calls that ended in the last interval. */
  lastNs?: number;
  cmd?: string;
  syscall?: string;
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

export class Totals implements Snapshot {
  private readonly entries = new Map<string, Entry>();
  private grown: Entry[] = [];
  private calls = 0;
  private lastSeconds = 0;
  /** The intervals carry time (-t): the entries keep timed, timeNs, maxNs and lastNs. */
  private hasTime = false;

  constructor(private readonly names: SyscallNames) {}

  /** Distinct keys since the start: today's map keeps every key, so also the map's entries in use. */
  get size(): number {
    return this.entries.size;
  }

  /** Adds one interval's counts, read `seconds` after the previous ones. */
  add(interval: CountTable, seconds: number): void {
    const { hasTime } = interval;
    if (hasTime) this.hasTime = true;
    for (const entry of this.grown) {
      entry.last = 0;
      if (hasTime) entry.lastNs = 0;
    }
    this.grown = [];
    this.calls = 0;
    for (let i = 0; i < interval.length; i++) {
      const count = interval.count(i);
      const key = `${interval.pid(i)}/${interval.tid(i)}/${interval.id(i)}/${interval.abi(i)}/${interval.comm(i)}`;
      let entry = this.entries.get(key);
      // A row object only for a new key: most of an interval's rows add to keys seen before.
      if (entry) {
        const { row } = entry;
        row.count += count;
        row.errors += interval.errors(i);
        entry.last = count;
        if (hasTime) {
          row.timed! += interval.timed(i);
          row.timeNs! += interval.timeNs(i);
          // An interval's maxNs is already the longest since the start (intervals.ts).
          row.maxNs = Math.max(row.maxNs!, interval.maxNs(i));
          entry.lastNs = interval.timeNs(i);
        }
      } else {
        const row = interval.row(i);
        entry = hasTime ? { row, last: count, lastNs: row.timeNs } : { row, last: count };
        this.entries.set(key, entry);
      }
      this.grown.push(entry);
      this.calls += count;
    }
    this.lastSeconds = seconds;
  }

  rate(): number {
    return this.lastSeconds > 0 ? this.calls / this.lastSeconds : 0;
  }

  top(sort: LiveSort, n: number): LiveRow[] {
    // By rate, the rows that grew in the last interval come first: when n of them did, the others
    // (every key since the start) need not be looked at.
    // By time, likewise the rows whose calls took time in it.
    const grew = sort === 'rate' ? this.grown.filter((entry) => entry.last > 0) : sort === 'time' ? this.grown.filter((entry) => entry.lastNs! > 0) : [];
    const from = grew.length >= n ? grew : this.entries.values();
    return topOf(from, sort, n, this.names).map((entry) => this.liveRow(entry, this.lastSeconds));
  }

  /** A copy of the rows as they are now, which later intervals leave alone (pause). */
  freeze(): Snapshot {
    const entries = [...this.entries.values()].map((entry) => ({ ...entry, row: { ...entry.row } }));
    const { lastSeconds } = this;
    const rate = this.rate();
    return {
      size: entries.length,
      rate: () => rate,
      top: (sort, n) => topOf(entries, sort, n, this.names).map((entry) => this.liveRow(entry, lastSeconds)),
    };
  }

  /** The run's counts as one table, rows in the addon's key order (the order ties print in). */
  table(): CountTable {
    const rows = [...this.entries.values()].map((entry) => entry.row);
    const comms = new Map<string, Buffer>();
    const bytes = (comm: string) => comms.get(comm) ?? comms.set(comm, Buffer.from(comm)).get(comm)!;
    rows.sort((a, b) => a.pid - b.pid || a.tid - b.tid || Buffer.compare(bytes(a.comm), bytes(b.comm)) || a.id - b.id || a.abi - b.abi);
    return CountTable.of(rows, this.names, { hasTime: this.hasTime, bucketsPerRow: 0 });
  }

  private liveRow(entry: Entry, seconds: number): LiveRow {
    const { row } = entry;
    return {
      pid: row.pid,
      tid: row.tid,
      cmd: (entry.cmd ??= escapeComm(row.comm)),
      syscall: labelOf(entry, this.names),
      rate: seconds > 0 ? entry.last / seconds : 0,
      total: row.count,
      errors: row.errors,
      ...(entry.lastNs !== undefined && {
        timeRate: seconds > 0 ? entry.lastNs / seconds : 0,
        avgNs: row.timed! > 0 ? row.timeNs! / row.timed! : undefined,
        maxNs: row.timed! > 0 ? row.maxNs : undefined,
      }),
    };
  }
}

const labelOf = (entry: Entry, names: SyscallNames) => (entry.syscall ??= names.label(entry.row.id, entry.row.abi));

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type Order = (a: Entry, b: Entry) => number;

function orderOf(sort: LiveSort, names: SyscallNames): Order {
  // Rates, totals and times descending, pid and syscall ascending; ties by total, then pid, thread, name.
  const tie: Order = (a, b) =>
    b.row.count - a.row.count ||
    a.row.pid - b.row.pid ||
    a.row.tid - b.row.tid ||
    byText(a.row.comm, b.row.comm) ||
    byText(labelOf(a, names), labelOf(b, names));
  switch (sort) {
    case 'rate': // every rate is over the same interval: its calls order them
      return (a, b) => b.last - a.last || tie(a, b);
    case 'total':
      return tie;
    case 'time': // likewise every time over the same interval
      return (a, b) => (b.lastNs ?? 0) - (a.lastNs ?? 0) || tie(a, b);
    case 'pid':
      return (a, b) => a.row.pid - b.row.pid || a.row.tid - b.row.tid || tie(a, b);
    case 'syscall':
      return (a, b) => byText(labelOf(a, names), labelOf(b, names)) || tie(a, b);
  }
}

/** The first `n` entries in `sort`'s order, in one pass: what does not beat the n-th is passed over. */
function topOf(entries: Iterable<Entry>, sort: LiveSort, n: number, names: SyscallNames): Entry[] {
  const order = orderOf(sort, names);
  const best: Entry[] = [];
  if (n <= 0) return best;
  for (const entry of entries) {
    if (best.length === n) {
      if (order(entry, best[n - 1]!) >= 0) continue;
      best.pop();
    }
    let low = 0;
    let high = best.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (order(best[middle]!, entry) <= 0) low = middle + 1;
      else high = middle;
    }
    best.splice(low, 0, entry);
  }
  return best;
}
