// The live view's screen as lines of text, fitted to the terminal. Pure: the view loop draws them.
import { createRequire } from 'node:module';
import type CliTable3 from 'cli-table3';
import type { ColumnChoice } from '../output/columns.js';
import { formatDuration } from '../output/durations.js';
import type { LiveRow, LiveSort } from './totals.js';

type Width = (text: string) => number;
/**
 * Text of one-column characters only: printable ASCII, the table's box drawing, the sort marks and
 * the ellipsis. string-width knows the rest (wide and combining characters, emoji).
 */
export const NARROW = /^[\x20-\x7e\u2026\u2500-\u257f\u25b2\u25bc]*$/;
const stringWidth: Width = (text) => (typeof text === 'string' && NARROW.test(text) ? text.length : libraries().fullWidth(text));

let loaded: { Table: typeof CliTable3; fullWidth: Width } | undefined;
/**
 * cli-table3 and its string-width, loaded on first use (only --live draws). cli-table3 measures each
 * cell's text several times a frame, and each string-width call builds a regex for ANSI codes and
 * runs one for emoji: a third of a frame's time. It gets the same widths from stringWidth, the
 * narrow ones without the regexes (docs/performance.md).
 */
function libraries(): { Table: typeof CliTable3; fullWidth: Width } {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const tableRequire = createRequire(require.resolve('cli-table3'));
  const fullWidth = tableRequire('string-width') as Width;
  const cached = tableRequire.cache[tableRequire.resolve('string-width')];
  if (cached) cached.exports = stringWidth;
  return (loaded = { Table: require('cli-table3') as typeof CliTable3, fullWidth });
}

export interface Fill {
  entries: number;
  bound: number;
}

export interface Frame {
  /** The first rows in the view's order: as many as fit (rowsThatFit) or fewer. */
  rows: LiveRow[];
  /** How many rows there are in all. */
  count: number;
  sort: LiveSort;
  paused: boolean;
  elapsedMs: number;
  /** Calls per second in the last interval, all rows. */
  rate: number;
  fill: Fill | undefined;
  columns: ColumnChoice;
}

export const FOOTER = 'q quit  r rate  t total  p pid  s syscall  space pause';
const SHORT_FOOTER = 'q quit  r/t/p/s sort  space pause';
// With -t, the key d sorts by TIME/S.
export const TIME_FOOTER = 'q quit  r rate  t total  d time  p pid  s syscall  space pause';
const SHORT_TIME_FOOTER = 'q quit  r/t/d/p/s sort  space pause';

/** Lines above the rows: the header and the table's top border, head and rule; below: bottom and footer. */
const FRAME_LINES = 6;

/** How many rows a screen this high shows. */
export const rowsThatFit = (height: number) => Math.max(0, height - FRAME_LINES);

