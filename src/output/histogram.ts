// --histogram: the calls' durations as log2 buckets, printed after the table in the shape of
// bpftrace's hist() and funclatency (range, count, bar), and carried by json and ndjson as buckets.
import type { CountTable } from '../core/rows.js';
import { formatBound } from './durations.js';
import { escapeComm } from './format.js';

const BAR_WIDTH = 40;

export interface HistogramGroup {
  title: string;
  timed: number;
  /** Calls per bucket: boundsNs.length + 1 of them, the last one past the largest bound. */
  buckets: number[];
}

/**
 * The histograms of the printed rows (indices into `table`, in the printed order): one per syscall,
 * summed over the rows' processes and threads (the table already says who), in the order the syscalls
 * first appear; with --by pid, whose rows have no syscall, one per row.
 */
export function histogramGroups(table: CountTable, rows: readonly number[], perRow: boolean): HistogramGroup[] {
  const groups = new Map<string, HistogramGroup>();
  for (const i of rows) {
    const title = perRow ? `${table.pid(i)} ${escapeComm(table.comm(i))}` : table.label(i);
    const key = perRow ? String(i) : title;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { title, timed: 0, buckets: [] }));
    group.timed += table.timed(i);
    const buckets = table.buckets(i);
    for (let b = 0; b < buckets.length; b++) group.buckets[b] = (group.buckets[b] ?? 0) + buckets[b]!;
  }
  return [...groups.values()];
}

/** Bucket b's range: more than the bound below, at most its own (Prometheus' le); the first from 0. */
function rangeOf(b: number, boundsNs: readonly number[]): string {
  if (b === 0) return `[0, ${formatBound(boundsNs[0]!)}]`;
  if (b === boundsNs.length) return `(${formatBound(boundsNs[b - 1]!)}, +Inf)`;
  return `(${formatBound(boundsNs[b - 1]!)}, ${formatBound(boundsNs[b]!)}]`;
}

/**
 * The histograms as text: a title line (`read: 1230 timed calls`), then the buckets from the first
 * to the last that has calls, each `(1us, 2us]   123 |@@@@@   |`, the bar scaled to the fullest.
 */
export function formatHistograms(groups: readonly HistogramGroup[], boundsNs: readonly number[]): string {
  return groups
    .map(({ title, timed, buckets }) => {
      const head = `${title}: ${timed} timed call${timed === 1 ? '' : 's'}\n`;
      const used = buckets.flatMap((count, b) => (count > 0 ? [b] : []));
      if (used.length === 0) return head;
      const lines = [];
      for (let b = used[0]!; b <= used[used.length - 1]!; b++) lines.push({ range: rangeOf(b, boundsNs), count: buckets[b] ?? 0 });
      const fullest = Math.max(...lines.map((l) => l.count));
      const rangeWidth = Math.max(...lines.map((l) => l.range.length));
      const countWidth = Math.max(...lines.map((l) => String(l.count).length));
      const bar = (count: number) => '@'.repeat(Math.floor((count * BAR_WIDTH) / fullest)).padEnd(BAR_WIDTH);
      return head + lines.map((l) => `${l.range.padEnd(rangeWidth)} ${String(l.count).padStart(countWidth)} |${bar(l.count)}|\n`).join('');
    })
    .join('\n');
}

/** One bucket as json and ndjson carry it: its upper bound in ns (null: +Inf) and its calls. */
export interface JsonBucket {
  le_ns: number | null;
  count: number;
}

/** A row's buckets with calls, for json and ndjson (empty ones left out; the counts add up to `timed`). */
export function jsonBuckets(buckets: ArrayLike<number>, boundsNs: readonly number[]): JsonBucket[] {
  const out: JsonBucket[] = [];
  for (let b = 0; b < buckets.length; b++) if (buckets[b]! > 0) out.push({ le_ns: boundsNs[b] ?? null, count: buckets[b]! });
  return out;
}
