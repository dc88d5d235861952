// Renders records in the output formats. `table` is the classic syscallbypid table: whitespace-
// separated columns aligned like printf("%-8s %-16s %-24s %8s"), growing rather than truncating,
// one header line. `tsv` and `csv` carry any text safely; `ndjson` is one JSON object a line.
//
// Not cli-table3: its layout is quadratic in the row count and costs about 40 µs a cell even in
// chunks (8,000 rows: 3.9 s whole, 1.2 s chunked; a 100,000-row map: 16 s). This is linear, and
// measures width as cli-table3 does (string-width), so wide characters in thread names still align.
import stringWidth from 'string-width';

export const FORMATS = ['table', 'tsv', 'csv', 'json', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

export interface Column<R> {
  /** Heading in the table. */
  title: string;
  /** Name in tsv and csv headers and in JSON objects. */
  key: string;
  /** Minimum width in the table. */
  width: number;
  align: 'left' | 'right';
  value(record: R): string | number;
  /** The table's rendering, when it differs from String(value). */
  text?(record: R): string;
}

/**
 * A thread name as one whitespace-free token: bytes that would split or garble a column
 * (whitespace, control characters, backslash) become octal escapes, as in /proc/self/mountinfo.
 */
export function escapeComm(comm: string): string {
  if (/^[\x21-\x5b\x5d-\x7e]*$/.test(comm)) return comm; // printable ASCII without blanks or backslash: as is
  return comm.replace(/[\s\\\p{Cc}]/gu, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

// Only thread names can hold characters wider or narrower than one column; everything else is ASCII.
const widthOf = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text.length : stringWidth(text));

export function formatTable<R>(columns: readonly Column<R>[], records: readonly R[]): string {
  // Column by column: a million rows make four arrays of strings, not a million small arrays.
  const cells = columns.map((c) => [c.title, ...records.map((r) => (c.text ? c.text(r) : String(c.value(r))))]);
  const widths = cells.map((column, i) => column.reduce((w, cell) => Math.max(w, widthOf(cell)), columns[i]!.width));
  const last = columns.length - 1;
  const lines: string[] = new Array(records.length + 1);
  for (let l = 0; l <= records.length; l++) {
    let line = '';
    for (let i = 0; i <= last; i++) {
      const cell = cells[i]![l]!;
      // padEnd/padStart count UTF-16 units; widen the target by what display width and length differ.
      const width = widths[i]! + cell.length - widthOf(cell);
      if (i > 0) line += ' ';
      if (columns[i]!.align === 'right') line += cell.padStart(width);
      else line += i === last ? cell : cell.padEnd(width); // no trailing blanks
    }
    lines[l] = line;
  }
  return `${lines.join('\n')}\n`;
}

// TSV as PostgreSQL's COPY and Python's csv module read it: backslash escapes for tab, newline,
// carriage return and backslash.
const tsvField = (value: string | number) =>
  String(value).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
const csvField = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function formatSeparated<R>(columns: readonly Column<R>[], records: readonly R[], format: 'tsv' | 'csv', header = true): string {
  const [field, separator] = format === 'tsv' ? [tsvField, '\t'] : [csvField, ','];
  const lines = records.map((r) => columns.map((c) => field(c.value(r))).join(separator));
  if (header) lines.unshift(columns.map((c) => field(c.key)).join(separator));
  return lines.map((line) => `${line}\n`).join('');
}

export function toObject<R>(columns: readonly Column<R>[], record: R): Record<string, string | number> {
  return Object.fromEntries(columns.map((c) => [c.key, c.value(record)]));
}

export function formatNdjson<R>(columns: readonly Column<R>[], records: readonly R[], extra: Record<string, unknown> = {}): string {
  return records.map((r) => `${JSON.stringify({ ...extra, ...toObject(columns, r) })}\n`).join('');
}

/** Any records in any format: json is an array of objects. */
export function renderList<R>(columns: readonly Column<R>[], records: readonly R[], format: Format): string {
  switch (format) {
    case 'table':
      return formatTable(columns, records);
    case 'tsv':
    case 'csv':
      return formatSeparated(columns, records, format);
    case 'ndjson':
      return formatNdjson(columns, records);
    case 'json':
      return `${JSON.stringify(records.map((r) => toObject(columns, r)), null, 2)}\n`;
  }
}
