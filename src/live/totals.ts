// The live view's counts: each interval's growth as the session reads it, and the run's totals,
// kept by adding the intervals (which add up to the run exactly: session.ts).
import { escapeComm } from '../format.js';
import { CountTable, type CountRow } from '../rows.js';
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
}

interface Entry {
  row: CountRow;
  /** Calls in the last interval. */
  last: number;
}

export class Totals {
  private readonly entries = new Map<string, Entry>();
  private lastSeconds = 0;

  constructor(private readonly names: SyscallNames) {}

  /** Distinct keys since the start: today's map keeps every key, so also the map's entries in use. */
  get size(): number {
    return this.entries.size;
  }

  /** Adds one interval's counts, read `seconds` after the previous ones. */
  add(interval: CountTable, seconds: number): void {
    for (const entry of this.entries.values()) entry.last = 0;
    for (let i = 0; i < interval.length; i++) {
      const row = interval.row(i);
      const key = `${row.pid}/${row.tid}/${row.id}/${row.abi}/${row.comm}`;
      const entry = this.entries.get(key);
      if (entry) {
        entry.row.count += row.count;
        entry.row.errors += row.errors;
        entry.last = row.count;
      } else {
        this.entries.set(key, { row, last: row.count });
      }
    }
    this.lastSeconds = seconds;
  }

  /** Calls per second over the whole machine (or the filters) in the last interval. */
  rate(): number {
    let calls = 0;
    for (const entry of this.entries.values()) calls += entry.last;
    return this.lastSeconds > 0 ? calls / this.lastSeconds : 0;
  }

  rows(): LiveRow[] {
    const rows: LiveRow[] = [];
    for (const { row, last } of this.entries.values()) {
      rows.push({
        pid: row.pid,
        tid: row.tid,
        cmd: escapeComm(row.comm),
        syscall: this.names.label(row.id, row.abi),
        rate: this.lastSeconds > 0 ? last / this.lastSeconds : 0,
        total: row.count,
        errors: row.errors,
      });
    }
    return rows;
  }

  /** The run's counts as one table, rows in the addon's key order (the order ties print in). */
  table(): CountTable {
    const rows = [...this.entries.values()].map((entry) => entry.row);
    const comms = new Map<string, Buffer>();
    const bytes = (comm: string) => comms.get(comm) ?? comms.set(comm, Buffer.from(comm)).get(comm)!;
    rows.sort((a, b) => a.pid - b.pid || a.tid - b.tid || Buffer.compare(bytes(a.comm), bytes(b.comm)) || a.id - b.id || a.abi - b.abi);
    return CountTable.of(rows, this.names);
  }
}

export const LIVE_SORTS = ['rate', 'total', 'pid', 'syscall'] as const;
export type LiveSort = (typeof LIVE_SORTS)[number];

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rates and totals descending, pid and syscall ascending; ties by total, then pid, thread, name. */
export function sortLive(rows: LiveRow[], sort: LiveSort): LiveRow[] {
  const tie = (a: LiveRow, b: LiveRow) => b.total - a.total || a.pid - b.pid || a.tid - b.tid || byText(a.cmd, b.cmd) || byText(a.syscall, b.syscall);
  const first: Record<LiveSort, (a: LiveRow, b: LiveRow) => number> = {
    rate: (a, b) => b.rate - a.rate,
    total: () => 0,
    pid: (a, b) => a.pid - b.pid || a.tid - b.tid,
    syscall: (a, b) => byText(a.syscall, b.syscall),
  };
  return rows.sort((a, b) => first[sort](a, b) || tie(a, b));
}
