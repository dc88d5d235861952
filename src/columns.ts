// The columns of the views: which ones a run shows, and how each is rendered.
import { escapeComm, type Column } from './format.js';
import type { CountRow } from './rows.js';

export interface ColumnChoice {
  byThread: boolean;
  errors: boolean;
}

const PID: Column<CountRow> = { title: 'PID', key: 'pid', width: 8, align: 'left', value: (r) => r.pid };
const TID: Column<CountRow> = { title: 'TID', key: 'tid', width: 8, align: 'left', value: (r) => r.tid };
const CMD: Column<CountRow> = { title: 'CMD', key: 'cmd', width: 16, align: 'left', value: (r) => r.comm, text: (r) => escapeComm(r.comm) };
// The table marks another ABI's call in the name (read/i386); the other formats give the ABI a field.
const SYSCALL: Column<CountRow> = { title: 'SYSCALL', key: 'syscall', width: 24, align: 'left', value: (r) => r.syscall, text: (r) => r.label };
const ABI: Column<CountRow> = { title: 'ABI', key: 'abi', width: 0, align: 'left', value: (r) => r.abi };
const ID: Column<CountRow> = { title: 'ID', key: 'id', width: 0, align: 'right', value: (r) => r.id };
const COUNT: Column<CountRow> = { title: 'COUNT', key: 'count', width: 8, align: 'right', value: (r) => r.count };
const ERRORS: Column<CountRow> = { title: 'ERRORS', key: 'errors', width: 8, align: 'right', value: (r) => r.errors };

/** The table's columns. */
export function tableColumns({ byThread, errors }: ColumnChoice): Column<CountRow>[] {
  return [PID, ...(byThread ? [TID] : []), CMD, SYSCALL, COUNT, ...(errors ? [ERRORS] : [])];
}

/** The machine-readable formats' fields: the table's, plus the syscall's number and ABI. */
export function recordColumns(choice: ColumnChoice): Column<CountRow>[] {
  const columns = tableColumns(choice);
  columns.splice(columns.indexOf(SYSCALL) + 1, 0, ID, ABI);
  return columns;
}

export interface SyscallEntry {
  id: number;
  /** What --syscall accepts: the name, marked with the ABI unless native. */
  label: string;
  abi: string;
}

export const SYSCALL_LIST_COLUMNS: Column<SyscallEntry>[] = [
  { title: 'NUMBER', key: 'number', width: 6, align: 'right', value: (e) => e.id },
  { title: 'NAME', key: 'name', width: 0, align: 'left', value: (e) => e.label },
  { title: 'ABI', key: 'abi', width: 0, align: 'left', value: (e) => e.abi },
];
