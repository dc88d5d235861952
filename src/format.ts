// Renders rows as the classic syscallbypid table: whitespace-separated columns aligned like
// printf("%-8s %-16s %-24s %8s"), growing rather than truncating, one header line.
import Table from 'cli-table3';
import type { CountRow } from './rows.js';

const COLUMNS = [
  { title: 'PID', width: 8, align: 'left' },
  { title: 'CMD', width: 16, align: 'left' },
  { title: 'SYSCALL', width: 24, align: 'left' },
  { title: 'COUNT', width: 8, align: 'right' },
] as const;

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
  middle: ' ',
};

/**
 * A thread name as one whitespace-free token: bytes that would split or garble a column
 * (whitespace, control characters, backslash) become octal escapes, as in /proc/self/mountinfo.
 */
export function escapeComm(comm: string): string {
  return comm.replace(/[\s\\\p{Cc}]/gu, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

export function formatTable(rows: readonly CountRow[]): string {
  const table = new Table({
    chars: NO_BORDERS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    // cli-table3 sizes a column to its widest cell: the padded titles set the minimum widths.
    head: COLUMNS.map(({ title, width, align }) => (align === 'left' ? title.padEnd(width) : title.padStart(width))),
    colAligns: COLUMNS.map(({ align }) => align),
  });
  for (const row of rows) table.push([String(row.pid), escapeComm(row.comm), row.syscall, String(row.count)]);
  return `${table.toString()}\n`;
}
