// Turns a run's rows into the chosen output format. Pure: the CLI writes what this returns.
import { recordColumns, tableColumns, type ColumnChoice } from './columns.js';
import { formatNdjson, formatSeparated, formatTable, toObject, type Format, type Rendered } from './format.js';
import { sortRows, topRows, type CountTable, type SortKey } from '../core/rows.js';

export interface View extends ColumnChoice {
  format: Format;
  sort: SortKey;
  reverse: boolean;
  top?: number;
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
  return sortRows(table, view.sort, view.reverse, view.top === undefined ? undefined : topRows(table, view.top));
}

/** The whole run's rows, printed once at the end. */
export function renderRun(table: CountTable, view: View, info: RunInfo): Rendered {
  const arranged = arrange(table, view);
  switch (view.format) {
    case 'table':
      return formatTable(tableColumns(view, table), arranged);
    case 'tsv':
    case 'csv':
      return formatSeparated(recordColumns(view, table), arranged, view.format);
    case 'ndjson':
      return formatNdjson(recordColumns(view, table), arranged);
    case 'json': {
      const columns = recordColumns(view, table);
      const document = {
        start: info.start.toISOString(),
        end: info.end.toISOString(),
        duration_s: (info.end.getTime() - info.start.getTime()) / 1000,
        arch: info.arch,
        max_entries: info.maxEntries,
        options: info.options,
        dropped: info.dropped,
        rows: arranged.map((row) => toObject(columns, row)),
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
      return Buffer.concat([Buffer.from(`${stamp}\n`), formatTable(tableColumns(view, table), arranged)]);
    case 'tsv':
    case 'csv': {
      const columns = [{ title: 'TIME', key: 'time', width: 0, align: 'left' as const, value: () => stamp }, ...recordColumns(view, table)];
      return formatSeparated(columns, arranged, view.format, first);
    }
    case 'ndjson':
      return formatNdjson(recordColumns(view, table), arranged, { time: stamp });
    case 'json':
      throw new Error('json has no interval form'); // refused when the options are read
  }
}
