// Fleet mode's core: drains the kernel's counts into the series store on a clock, and renders the
// metrics for scrapes. Never touches `process`.
import type { Addon, TracerOptions } from '../core/native.js';
import { pollUntil } from '../core/poll.js';
import { CountSession, suggestedMaxEntries } from '../core/session.js';
import type { SyscallNames } from '../syscalls/names.js';
import { CgroupPaths } from './cgroups.js';
import { renderMetrics, type ExporterState } from './metrics.js';
import { SeriesStore, type Label } from './series.js';
import type { ListenAddress } from './address.js';
import { explainListenError, listen, metricsServer, stopServer } from './server.js';

/**
 * How often the kernel map is drained at least; sooner when it is a quarter full, which the kernel
 * wakes the exporter for (limits.ts).
 */
export const DRAIN_INTERVAL_MS = 1000;
/** Between two warnings that the map filled up: it says what to do once, not at every drain. */
const WARNING_INTERVAL_MS = 60_000;

export interface ExporterOptions {
  labels: readonly Label[];
  maxSeries: number;
  errors: boolean;
  /** Also serve the duration histogram (the tracer times, with buckets). */
  time: boolean;
  version: string;
  /** Where cgroup v2 is mounted, for the cgroup label's paths. */
  cgroupMount?: string;
  /** Host names the server answers besides IP addresses, localhost and this machine's name. */
  hostNames?: readonly string[];
}

export class Exporter {
  private readonly store: SeriesStore;
  private readonly cgroups: CgroupPaths;
  private mapEntries = 0;
  private readonly rendered = new Map<boolean, { version: string; body: Buffer }>();
  private lastWarning = -Infinity;
  private warnedKeys = 0;
  private drainedAt = performance.now();

  private constructor(
    private readonly session: CountSession,
    private readonly histogramBoundsNs: readonly number[] | undefined,
    private readonly tracerOptions: TracerOptions,
    readonly options: ExporterOptions,
    names: SyscallNames,
    readonly warn: (message: string) => void,
  ) {
    this.cgroups = new CgroupPaths(options.cgroupMount);
    this.store = new SeriesStore(options.labels, options.maxSeries, names, (id) => this.cgroups.path(id));
  }

  /** Attaches: every wanted completion from now on ends up in a series. */
  static start(addon: Addon, tracerOptions: TracerOptions, names: SyscallNames, options: ExporterOptions, warn: (message: string) => void): Exporter {
    const withDrain = { ...tracerOptions, drain: true, byCgroup: options.labels.includes('cgroup'), ...(options.time && { time: true, histogram: true }) };
    const bounds = options.time ? addon.histogramBoundsNs : undefined;
    return new Exporter(CountSession.start(addon, withDrain, names), bounds, withDrain, options, names, warn);
  }

  follow(pid: number): void {
    this.session.follow(pid, false);
  }

  /** Calls `listener` whenever the kernel wakes the exporter's session (CountSession.onWake). */
  onWake(listener: () => void): () => void {
    return this.session.onWake(listener);
  }

  /**
   * Called when woken and when it asks: drains once a second, and as soon as the map is a quarter
   * full. Returns the delay before the next call.
   */
  step(): number {
    const now = performance.now();
    if (this.session.drainDue() || now - this.drainedAt >= DRAIN_INTERVAL_MS) {
      this.drain();
      this.drainedAt = now;
    }
    return Math.max(0, DRAIN_INTERVAL_MS - (now - this.drainedAt));
  }

  /** Moves the kernel's counts into the series. Blocks for an RCU grace period (a few ms). */
  drain(): void {
    const { drained, pending } = this.session.drain();
    this.mapEntries = drained.count.length;
    this.cgroups.refresh();
    this.store.absorb(drained, pending);
    this.warnIfFull();
  }

  /** The metrics in one of the two formats; rendered once per change, however many scrapes. */
  render(openMetrics: boolean): Buffer {
    const cached = this.rendered.get(openMetrics);
    // Everything a rendering shows but the series themselves, which bump the store's generation.
    const state = this.state();
    const version = [this.store.generation, state.mapEntries, state.droppedKeys, state.droppedSyscalls, state.skippedSyscalls].join();
    if (cached?.version === version) return cached.body;
    const body = renderMetrics(state, openMetrics);
    this.rendered.set(openMetrics, { version, body });
    return body;
  }

  close(): void {
    this.session.close();
  }

  private state(): ExporterState {
    return {
      store: this.store,
      errors: this.options.errors,
      mapEntries: this.mapEntries,
      maxEntries: this.tracerOptions.maxEntries,
      ...this.session.losses(),
      version: this.options.version,
      ...(this.histogramBoundsNs && { histogramBoundsNs: this.histogramBoundsNs }),
    };
  }

  private warnIfFull(): void {
    const { droppedKeys } = this.session.losses();
    const now = performance.now();
    if (droppedKeys === this.warnedKeys || now - this.lastWarning < WARNING_INTERVAL_MS) return;
    this.warn(
      `the count map filled up between two drains (--max-entries ${this.tracerOptions.maxEntries}): ` +
        `${droppedKeys} key${droppedKeys === 1 ? '' : 's'} refused so far, their completions not counted ` +
        `(syscallbypid_dropped_keys_total); ${raiseTo(this.tracerOptions.maxEntries)}`,
    );
    this.warnedKeys = droppedKeys;
    this.lastWarning = now;
  }
}

/**
 * Serves the exporter's metrics on `address` and drains the kernel's counts (Exporter.step) until `stopped`
 * resolves; rejects if it cannot listen or a drain fails. `listening` is called once it serves.
 */
export async function serveUntil(exporter: Exporter, address: ListenAddress, stopped: Promise<void>, listening: () => void): Promise<void> {
  const server = metricsServer((openMetrics) => exporter.render(openMetrics), { hostNames: exporter.options.hostNames ?? [], warn: exporter.warn });
  try {
    await listen(server, address);
  } catch (error) {
    throw explainListenError(address, error as NodeJS.ErrnoException);
  }
  listening();
  try {
    await pollUntil(stopped, exporter, 0, () => exporter.step());
  } finally {
    await stopServer(server);
  }
}

function raiseTo(maxEntries: number): string {
  const suggestion = suggestedMaxEntries(maxEntries, 0);
  return suggestion > maxEntries ? `raise the bound, e.g. --max-entries ${suggestion}` : '--max-entries is at its ceiling: trace fewer processes';
}
