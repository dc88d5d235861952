// The exporter's counters: what the kernel's drained count maps add up to, by the labels of
// --labels, bounded by --max-series. A counter only ever grows while its series lives; a series
// that stops changing expires after SERIES_TTL_MS.
import type { NativeColumns } from '../core/native.js';
import type { SyscallNames } from '../syscalls/names.js';

export const LABELS = ['pid', 'comm', 'syscall', 'cgroup'] as const;
export type Label = (typeof LABELS)[number];
export const DEFAULT_LABELS: readonly Label[] = ['comm', 'syscall'];

/** The value of the labels a series loses when --max-series is reached. */
export const FOLDED = 'other';

/**
 * A series whose values have not changed for this long, with nothing of it still in the kernel, is
 * removed: with pod churn, the series of workloads that are gone would otherwise fill --max-series.
 * Prometheus marks a series that disappears from a scrape as stale; if it comes back it starts again.
 */
export const SERIES_TTL_MS = 15 * 60_000;

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
  /** When the values served last changed (the store's clock). */
  changed: number;
  /** With --time: the duration histogram, drained and served like the counts. */
  drainedTime?: Durations;
  time?: Durations;
}

/** A series' (or a row's) timed calls, their total ns, and the calls per bucket. */
export interface Durations {
  timed: number;
  timeNs: number;
  buckets: Float64Array;
}

const noDurations = (buckets: number): Durations => ({ timed: 0, timeNs: 0, buckets: new Float64Array(buckets) });

function addDurations(to: Durations, from: Durations): void {
  to.timed += from.timed;
  to.timeNs += from.timeNs;
  for (let b = 0; b < to.buckets.length; b++) to.buckets[b]! += from.buckets[b]!;
}

/** Makes `served` the largest of itself and `drained` + `extra`, value by value; whether it changed. */
function serveDurations(served: Durations, drained: Durations, extra: Durations | undefined): boolean {
  let changed = false;
  const larger = (old: number, now: number) => {
    if (now > old) changed = true;
    return Math.max(old, now);
  };
  served.timed = larger(served.timed, drained.timed + (extra?.timed ?? 0));
  served.timeNs = larger(served.timeNs, drained.timeNs + (extra?.timeNs ?? 0));
  for (let b = 0; b < served.buckets.length; b++) served.buckets[b] = larger(served.buckets[b]!, drained.buckets[b]! + (extra?.buckets[b] ?? 0));
  return changed;
}

const sameDurations = (a: Durations | undefined, b: Durations | undefined) =>
  a === undefined || b === undefined || (a.timed === b.timed && a.timeNs === b.timeNs && a.buckets.every((v, i) => v === b.buckets[i]));

