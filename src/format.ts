// Renders rows as the classic syscallbypid table: whitespace-separated columns aligned like
// printf("%-8s %-16s %-24s %8s"), growing rather than truncating, one header line.
//
// Not cli-table3: its layout is quadratic in the row count and costs about 40 µs a cell even in
// chunks (8,000 rows: 3.9 s whole, 1.2 s chunked; a 100,000-row map: 16 s). This is linear, and
// measures width as cli-table3 does (string-width), so wide characters in thread names still align.
import stringWidth from 'string-width';
import type { CountRow } from './rows.js';

const COLUMNS = [
  { title: 'PID', width: 8, align: 'left' },
  { title: 'CMD', width: 16, align: 'left' },
  { title: 'SYSCALL', width: 24, align: 'left' },
  { title: 'COUNT', width: 8, align: 'right' },
] as const;

/**
 * A thread name as one whitespace-free token: bytes that would split or garble a column
 * (whitespace, control characters, backslash) become octal escapes, as in /proc/self/mountinfo.
 */
export function escapeComm(comm: string): string {
  return comm.replace(/[\s\\\p{Cc}]/gu, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

// Only thread names can hold characters wider or narrower than one column; everything else is ASCII.
const isAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);
const widthOf = (text: string) => (isAscii(text) ? text.length : stringWidth(text));

export function formatTable(rows: readonly CountRow[]): string {
  const lines: string[][] = [
    COLUMNS.map(({ title }) => title),
    ...rows.map((row) => [String(row.pid), escapeComm(row.comm), row.syscall, String(row.count)]),
  ];
  const widths: number[] = COLUMNS.map(({ width }) => width);
  for (const cells of lines) cells.forEach((cell, i) => (widths[i] = Math.max(widths[i]!, widthOf(cell))));
  let text = '';
  for (const cells of lines) {
    text += cells
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - widthOf(cell));
        return COLUMNS[i]!.align === 'left' ? cell + pad : pad + cell;
      })
      .join(' ');
    text += '\n';
  }
  return text;
}
