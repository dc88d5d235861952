// The exporter's metrics in Prometheus' text exposition format (0.0.4) and in OpenMetrics 1.0.
import { digitsOf, writeDigits } from '../output/format.js';
import { escapeLabelValue, type SeriesStore } from './series.js';

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** Whether a scraper's Accept header asks for OpenMetrics (Prometheus does, first, by default). */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  // The best quality the client gives each format; q=0 means "not this one" (RFC 9110 12.4.2).
  let openMetrics = 0;
  let text = 0;
  for (const range of accept.split(',')) {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = parameters.find((p) => /^q\s*=/.test(p));
    const quality = q === undefined ? 1 : Number(q.replace(/^q\s*=\s*/, '')) || 0;
    if (type === 'application/openmetrics-text') openMetrics = Math.max(openMetrics, quality);
    else if (type === 'text/plain' || type === 'text/*' || type === '*/*') text = Math.max(text, quality);
  }
  return openMetrics > 0 && openMetrics >= text;
}

/** What the metrics say besides the series. */
export interface ExporterState {
  store: SeriesStore;
  errors: boolean;
  /** Entries the kernel count map held at the last drain. */
  mapEntries: number;
  maxEntries: number;
  /** Insertions the full map refused, and the completions they carried. */
  droppedKeys: number;
  droppedSyscalls: number;
  /** Completions the kernel did not run the counter for. */
  skippedSyscalls: number;
  version: string;
  /** With --time: the duration histogram's bucket bounds in ns (addon.histogramBoundsNs). */
  histogramBoundsNs?: readonly number[];
}

type Kind = 'counter' | 'gauge' | 'info' | 'histogram';

/** The longest a sample's value can print: counts are whole numbers below 2^53 (16 digits). */
const MAX_VALUE_BYTES = 16;

/**
 * An exposition written as bytes into one buffer: a scrape of many series copies each series'
 * encoded labels and prints its count in place, with no string per line to build and collect.
 */
class Exposition {
  private buffer: Buffer;
  private length = 0;

  constructor(estimate: number) {
    this.buffer = Buffer.allocUnsafe(estimate);
  }

  text(text: string): void {
    this.reserve(Buffer.byteLength(text));
    this.length += this.buffer.write(text, this.length);
  }

  /** `name{labels} value\n`, or `name value\n` without labels; `more` is a label pair after them (le). */
  sample(name: Buffer, labels: Buffer | undefined, value: number, more?: Buffer): void {
    this.reserve(name.length + (labels ? labels.length + 2 : 0) + (more ? more.length + 1 : 0) + 1 + MAX_VALUE_BYTES + 1);
    const b = this.buffer;
    b.set(name, this.length);
    this.length += name.length;
    if (labels) {
      b[this.length++] = 0x7b; // {
      b.set(labels, this.length);
      this.length += labels.length;
      if (more) {
        if (labels.length > 0) b[this.length++] = 0x2c; // ,
        b.set(more, this.length);
        this.length += more.length;
      }
      b[this.length++] = 0x7d; // }
    }
    b[this.length++] = 0x20;
    this.digits(value);
    b[this.length++] = 0x0a;
  }

  done(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private digits(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      this.length += this.buffer.write(String(value), this.length, 'latin1');
      return;
    }
    const digits = digitsOf(value);
    this.length += digits;
    writeDigits(this.buffer, this.length, value, digits);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }
}

const SYSCALLS = Buffer.from('syscallbypid_syscalls_total');
const ERRORS = Buffer.from('syscallbypid_syscall_errors_total');
const DURATION = 'syscallbypid_syscall_duration_seconds';
const DURATION_BUCKET = Buffer.from(`${DURATION}_bucket`);
const DURATION_SUM = Buffer.from(`${DURATION}_sum`);
const DURATION_COUNT = Buffer.from(`${DURATION}_count`);

/** A bound in seconds as an `le` value: OpenMetrics' canonical number (1.0, not 1), plain decimals. */
export function leValue(ns: number): string {
  const seconds = ns / 1e9;
  return Number.isInteger(seconds) ? seconds.toFixed(1) : String(seconds);
}

