// The exporter's counters: what the kernel's drained count maps add up to, by the labels of
// --labels, bounded by --max-series. Counters only ever grow for as long as the process runs.
import type { NativeColumns } from '../native.js';
import type { SyscallNames } from '../syscalls/names.js';

export const LABELS = ['pid', 'comm', 'syscall', 'cgroup'] as const;
export type Label = (typeof LABELS)[number];
export const DEFAULT_LABELS: readonly Label[] = ['comm', 'syscall'];

/** The value of the labels a series loses when --max-series is reached. */
export const FOLDED = 'other';

export interface Series {
  /** The label pairs as the exposition formats print them: `comm="bash",syscall="read"`. */
  readonly labels: string;
  /** The same, encoded once: a scrape copies bytes rather than building strings. */
  readonly labelBytes: Buffer;
  /** What the served values are made of: counts drained from the kernel, final. */
  drainedCount: number;
  drainedErrors: number;
  /** The values served: never below any served before. */
  count: number;
  errors: number;
}

/** Escapes a label value for the text and OpenMetrics formats: backslash, double quote, newline. */
export function escapeLabelValue(value: string): string {
  return /["\\\n]/.test(value) ? value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`)) : value;
}

/**
 * The series of one exporter. A count is first seen pending (in a CPU's slot, still in the kernel),
 * then drained (out of the kernel for good); between the two it can be in neither for a moment. So a
 * series serves the largest of what it served before and what it has drained plus what is pending
 * now: never more than the true count, never less than before, and exactly the true count once the
 * kernel holds nothing of it in flight.
 */
export class SeriesStore {
  private readonly series = new Map<string, Series>();
  /** Completions counted in a folded series (drained, so final). */
  folded = 0;
  /** Bumped whenever a served value may have changed: what a cached rendering is valid for. */
  generation = 0;

  constructor(
    readonly labels: readonly Label[],
    readonly maxSeries: number,
    private readonly names: SyscallNames,
    private readonly cgroupPath: (id: number) => string,
  ) {}

  get size(): number {
    return this.series.size;
  }

  values(): IterableIterator<Series> {
    return this.series.values();
  }

  /** Takes one drain: `drained` is added for good, `pending` only to what is served now. */
  absorb(drained: NativeColumns, pending: NativeColumns): void {
    const touched = new Map<Series, { count: number; errors: number }>();
    this.each(drained, (series, count, errors, folded) => {
      series.drainedCount += count;
      series.drainedErrors += errors;
      if (folded) this.folded += count;
      if (!touched.has(series)) touched.set(series, { count: 0, errors: 0 });
    });
    this.each(pending, (series, count, errors) => {
      const extra = touched.get(series);
      if (extra) {
        extra.count += count;
        extra.errors += errors;
      } else {
        touched.set(series, { count, errors });
      }
    });
    for (const [series, extra] of touched) {
      series.count = Math.max(series.count, series.drainedCount + extra.count);
      series.errors = Math.max(series.errors, series.drainedErrors + extra.errors);
    }
    if (touched.size > 0) this.generation++;
  }

  /** Calls `take` with each row's series, created if there is room, else folded. */
  private each(columns: NativeColumns, take: (series: Series, count: number, errors: number, folded: boolean) => void): void {
    for (let i = 0; i < columns.count.length; i++) {
      let labels = this.labelsOf(columns, i, false);
      let series = this.series.get(labels);
      let folded = false;
      if (!series && this.series.size >= this.maxSeries) {
        folded = true;
        labels = this.labelsOf(columns, i, true);
        series = this.series.get(labels);
      }
      if (!series) {
        series = { labels, labelBytes: Buffer.from(labels), drainedCount: 0, drainedErrors: 0, count: 0, errors: 0 };
        this.series.set(labels, series);
      }
      take(series, columns.count[i]!, columns.errors[i]!, folded);
    }
  }

  /** Row i's label pairs; folded, every label but the syscall's reads `other`. */
  private labelsOf(columns: NativeColumns, i: number, folded: boolean): string {
    const pairs: string[] = [];
    for (const label of this.labels) {
      if (label === 'syscall') {
        const abi = columns.abi[i]!;
        pairs.push(`syscall="${escapeLabelValue(this.names.name(columns.id[i]!, abi))}"`);
        if (abi !== 0) pairs.push(`abi="${escapeLabelValue(this.names.abiName(abi))}"`);
        continue;
      }
      let value = FOLDED;
      if (!folded) {
        if (label === 'pid') value = String(columns.pid[i]);
        else if (label === 'comm') value = Buffer.from(columns.comms[columns.commIndex[i]!]!, 'latin1').toString(); // bytes to UTF-8 text
        else value = this.cgroupPath(columns.cgroup[i]!);
      }
      pairs.push(`${label}="${escapeLabelValue(value)}"`);
    }
    return pairs.join(',');
  }
}
