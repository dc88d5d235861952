// Renders records in the output formats. `table` is the classic syscallbypid table: whitespace-
// separated columns aligned like printf("%-8s %-16s %-24s %8s"), growing rather than truncating,
// one header line. `tsv` and `csv` carry any text safely; `ndjson` is one JSON object a line.
//
// Not cli-table3: its layout is quadratic in the row count and costs about 40 µs a cell even in
// chunks (8,000 rows: 3.9 s whole, 1.2 s chunked; a 100,000-row map: 16 s). This is linear, and
// measures width as cli-table3 does (string-width), so wide characters in thread names still align.
import { createRequire } from 'node:module';

// Loaded on first use: most tables are ASCII, and importing it costs startup time (about 15 ms).
let stringWidthOf: ((text: string) => number) | undefined;
const stringWidth = (text: string) => (stringWidthOf ??= createRequire(import.meta.url)('string-width') as (text: string) => number)(text);

export const FORMATS = ['table', 'tsv', 'csv', 'json', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];
/** A format's output: text, or the table's bytes. */
export type Rendered = string | Buffer;

export interface Column<R> {
  /** Heading in the table. */
  title: string;
  /** Name in tsv and csv headers and in JSON objects. */
  key: string;
  /** Minimum width in the table. */
  width: number;
  align: 'left' | 'right';
  value: (record: R) => string | number;
  /**
   * The table's rendering, when it differs from String(value). A natural number stands for the text
   * `${numberPrefix}${number}`, written without a string being made: a million unknown calls'
   * `syscall_<n>` labels, made as strings, were a third of the time of a million-row table.
   */
  text?: (record: R) => string | number;
  numberPrefix?: string;
  /** The tsv and csv rendering, already escaped (backslash included), when it differs from value's. */
  separated?: (record: R) => string;
}

// Thread names arrive as their bytes, one char a byte (latin1): the kernel keeps bytes, not always
// UTF-8. Each format writes valid UTF-8 as text and escapes the rest per byte, so a name round-trips.

const octal = (byte: number) => `\\${byte.toString(8).padStart(3, '0')}`;

/** How many bytes the valid UTF-8 character at `at` of a byte string takes; 0 if none starts there. */
function utf8Length(bytes: string, at: number): number {
  const first = bytes.charCodeAt(at);
  if (first < 0x80) return 1;
  const length = first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
  if (length === 0 || at + length > bytes.length) return 0;
  let point = first & (0x7f >> length);
  for (let k = 1; k < length; k++) {
    const next = bytes.charCodeAt(at + k);
    if ((next & 0xc0) !== 0x80) return 0;
    point = (point << 6) | (next & 0x3f);
  }
  // Overlong forms, UTF-16 surrogates and points past U+10FFFF are not UTF-8.
  if (length === 3 && (point < 0x800 || (point >= 0xd800 && point <= 0xdfff))) return 0;
  if (length === 4 && (point < 0x10000 || point > 0x10ffff)) return 0;
  return length;
}

/**
 * A byte string as text: its valid UTF-8 decoded, each other byte an octal escape (`\377`); a
 * character `escape` returns something for is written as that instead.
 */
function bytesToText(bytes: string, escape: (char: string, bytes: string) => string | undefined): string {
  let text = '';
  for (let at = 0; at < bytes.length;) {
    const length = utf8Length(bytes, at);
    if (length === 0) {
      text += octal(bytes.charCodeAt(at++));
      continue;
    }
    const raw = bytes.slice(at, (at += length));
    const char = length === 1 ? raw : Buffer.from(raw, 'latin1').toString();
    text += escape(char, raw) ?? char;
  }
  return text;
}

/** The table's spelling of the empty thread name (prctl(PR_SET_NAME, "")): the NUL that ends it. */
export const EMPTY_COMM = '\\000';

/**
 * A thread name as one whitespace-free token: bytes that would split or garble a column
 * (whitespace, control characters, backslash, bytes that are not UTF-8) become octal escapes, a
 * byte each, as in /proc/self/mountinfo; the empty name is `\000`, which no real name can be.
 */
export function escapeComm(comm: string): string {
  if (/^[\x21-\x5b\x5d-\x7e]+$/.test(comm)) return comm; // printable ASCII without blanks or backslash: as is
  if (comm === '') return EMPTY_COMM;
  return bytesToText(comm, (char, raw) => (/^[\s\\\p{Cc}]$/u.test(char) ? Array.from(raw, (c) => octal(c.charCodeAt(0))).join('') : undefined));
}

const SEPARATED_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * A thread name for tsv and csv, as PostgreSQL's COPY reads it: valid UTF-8 as text, backslash,
 * tab, newline and carriage return as `\\`, `\t`, `\n`, `\r`, other bytes as `\377`.
 */
export function separatedComm(comm: string): string {
  if (/^[\x20-\x5b\x5d-\x7e]*$/.test(comm)) return comm;
  return bytesToText(comm, (char) => SEPARATED_ESCAPES[char]);
}

/** A thread name for json: valid UTF-8 as text, a backslash as `\\`, other bytes as `\377`. */
export function jsonComm(comm: string): string {
  if (/^[\x00-\x5b\x5d-\x7f]*$/.test(comm)) return comm;
  return bytesToText(comm, (char) => (char === '\\' ? '\\\\' : undefined));
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const ZERO = 0x30;

/** Decimal digits of a non-negative integer (counts and ids stay below 2^53). */
export function digitsOf(n: number): number {
  let digits = 1;
  for (let power = 10; n >= power; power *= 10) digits++;
  return digits;
}

/** Writes the digits of a non-negative integer into `out` so that they end just before `end`. */
export function writeDigits(out: Buffer, end: number, n: number, digits = digitsOf(n)): void {
  if (n <= 0x7fffffff) {
    // In int32 range, integer division: a double's % is a call to fmod (twice as slow overall).
    let m = n | 0;
    for (let at = end; at > end - digits;) {
      const q = (m / 10) | 0;
      out[--at] = ZERO + m - q * 10;
      m = q;
    }
    return;
  }
  for (let at = end; at > end - digits; n = Math.floor(n / 10)) out[--at] = ZERO + (n % 10);
}

// Only thread names can hold characters wider or narrower than one column; everything else is ASCII.
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) return false;
  return true;
}