export interface SeriesStoreOptions {
  /** SERIES_TTL_MS unless told. */
  ttlMs?: number;
  /** Milliseconds, for expiry; performance.now unless told. */
  now?: () => number;
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
  /**
   * The series of each kernel key (the values of the chosen labels as the kernel gives them),
   * decided once: a key's counts, pending or drained, always go to the same series, even if its
   * cgroup's path can no longer be found when it is drained.
   */
  private readonly keys = new Map<string, Series>();
  /** Drained counts of keys whose cgroup path is still being looked for (until the next walk). */
  private readonly held = new Map<string, Row>();
  /** Completions counted in a folded series (drained, so final). */
  folded = 0;
  /** Series removed by expiry. */
  expired = 0;
  /** Bumped whenever a served value may have changed: what a cached rendering is valid for. */
  generation = 0;
  readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    readonly labels: readonly Label[],
    readonly maxSeries: number,
    private readonly names: SyscallNames,
    /** A cgroup id's path; undefined: not known yet, ask again at the next drain. */
    private readonly cgroupPath: (id: number) => string | undefined,
    options: SeriesStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? SERIES_TTL_MS;
    this.now = options.now ?? (() => performance.now());
  }

  get size(): number {
    return this.series.size;
  }

  values(): IterableIterator<Series> {
    return this.series.values();
  }

  /** Takes one drain: `drained` is added for good, `pending` only to what is served now. */
  absorb(drained: NativeColumns, pending: NativeColumns): void {
    const touched = new Map<Series, { count: number; errors: number; time?: Durations }>();
    const addDrained = (found: { series: Series; folded: boolean }, row: Row) => {
      found.series.drainedCount += row.count;
      found.series.drainedErrors += row.errors;
      if (row.time) addDurations((found.series.drainedTime ??= noDurations(row.time.buckets.length)), row.time);
      if (found.folded) this.folded += row.count;
      if (!touched.has(found.series)) touched.set(found.series, { count: 0, errors: 0 });
    };
    // Drained counts held back at earlier drains until their cgroup's path was looked for.
    for (const [key, row] of this.held) {
      const found = this.seriesOf(key, row);
      if (!found) continue;
      this.held.delete(key);
      addDrained(found, row);
    }
    for (let i = 0; i < drained.count.length; i++) {
      const row = rowOf(drained, i);
      const key = this.keyOf(row);
      const found = this.seriesOf(key, row);
      if (found) {
        addDrained(found, row);
        continue;
      }
      const held = this.held.get(key);
      if (held) {
        held.count += row.count;
        held.errors += row.errors;
        if (held.time && row.time) addDurations(held.time, row.time);
      } else {
        this.held.set(key, row);
      }
    }
    for (let i = 0; i < pending.count.length; i++) {
      const row = rowOf(pending, i);
      // A key whose series is not decided yet is served once it is: nothing of it was served before.
      const found = this.seriesOf(this.keyOf(row), row);
      if (!found) continue;
      const extra = touched.get(found.series);
      if (extra) {
        extra.count += row.count;
        extra.errors += row.errors;
        if (row.time) addDurations((extra.time ??= noDurations(row.time.buckets.length)), row.time);
      } else {
        touched.set(found.series, { count: row.count, errors: row.errors, ...(row.time && { time: { ...row.time, buckets: row.time.buckets.slice() } }) });
      }
    }
    const now = this.now();
    for (const [series, extra] of touched) {
      const count = Math.max(series.count, series.drainedCount + extra.count);
      const errors = Math.max(series.errors, series.drainedErrors + extra.errors);
      if (count !== series.count || errors !== series.errors) series.changed = now;
      series.count = count;
      series.errors = errors;
      const buckets = (series.drainedTime ?? extra.time)?.buckets.length;
      if (buckets !== undefined) {
        series.drainedTime ??= noDurations(buckets);
        if (serveDurations((series.time ??= noDurations(buckets)), series.drainedTime, extra.time)) series.changed = now;
      }
    }
    if (touched.size > 0) this.generation++;
    this.expire(now);
  }

  /** Removes the series unchanged for ttlMs whose served values are all drained (none in flight). */
  private expire(now: number): void {
    let removed = 0;
    for (const [labels, series] of this.series) {
      if (now - series.changed < this.ttlMs || series.count !== series.drainedCount || series.errors !== series.drainedErrors) continue;
      if (!sameDurations(series.time, series.drainedTime)) continue;
      this.series.delete(labels);
      removed++;
    }
    if (removed === 0) return;
    for (const [key, series] of this.keys) if (!this.series.has(series.labels)) this.keys.delete(key);
    this.expired += removed;
    this.generation++;
  }

  /**
   * The series of a key, decided the first time it is seen: an existing one, a new one if there is
   * room, else the folded one. Undefined while the key's cgroup path is still being looked for.
   */
  private seriesOf(key: string, row: Row): { series: Series; folded: boolean } | undefined {
    const known = this.keys.get(key);
    if (known) return { series: known, folded: false };
    let folded = false;
    let labels: string | undefined;
    if (this.series.size >= this.maxSeries) {
      folded = true;
      labels = this.labelsOf(row, true);
    } else {
      labels = this.labelsOf(row, false);
      if (labels === undefined) return undefined;
    }
    let series = this.series.get(labels!);
    if (!series) {
      series = { labels: labels!, labelBytes: Buffer.from(labels!), drainedCount: 0, drainedErrors: 0, count: 0, errors: 0, changed: this.now() };
      this.series.set(labels!, series);
    }
    // Folded keys are not remembered: there can be any number of them.
    if (!folded) this.keys.set(key, series);
    return { series, folded };
  }

  /** A row's key: the kernel's values of the chosen labels. */
  private keyOf(row: Row): string {
    let key = '';
    for (const label of this.labels) {
      if (label === 'syscall') key += `${row.id}/${row.abi}\0`;
      else if (label === 'pid') key += `${row.pid}\0`;
      else if (label === 'comm') key += `${row.comm}\0`;
      else key += `${row.cgroup}\0`;
    }
    return key;
  }

  /** A row's label pairs; folded, every label but the syscall's reads `other`. Undefined while its cgroup path is looked for. */
  private labelsOf(row: Row, folded: boolean): string | undefined {
    const pairs: string[] = [];
    for (const label of this.labels) {
      if (label === 'syscall') {
        pairs.push(`syscall="${escapeLabelValue(this.names.name(row.id, row.abi))}"`);
        if (row.abi !== 0) pairs.push(`abi="${escapeLabelValue(this.names.abiName(row.abi))}"`);
        continue;
      }
      let value: string | undefined = FOLDED;
      if (!folded) {
        if (label === 'pid') value = String(row.pid);
        else if (label === 'comm')
          value = Buffer.from(row.comm, 'latin1').toString(); // the name's bytes, as UTF-8 text
        else value = this.cgroupPath(row.cgroup);
      }
      if (value === undefined) return undefined;
      pairs.push(`${label}="${escapeLabelValue(value)}"`);
    }
    return pairs.join(',');
  }
}

/** One row of the kernel's columns, with its counts. */
interface Row {
  pid: number;
  comm: string;
  cgroup: number;
  id: number;
  abi: number;
  count: number;
  errors: number;
  /** With --time (the histogram's buckets are a copy: a held row outlives the drain). */
  time?: Durations;
}

function rowOf(columns: NativeColumns, i: number): Row {
  const { timed, timeNs, buckets } = columns;
  const stride = buckets ? buckets.length / columns.count.length : 0;
  return {
    ...(timed && timeNs && buckets && { time: { timed: timed[i]!, timeNs: timeNs[i]!, buckets: buckets.slice(i * stride, (i + 1) * stride) } }),
    pid: columns.pid[i]!,
    comm: columns.comms[columns.commIndex[i]!]!,
    cgroup: columns.cgroup[i]!,
    id: columns.id[i]!,
    abi: columns.abi[i]!,
    count: columns.count[i]!,
    errors: columns.errors[i]!,
  };
}