export function renderMetrics(state: ExporterState, openMetrics: boolean): Buffer {
  const { store } = state;
  const labelList = store.labels.join(', ');
  let estimate = 4096;
  const bounds = state.histogramBoundsNs;
  const perSeries = (state.errors ? 2 : 1) + (bounds ? bounds.length + 3 : 0);
  for (const series of store.values()) estimate += (series.labelBytes.length + 64) * perSeries;
  const out = new Exposition(estimate);

  /**
   * One metric family's HELP and TYPE: `name` is the family as OpenMetrics spells it (no _total,
   * _info); the text format names a counter's family with its suffix, and has no info type.
   */
  const family = (name: string, kind: Kind, help: string) => {
    const suffix = kind === 'counter' ? '_total' : kind === 'info' ? '_info' : '';
    const familyName = openMetrics ? name : name + suffix;
    const type = openMetrics ? kind : kind === 'info' ? 'gauge' : kind;
    out.text(`# HELP ${familyName} ${help}\n# TYPE ${familyName} ${type}\n`);
  };
  const scalar = (name: string, kind: Kind, help: string, value: number) => {
    family(name, kind, help);
    out.sample(Buffer.from(name + (kind === 'counter' ? '_total' : '')), undefined, value);
  };

  family('syscallbypid_syscalls', 'counter', `Syscall completions, by ${labelList}.`);
  for (const series of store.values()) out.sample(SYSCALLS, series.labelBytes, series.count);
  if (state.errors) {
    family('syscallbypid_syscall_errors', 'counter', `Syscall completions that returned an error, by ${labelList}.`);
    for (const series of store.values()) out.sample(ERRORS, series.labelBytes, series.errors);
  }
  if (bounds) {
    family(DURATION, 'histogram', `Time from a syscall's entry to its completion, by ${labelList}; calls in flight when tracing began are not timed.`);
    const les = [...bounds.map((ns) => leValue(ns)), '+Inf'].map((le) => Buffer.from(`le="${le}"`));
    for (const series of store.values()) {
      const time = series.time;
      let cumulative = 0;
      for (let b = 0; b < les.length; b++) {
        cumulative += time?.buckets[b] ?? 0;
        out.sample(DURATION_BUCKET, series.labelBytes, cumulative, les[b]);
      }
      out.sample(DURATION_SUM, series.labelBytes, (time?.timeNs ?? 0) / 1e9);
      out.sample(DURATION_COUNT, series.labelBytes, time?.timed ?? 0);
    }
  }
  scalar('syscallbypid_series', 'gauge', `Series of syscallbypid_syscalls_total (at most --max-series ${store.maxSeries}, plus folded ones).`, store.size);
  scalar(
    'syscallbypid_folded_syscalls',
    'counter',
    'Completions counted in a series whose labels other than syscall read "other", because --max-series was reached.',
    store.folded,
  );
  scalar('syscallbypid_expired_series', 'counter', `Series removed because they had not changed for ${store.ttlMs / 1000} s.`, store.expired);
  scalar('syscallbypid_map_entries', 'gauge', 'Entries the kernel count map held when last drained.', state.mapEntries);
  scalar('syscallbypid_map_max_entries', 'gauge', 'Bound of the kernel count map (--max-entries).', state.maxEntries);
  scalar('syscallbypid_dropped_keys', 'counter', 'Keys the full kernel count map refused; raise --max-entries if this grows.', state.droppedKeys);
  scalar('syscallbypid_dropped_syscalls', 'counter', 'Completions not counted because the kernel count map was full.', state.droppedSyscalls);
  scalar(
    'syscallbypid_skipped_syscalls',
    'counter',
    'Completions the kernel skipped the counter for (it was already running on that CPU).',
    state.skippedSyscalls,
  );
  family('syscallbypid_build', 'info', 'The running syscallbypid.');
  out.sample(Buffer.from('syscallbypid_build_info'), Buffer.from(`version="${escapeLabelValue(state.version)}"`), 1);
  if (openMetrics) out.text('# EOF\n');
  return out.done();
}
