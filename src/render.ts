// Turns a run's rows into the chosen output format. Pure: the CLI writes what this returns.
import { recordColumns, tableColumns, type ColumnChoice } from './columns.js';
import { formatNdjson, formatSeparated, formatTable, toObject, type Format, type Rendered } from './format.js';
import { sortRows, topRows, type CountRow, type SortKey } from './rows.js';

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

function arrange(rows: CountRow[], view: View): CountRow[] {
  return sortRows(view.top === undefined ? rows : topRows(rows, view.top), view.sort, view.reverse);
}

/** The whole run's rows, printed once at the end. */
export function renderRun(rows: CountRow[], view: View, info: RunInfo): Rendered {
  const arranged = arrange(rows, view);
  switch (view.format) {
    case 'table':
      return formatTable(tableColumns(view), arranged);
    case 'tsv':
    case 'csv':
      return formatSeparated(recordColumns(view), arranged, view.format);
    case 'ndjson':
      return formatNdjson(recordColumns(view), arranged);
    case 'json': {
      const columns = recordColumns(view);
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
export function renderInterval(rows: CountRow[], view: View, time: Date, first: boolean): Rendered {
  const arranged = arrange(rows, view);
  const stamp = time.toISOString();
  switch (view.format) {
    case 'table':
      return Buffer.concat([Buffer.from(`${stamp}\n`), formatTable(tableColumns(view), arranged)]);
    case 'tsv':
    case 'csv': {
      const columns = [{ title: 'TIME', key: 'time', width: 0, align: 'left' as const, value: () => stamp }, ...recordColumns(view)];
      return formatSeparated(columns, arranged, view.format, first);
    }
    case 'ndjson':
      return formatNdjson(recordColumns(view), arranged, { time: stamp });
    case 'json':
      throw new Error('json has no interval form'); // refused when the options are read
  }
}
