// The columns of the views: which ones a run shows, and how each is rendered.
import { escapeComm, jsonComm, separatedComm, type Column } from './format.js';
import type { CountTable } from '../core/rows.js';
import { UNKNOWN_PREFIX } from '../syscalls/names.js';

export interface ColumnChoice {
  byThread: boolean;
  errors: boolean;
  /** --by pid (PID CMD) or --by syscall (SYSCALL): a row sums the other fields' rows. */
  summary?: 'pid' | 'syscall';
}

/** The table's columns, reading row i of `table`. */
export function tableColumns(choice: ColumnChoice, table: CountTable): Column<number>[] {
  return chosen(choice, columnsOf(table));
}

/** The machine-readable formats' fields: the table's, plus the syscall's number and ABI. */
export function recordColumns(choice: ColumnChoice, table: CountTable): Column<number>[] {
  const all = columnsOf(table);
  const columns = chosen(choice, all);
  if (columns.includes(all.SYSCALL)) columns.splice(columns.indexOf(all.SYSCALL) + 1, 0, all.ID, all.ABI);
  return columns;
}

function chosen({ byThread, errors, summary }: ColumnChoice, c: Columns): Column<number>[] {
  const key = summary === 'syscall' ? [c.SYSCALL] : summary === 'pid' ? [c.PID, c.CMD] : [c.PID, ...(byThread ? [c.TID] : []), c.CMD, c.SYSCALL];
  return [...key, c.COUNT, ...(errors ? [c.ERRORS] : [])];
}

type Columns = Record<'PID' | 'TID' | 'CMD' | 'SYSCALL' | 'ID' | 'ABI' | 'COUNT' | 'ERRORS', Column<number>>;

function columnsOf(t: CountTable): Columns {
  // Each distinct thread name escaped once per format, by its index in the table.
  const escaped: string[] = [];
  const separated: string[] = [];
  const json: string[] = [];
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
    SYSCALL: { title: 'SYSCALL', key: 'syscall', width: 24, align: 'left', value: (i) => t.syscall(i), text: (i) => t.tableLabel(i), numberPrefix: UNKNOWN_PREFIX },
    ID: { title: 'ID', key: 'id', width: 0, align: 'right', value: (i) => t.id(i) },
    ABI: { title: 'ABI', key: 'abi', width: 0, align: 'left', value: (i) => t.abi(i) },
    COUNT: { title: 'COUNT', key: 'count', width: 8, align: 'right', value: (i) => t.count(i) },
    ERRORS: { title: 'ERRORS', key: 'errors', width: 8, align: 'right', value: (i) => t.errors(i) },
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