interface LiveColumn {
  title: string;
  align: 'left' | 'right';
  /** The sort this column shows, marked in its title. */
  sort?: LiveSort;
  /** Names are cut to fit, numbers never: to `comfortable` before a column is given up, to `min` after. */
  cut?: { comfortable: number; min: number };
  text(row: LiveRow): string;
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const COLUMNS = {
  PID: { title: 'PID', align: 'left', sort: 'pid', text: (r) => String(r.pid) },
  TID: { title: 'TID', align: 'left', text: (r) => String(r.tid) },
  CMD: { title: 'CMD', align: 'left', cut: { comfortable: 10, min: 4 }, text: (r) => r.cmd },
  SYSCALL: { title: 'SYSCALL', align: 'left', sort: 'syscall', cut: { comfortable: 12, min: 6 }, text: (r) => r.syscall },
  RATE: { title: 'CALLS/S', align: 'right', sort: 'rate', text: (r) => grouped.format(r.rate) },
  TOTAL: { title: 'TOTAL', align: 'right', sort: 'total', text: (r) => grouped.format(r.total) },
  ERRORS: { title: 'ERRORS', align: 'right', text: (r) => grouped.format(r.errors) },
  // Time in the calls per second, like a CPU share: 500ms is half of one second, 2.00s two threads' worth.
  TIME_RATE: { title: 'TIME/S', align: 'right', sort: 'time', text: (r) => (r.timeRate ? formatDuration(r.timeRate) : '-') }, // - : no call timed in the interval
  AVG: { title: 'AVG', align: 'right', text: (r) => (r.avgNs === undefined ? '-' : formatDuration(r.avgNs)) },
  MAX: { title: 'MAX', align: 'right', text: (r) => (r.maxNs === undefined ? '-' : formatDuration(r.maxNs)) },
} satisfies Record<string, LiveColumn>;

/** Columns in the order a narrowing terminal gives them up, the first given up first. */
const DROP_ORDER: LiveColumn[] = [COLUMNS.ERRORS, COLUMNS.AVG, COLUMNS.MAX, COLUMNS.TOTAL, COLUMNS.TID, COLUMNS.PID];

const DESCENDING: Record<LiveSort, boolean> = { rate: true, total: true, time: true, pid: false, syscall: false };

/** Cuts text to `width` columns, its last shown character replaced by an ellipsis when cut. */
export function cut(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  for (const char of text) {
    if (stringWidth(out + char) > width - 1) break;
    out += char;
  }
  return `${out}…`;
}

function duration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/**
 * The header line: what does not fit the width is left out, the least needed first (the name, the
 * row count, the sort, which the marked column also shows), rather than cut.
 */
function header(frame: Frame, shown: number, width: number): string {
  const parts: { text: string; keep: number }[] = [
    { text: 'syscallbypid', keep: 0 },
    { text: `elapsed ${duration(frame.elapsedMs)}`, keep: 4 },
    { text: `${grouped.format(frame.rate)} calls/s`, keep: 5 },
    ...(frame.fill ? [{ text: `map ${frame.fill.entries}/${frame.fill.bound} (${Math.floor((100 * frame.fill.entries) / frame.fill.bound)}%)`, keep: 3 }] : []),
    { text: `rows ${shown}/${frame.count}`, keep: 1 },
    { text: `sort: ${frame.sort}`, keep: 2 },
    ...(frame.paused ? [{ text: 'PAUSED', keep: 6 }] : []),
  ];
  for (let least = 0; ; least++) {
    const line = parts
      .filter((part) => part.keep >= least)
      .map((part) => part.text)
      .join('   ');
    if (stringWidth(line) <= width || least > 6) return cut(line, width);
  }
}

// Each column takes its content and one space either side, plus one border; the table one more border.
const tableWidth = (widths: number[]) => widths.reduce((sum, w) => sum + w + 3, 1);

/**
 * The screen: a header line, the rows that fit the height in a bordered table whose columns fit the
 * width (narrow terminals give up columns in DROP_ORDER, then cut names), and the footer of keys.
 */
export function layout(frame: Frame, width: number, height: number): string[] {
  const rows = frame.rows.slice(0, rowsThatFit(height));
  const lines = [header(frame, rows.length, width)];
  if (height < FRAME_LINES) return lines.slice(0, Math.max(0, height));

  let columns: LiveColumn[] = [
    COLUMNS.PID,
    ...(frame.columns.byThread ? [COLUMNS.TID] : []),
    COLUMNS.CMD,
    COLUMNS.SYSCALL,
    COLUMNS.RATE,
    COLUMNS.TOTAL,
    ...(frame.columns.errors ? [COLUMNS.ERRORS] : []),
    ...(frame.columns.time ? [COLUMNS.TIME_RATE, COLUMNS.AVG, COLUMNS.MAX] : []),
  ];
  const titleOf = (c: LiveColumn) => (c.sort === frame.sort ? `${c.title}${DESCENDING[frame.sort] ? '▼' : '▲'}` : c.title);
  const naturals = new Map(columns.map((c) => [c, Math.max(stringWidth(titleOf(c)), ...rows.map((row) => stringWidth(c.text(row))))]));
  const natural = (c: LiveColumn) => naturals.get(c)!;
  const least = (c: LiveColumn, bound: 'comfortable' | 'min') => (c.cut ? Math.min(c.cut[bound], natural(c)) : natural(c));
  for (const drop of DROP_ORDER) {
    if (tableWidth(columns.map((c) => least(c, 'comfortable'))) <= width) break;
    columns = columns.filter((c) => c !== drop);
  }
  const widths = columns.map(natural);
  // Cut the names a column at a time, the widest first, until the table fits (or they are at their least).
  for (let over = tableWidth(widths) - width; over > 0; over--) {
    let widest = -1;
    columns.forEach((c, i) => {
      if (c.cut && widths[i]! > least(c, 'min') && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest]!--;
  }

  const table = new (libraries().Table)({
    head: columns.map((c, i) => cut(titleOf(c), widths[i]!)),
    colWidths: widths.map((w) => w + 2),
    colAligns: columns.map((c) => c.align),
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  for (const row of rows) table.push(columns.map((c, i) => cut(c.text(row), widths[i]!)));
  for (const line of table.toString().split('\n')) lines.push(cut(line, width));
  const [footer, short] = frame.columns.time ? [TIME_FOOTER, SHORT_TIME_FOOTER] : [FOOTER, SHORT_FOOTER];
  lines.push(cut(stringWidth(footer) <= width ? footer : short, width));
  return lines;
}
