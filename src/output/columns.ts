// The columns of the views: which ones a run shows, and how each is rendered.
import { escapeComm, jsonComm, separatedComm, type Column } from './format.js';
import { averageNs, type CountTable } from '../core/rows.js';
import { formatDuration } from './durations.js';
import { UNKNOWN_PREFIX } from '../syscalls/names.js';

export interface ColumnChoice {
  byThread: boolean;
  errors: boolean;
  /** --by pid (PID CMD) or --by syscall (SYSCALL): a row sums the other fields' rows. */
  summary?: 'pid' | 'syscall';
  /** --time: the calls' total, average and largest duration, and the calls not timed. */
  time?: boolean;
  /** Command mode with --time: each row's share of the table's whole time, as strace -c's % time. */
  timeShare?: boolean;
}

/** The table's columns, reading row i of `table`; `rows`: those printed. */
export function tableColumns(choice: ColumnChoice, table: CountTable, rows: readonly number[] = table.indices()): Column<number>[] {
  const c = columnsOf(table);
  const columns = chosen(choice, c);
  if (!choice.time) return columns;
  // A call in flight when tracing began is counted, not timed: a column for them only when there are some.
  const untimed = rows.some((i) => table.timed(i) < table.count(i));
  return [...columns, ...(choice.timeShare ? [c.SHARE] : []), c.TIME, c.AVG, c.MAX, ...(untimed ? [c.UNTIMED] : [])];
}

/** The machine-readable formats' fields: the table's, plus the syscall's number and ABI. */
export function recordColumns(choice: ColumnChoice, table: CountTable): Column<number>[] {
  const all = columnsOf(table);
  const columns = chosen(choice, all);
  if (columns.includes(all.SYSCALL)) columns.splice(columns.indexOf(all.SYSCALL) + 1, 0, all.ID, all.ABI);
  // Every row has the same fields, whatever it holds: the time ones as integer nanoseconds.
  if (choice.time) columns.push(all.TIMED, all.TIME_NS, all.AVG_NS, all.MAX_NS);
  return columns;
}

function chosen({ byThread, errors, summary }: ColumnChoice, c: Columns): Column<number>[] {
  const key = summary === 'syscall' ? [c.SYSCALL] : summary === 'pid' ? [c.PID, c.CMD] : [c.PID, ...(byThread ? [c.TID] : []), c.CMD, c.SYSCALL];
  return [...key, c.COUNT, ...(errors ? [c.ERRORS] : [])];
}

type Columns = Record<
  | 'PID'
  | 'TID'
  | 'CMD'
  | 'SYSCALL'
  | 'ID'
  | 'ABI'
  | 'COUNT'
  | 'ERRORS'
  | 'SHARE'
  | 'TIME'
  | 'AVG'
  | 'MAX'
  | 'UNTIMED'
  | 'TIMED'
  | 'TIME_NS'
  | 'AVG_NS'
  | 'MAX_NS',
  Column<number>
>;

/** The whole table's time, which a row's share is of. */
function totalTimeNs(t: CountTable): number {
  let total = 0;
  for (let i = 0; i < t.length; i++) total += t.timeNs(i);
  return total;
}

function columnsOf(t: CountTable): Columns {
  // Each distinct thread name escaped once per format, by its index in the table.
  const escaped: string[] = [];
  const separated: string[] = [];
  const json: string[] = [];
  let total: number | undefined;
  const duration = (ns: (i: number) => number) => (i: number) => (t.timed(i) > 0 ? formatDuration(ns(i)) : '-');
  return {
    PID: { title: 'PID', key: 'pid', width: 8, align: 'left', value: (i) => t.pid(i) },
    TID: { title: 'TID', key: 'tid', width: 8, align: 'left', value: (i) => t.tid(i) },
    CMD: {
      title: 'CMD',
      key: 'cmd',
      width: 16,
      align: 'left',
      value: (i) => (json[t.commIndex(i)] ??= jsonComm(t.comm(i))),
      text: (i) => (escaped[t.commIndex(i)] ??= escapeComm(t.comm(i))),
      separated: (i) => (separated[t.commIndex(i)] ??= separatedComm(t.comm(i))),
    },
    // The table marks another ABI's call in the name (read/i386); the other formats give the ABI a field.
    SYSCALL: {
      title: 'SYSCALL',
      key: 'syscall',
      width: 24,
      align: 'left',
      value: (i) => t.syscall(i),
      text: (i) => t.tableLabel(i),
      numberPrefix: UNKNOWN_PREFIX,
    },
    ID: { title: 'ID', key: 'id', width: 0, align: 'right', value: (i) => t.id(i) },
    ABI: { title: 'ABI', key: 'abi', width: 0, align: 'left', value: (i) => t.abi(i) },
    COUNT: { title: 'COUNT', key: 'count', width: 8, align: 'right', value: (i) => t.count(i) },
    ERRORS: { title: 'ERRORS', key: 'errors', width: 8, align: 'right', value: (i) => t.errors(i) },
    SHARE: {
      title: '%TIME',
      key: 'time_pct',
      width: 6,
      align: 'right',
      value: (i) => ((total ??= totalTimeNs(t)) > 0 ? ((100 * t.timeNs(i)) / total).toFixed(1) : '-'),
    },
    TIME: { title: 'TIME', key: 'time', width: 8, align: 'right', value: duration((i) => t.timeNs(i)) },
    AVG: { title: 'AVG', key: 'avg', width: 8, align: 'right', value: duration((i) => averageNs(t, i)) },
    MAX: { title: 'MAX', key: 'max', width: 8, align: 'right', value: duration((i) => t.maxNs(i)) },
    UNTIMED: { title: 'UNTIMED', key: 'untimed', width: 7, align: 'right', value: (i) => t.count(i) - t.timed(i) },
    TIMED: { title: 'TIMED', key: 'timed', width: 0, align: 'right', value: (i) => t.timed(i) },
    TIME_NS: { title: 'TIME_NS', key: 'time_ns', width: 0, align: 'right', value: (i) => t.timeNs(i) },
    AVG_NS: { title: 'AVG_NS', key: 'avg_ns', width: 0, align: 'right', value: (i) => Math.round(averageNs(t, i)) },
    MAX_NS: { title: 'MAX_NS', key: 'max_ns', width: 0, align: 'right', value: (i) => t.maxNs(i) },
  };
}

export interface SyscallEntry {
  id: number;
  /** The name in its ABI's table, unmarked. */
  name: string;
  /** What --syscall accepts: the name, marked with the ABI unless native. */
  label: string;
  abi: string;
}

/** -l's fields: those of a trace's rows, so one schema serves both (the table marks the name too). */
export const SYSCALL_LIST_COLUMNS: Column<SyscallEntry>[] = [
  { title: 'SYSCALL', key: 'syscall', width: 0, align: 'left', value: (e) => e.name, text: (e) => e.label },
  { title: 'ID', key: 'id', width: 0, align: 'right', value: (e) => e.id },
  { title: 'ABI', key: 'abi', width: 0, align: 'left', value: (e) => e.abi },
];
