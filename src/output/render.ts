// Turns a run's rows into the chosen output format. Pure: the CLI writes what this returns.
import { recordColumns, tableColumns, type ColumnChoice } from './columns.js';
import { formatSeparated, formatTable, toObject, type Column, type Format, type Rendered } from './format.js';
import { formatDuration } from './durations.js';
import { formatHistograms, histogramGroups, jsonBuckets } from './histogram.js';
import { sortRows, topRows, type CountTable, type SortKey } from '../core/rows.js';

export interface View extends ColumnChoice {
  format: Format;
  sort: SortKey;
  reverse: boolean;
  top?: number;
  /** Command mode with --time: a totals line under the table (the table format only). */
  totals?: boolean;
  /** --histogram: the buckets' upper bounds in ns (addon.histogramBoundsNs). */
  histogramBoundsNs?: readonly number[];
}

/** Metadata of the json document. */
export interface RunInfo {
  start: Date;
  end: Date;
  arch: string;
  maxEntries: number;
  options: Record<string, unknown>;
  dropped: number;
}

/** The rows to print, as indices into the table, in the view's order. */
function arrange(table: CountTable, view: View): number[] {
  return sortRows(table, view.sort, view.reverse, view.top === undefined ? undefined : topRows(table, view.top, view.sort));
}

/** A record that stands for the totals line; rows are indices from 0. */
const TOTAL = -1;

/** The whole table's sums, as the totals line prints them under the columns of those keys. */
function totalsOf(table: CountTable, labelKey: string): Record<string, string | number> {
  let count = 0;
  let errors = 0;
  let timed = 0;
  let timeNs = 0;
  let maxNs = 0;
  for (let i = 0; i < table.length; i++) {
    count += table.count(i);
    errors += table.errors(i);
    timed += table.timed(i);
    timeNs += table.timeNs(i);
    maxNs = Math.max(maxNs, table.maxNs(i));
  }
  const timedDuration = (ns: number) => (timed > 0 ? formatDuration(ns) : '-');
  return {
    [labelKey]: 'total',
    count,
    errors,
    time_pct: timeNs > 0 ? '100.0' : '-',
    time: timedDuration(timeNs),
    avg: timedDuration(timed > 0 ? timeNs / timed : 0),
    max: timedDuration(maxNs),
    untimed: count - timed,
  };
}

/** The table's columns with a totals line: TOTAL reads `totals` (blank where they say nothing). */
function withTotals(columns: Column<number>[], totals: Record<string, string | number>): Column<number>[] {
  return columns.map((c) => {
    const { text } = c;
    return {
      ...c,
      value: (r: number) => (r === TOTAL ? (totals[c.key] ?? '') : c.value(r)),
      ...(text && { text: (r: number) => (r === TOTAL ? (totals[c.key] ?? '') : text(r)) }),
    };
  });
}

/** The table format: the rows, the totals line if asked, then the histograms if asked. */
function renderTable(table: CountTable, view: View, arranged: number[]): Buffer {
  let columns = tableColumns(view, table, arranged);
  let records = arranged;
  if (view.totals && view.time) {
    const label = columns.find((c) => c.key === 'syscall') ?? columns.find((c) => c.key === 'cmd')!;
    columns = withTotals(columns, totalsOf(table, label.key));
    records = [...arranged, TOTAL];
  }
  const rendered = formatTable(columns, records);
  if (!view.histogramBoundsNs) return rendered;
  const groups = histogramGroups(table, arranged, view.summary === 'pid');
  return Buffer.concat([rendered, Buffer.from(`\n${formatHistograms(groups, view.histogramBoundsNs)}`)]);
}

/** A row as json gives it (ndjson writes the same fields itself): its fields, and with --histogram its buckets. */
function recordsOf(table: CountTable, view: View, arranged: number[]): Array<Record<string, unknown>> {
  const columns = recordColumns(view, table);
  const bounds = view.histogramBoundsNs;
  return arranged.map((row) => ({ ...toObject(columns, row), ...(bounds && { buckets: jsonBuckets(table.buckets(row), bounds) }) }));
}

/**
 * The rows as ndjson, each line what JSON.stringify gives for its record (recordsOf), written field by
 * field: building an object a row by spreads cost -i 1 -o ndjson most of its time on a busy machine.
 */
function ndjson(table: CountTable, view: View, arranged: number[], extra: Record<string, string> = {}): string {
  const columns = recordColumns(view, table);
  const bounds = view.histogramBoundsNs;
  const head = Object.entries(extra).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
  const keys = columns.map((c) => `${JSON.stringify(c.key)}:`);
  let out = '';
  for (const row of arranged) {
    const fields = [...head];
    columns.forEach((c, j) => fields.push(`${keys[j]}${jsonValue(c.value(row))}`));
    if (bounds) fields.push(`"buckets":${JSON.stringify(jsonBuckets(table.buckets(row), bounds))}`);
    out += `{${fields.join(',')}}\n`;
  }
  return out;
}

// As JSON.stringify writes a field's value: a finite number as String() does, else null; a string quoted.
const jsonValue = (value: string | number) => (typeof value === 'number' ? (Number.isFinite(value) ? String(value) : 'null') : JSON.stringify(value));

/** The whole run's rows, printed once at the end. */
export function renderRun(table: CountTable, view: View, info: RunInfo): Rendered {
  const arranged = arrange(table, view);
  switch (view.format) {
    case 'table':
      return renderTable(table, view, arranged);
    case 'tsv':
    case 'csv':
      return formatSeparated(recordColumns(view, table), arranged, view.format);
    case 'ndjson':
      return ndjson(table, view, arranged);
    case 'json': {
      const document = {
        start: info.start.toISOString(),
        end: info.end.toISOString(),
        duration_s: (info.end.getTime() - info.start.getTime()) / 1000,
        arch: info.arch,
        max_entries: info.maxEntries,
        options: info.options,
        dropped: info.dropped,
        rows: recordsOf(table, view, arranged),
      };
      return `${JSON.stringify(document, null, 2)}\n`;
    }
  }
}

/**
 * One interval's rows. The table gets a timestamp line before it; tsv and csv a leading time
 * field (their header only before the first interval); ndjson a time field in every object.
 */
export function renderInterval(table: CountTable, view: View, time: Date, first: boolean): Rendered {
  const arranged = arrange(table, view);
  const stamp = time.toISOString();
  switch (view.format) {
    case 'table':
      return Buffer.concat([Buffer.from(`${stamp}\n`), renderTable(table, view, arranged)]);
    case 'tsv':
    case 'csv': {
      const columns = [{ title: 'TIME', key: 'time', width: 0, align: 'left' as const, value: () => stamp }, ...recordColumns(view, table)];
      return formatSeparated(columns, arranged, view.format, first);
    }
    case 'ndjson':
      return ndjson(table, view, arranged, { time: stamp });
    case 'json':
      throw new Error('json has no interval form'); // refused when the options are read
  }
}