const isNatural = (v: string | number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The table as UTF-8 bytes, built in two passes without a string per cell: the first measures
 * each column (a column of natural numbers by its largest value alone, text cell by cell), the
 * second writes digits and characters straight into a buffer prefilled with blanks. Cells are
 * worked out again in the second pass rather than kept: a column's text() hands out strings it
 * already has (or numbers), and an array of a million cells cost more in the garbage collector.
 * Strings per cell, padEnd and joins made a million rows take seconds.
 */
export function formatTable<R>(columns: readonly Column<R>[], records: readonly R[]): Buffer {
  const widths = columns.map((c) => Math.max(c.width, c.title.length));
  const cellOf = columns.map((c) => (c.text ? (record: R) => c.text!(record) : (record: R) => String(c.value(record))));
  const prefixOf = columns.map((c) => c.numberPrefix ?? '');
  let extraBytes = 0; // what wide characters take beyond their display width
  const numeric = columns.map((c, i): boolean => {
    if (!c.text) {
      let largest = 0;
      let natural = true;
      for (let l = 0; l < records.length && natural; l++) {
        const v = c.value(records[l]!);
        if (isNatural(v)) largest = Math.max(largest, v);
        else natural = false;
      }
      if (natural) {
        widths[i] = Math.max(widths[i]!, digitsOf(largest));
        return true;
      }
    }
    const cell = cellOf[i]!;
    const prefix = prefixOf[i]!.length;
    let width = widths[i]!;
    for (let l = 0; l < records.length; l++) {
      const text = cell(records[l]!);
      if (typeof text === 'number') width = Math.max(width, prefix + digitsOf(text));
      else if (isAscii(text)) width = Math.max(width, text.length);
      else {
        width = Math.max(width, stringWidth(text));
        extraBytes += Buffer.byteLength(text) - stringWidth(text);
      }
    }
    widths[i] = width;
    return false;
  });
  const lineBytes = widths.reduce((sum, w) => sum + w + 1, 0);
  const out = Buffer.alloc(lineBytes * (records.length + 1) + extraBytes, SPACE);
  const last = columns.length - 1;
  let end = 0;
  const writeAscii = (text: string) => {
    for (let c = 0; c < text.length; c++) out[end++] = text.charCodeAt(c);
  };
  // Writes a cell at `start`, padded to `width`; returns where the next cell starts.
  const writeCell = (text: string | number, prefix: string, start: number, width: number, right: boolean) => {
    if (typeof text === 'number') {
      const digits = digitsOf(text);
      const pad = width - prefix.length - digits;
      end = start + (right ? pad : 0);
      writeAscii(prefix);
      end += digits;
      writeDigits(out, end, text, digits);
      return end + (right ? 0 : pad) + 1;
    }
    const ascii = isAscii(text);
    const pad = width - (ascii ? text.length : stringWidth(text));
    end = start + (right ? pad : 0);
    if (ascii) writeAscii(text);
    else end += out.write(text, end);
    return end + (right ? 0 : pad) + 1;
  };
  let start = 0;
  for (let i = 0; i <= last; i++) start = writeCell(columns[i]!.title, '', start, widths[i]!, columns[i]!.align === 'right');
  out[end++] = NEWLINE;
  for (let l = 0; l < records.length; l++) {
    // Each cell starts one blank (already in place) after the previous cell's column; the last
    // cell ends the line, so there are no trailing blanks.
    start = end;
    for (let i = 0; i <= last; i++) {
      const width = widths[i]!;
      const right = columns[i]!.align === 'right';
      if (numeric[i]) {
        const v = columns[i]!.value(records[l]!) as number;
        const digits = digitsOf(v);
        end = start + (right ? width : digits);
        writeDigits(out, end, v, digits);
        start += width + 1;
      } else {
        start = writeCell(cellOf[i]!(records[l]!), prefixOf[i]!, start, width, right);
      }
    }
    out[end++] = NEWLINE;
  }
  return out.subarray(0, end);
}

// TSV as PostgreSQL's COPY and Python's csv module read it: backslash escapes for tab, newline,
// carriage return and backslash.
const tsvField = (value: string | number) => String(value).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
const csvField = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function formatSeparated<R>(columns: readonly Column<R>[], records: readonly R[], format: 'tsv' | 'csv', header = true): string {
  const [field, separator] = format === 'tsv' ? [tsvField, '\t'] : [csvField, ','];
  const cells = columns.map((c) => {
    const separated = c.separated;
    if (!separated) return (r: R) => field(c.value(r));
    return format === 'tsv' ? separated : (r: R) => csvField(separated(r));
  });
  const lines = records.map((r) => cells.map((cell) => cell(r)).join(separator));
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
export function renderList<R>(columns: readonly Column<R>[], records: readonly R[], format: Format): Rendered {
  switch (format) {
    case 'table':
      return formatTable(columns, records);
    case 'tsv':
    case 'csv':
      return formatSeparated(columns, records, format);
    case 'ndjson':
      return formatNdjson(columns, records);
    case 'json':
      return `${JSON.stringify(
        records.map((r) => toObject(columns, r)),
        null,
        2,
      )}\n`;
  }
}
