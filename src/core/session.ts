// The library core: one tracing session from attach to named rows. Never touches `process`.
import { release } from 'node:os';
import { ExitCode, ToolError, explainNativeError, type NativeError } from './errors.js';
import type { Addon, Drained, Fill, NativeTracer, TracerOptions } from './native.js';
import { DRAIN_FILL, MAX_ENTRIES_CEILING, POLL_MS } from './limits.js';
import type { Wakes } from './poll.js';
import { IntervalCounts } from './intervals.js';
import { CountTable } from './rows.js';
import type { SyscallNames } from '../syscalls/names.js';

/** How the counts are read: once, at the end (a table), or interval by interval (-i, --live). */
export interface Reading {
  intervals?: boolean;
  /** With intervals: keep the run's totals too (totals(), table(): --live). */
  totals?: boolean;
}

export class CountSession implements Wakes {
  /** New keys (inserted or refused) at the last loss check, and the most seen between two. */
  private keysAt = { time: performance.now(), keys: 0 };
  private peakKeys = { keys: 0, seconds: 1 };
  private peakEntries = 0;
  private readonly wakeListeners = new Set<() => void>();
  /** A wake-up came while nobody listened (between two loops of a mode): the next listener gets it. */
  private wakePending = false;

  private constructor(
    private readonly tracer: NativeTracer,
    private readonly maxEntries: number,
    private readonly names: SyscallNames,
    /** In interval mode: the current interval's drained counts; the tracer's own table stays empty. */
    private readonly intervals: IntervalCounts | undefined,
    private readonly drainAt: number,
  ) {
    if (drainAt === 0) return;
    try {
      this.tracer.onWake(() => this.wake());
    } catch (error) {
      this.tracer.close();
      throw error;
    }
  }

  /**
   * Attaches: every wanted syscall completion from the moment this returns is counted. With the
   * spare count map (drain, unless the options say), the kernel wakes the session's listeners when
   * the map is due for a drain (onWake), and poll() keeps the map for the keys still changing.
   * With `{ intervals: true }`, interval() reads the counts (stop() the last ones); else stop() does, once.
   */
  static start(addon: Addon, options: TracerOptions, names: SyscallNames, reading: Reading = {}): CountSession {
    const drain = options.drain ?? !options.floor;
    const drainAt = drain ? Math.max(1, Math.floor(options.maxEntries * DRAIN_FILL)) : 0;
    const withSpare = { ...options, drain, ...(drain && { drainAt }), ...(reading.intervals && { keyIds: true }) };
    const intervals = reading.intervals ? new IntervalCounts(names, { totals: reading.totals }) : undefined;
    return explained(() => new CountSession(new addon.Tracer(withSpare), options.maxEntries, names, intervals, drainAt));
  }

  /**
   * Calls `listener` whenever the kernel wakes the session (the map is due for a drain, or counts
   * were lost), and after a drain that left the map due again. A wake-up that came while nobody
   * listened is passed to the next listener, on the next turn of the event loop. Returns the
   * function that stops it.
   */
  onWake(listener: () => void): () => void {
    const own = () => listener(); // the same listener twice is two listeners
    this.wakeListeners.add(own);
    if (this.wakePending) {
      this.wakePending = false;
      setImmediate(() => this.wakeListeners.has(own) && own());
    }
    return () => this.wakeListeners.delete(own);
  }

  private wake(): void {
    this.wakePending = this.wakeListeners.size === 0;
    for (const listener of [...this.wakeListeners]) listener();
  }

  /**
   * Called when the kernel wakes the session, and every POLL_MS: throws when counts were lost; once
   * the map is a quarter full, moves its counts into the tracer's own table (user space; in
   * interval mode, into the current interval's counts), which waits out an RCU grace period
   * (milliseconds, asleep). The map then has three quarters of its entries for the keys that
   * appear before that drain's wake-up is answered. Returns the delay before the next poll.
   */
  poll(): number {
    this.checkLoss();
    this.peakEntries = Math.max(this.peakEntries, this.fill().entries);
    if (!this.drainDue()) return POLL_MS;
    if (this.intervals) this.intervals.add(this.drain().drained);
    else this.afterDrain(explained(() => this.tracer.collect()));
    return POLL_MS;
  }

  /** The map holds as many entries as the kernel wakes the session at: drain it. Cheap. */
  drainDue(): boolean {
    return this.drainAt > 0 && this.tracer.fill().entries >= this.drainAt;
  }

  /**
   * The fullest the map was seen at a poll (a drain begins with one), and the --max-entries that holds
   * the most new keys seen between two polls.
   */
  peakFill(): { peakEntries: number; suggestedMaxEntries: number } {
    return { peakEntries: this.peakEntries, suggestedMaxEntries: suggestedMaxEntries(this.maxEntries, this.peakKeys.keys) };
  }

  /** Count map entries in use, keys ever inserted, rows drained into user space. Cheap. */
  fill(): Fill {
    const fill = explained(() => this.tracer.fill());
    return this.intervals ? { ...fill, rows: this.intervals.rows } : fill;
  }

  /** Completions counted so far (reads the count map: call it at a low rate). */
  completions(): number {
    return explained(() => this.tracer.completions()) + (this.intervals?.completions ?? 0);
  }

  /** Counts `pid` and every process it creates from now on; if armed, from its next execve. */
  follow(pid: number, armed: boolean): void {
    explained(() => this.tracer.follow(pid, armed));
  }

  /** Throws when the map or the followed set has been full: from then on the counts are incomplete. */
  checkLoss(): void {
    const unfollowed = this.tracer.unfollowedProcesses();
    if (unfollowed > 0) throw followedFullError(this.maxEntries, unfollowed);
    this.measureKeys();
    const dropped = this.tracer.droppedSyscalls();
    if (dropped > 0) throw mapFullError(this.maxEntries, dropped, this.peakKeys);
    const skipped = this.tracer.skippedSyscalls();
    if (skipped > 0) throw skippedError(skipped);
  }

  /**
   * With { intervals: true }: the counts since the previous call (or since attaching), while counting
   * goes on. Successive calls, and the final `stop()`, add up to the whole run exactly. Drains the
   * map: it costs what changed in the interval (intervals.ts).
   */
  interval(): CountTable {
    const intervals = this.intervalCounts();
    this.checkLoss();
    const { drained, pending } = this.drain();
    intervals.add(drained);
    return intervals.next(pending);
  }

  /** With { intervals: true, totals: true }: the counts reported so far, a row a key (an interval's runRow(i) is its row). */
  totals(): CountTable {
    return this.intervalCounts().totals();
  }

  /** With { intervals: true, totals: true }: the counts reported so far in key order, the run's table once stop() has run. */
  table(): CountTable {
    return this.intervalCounts().table();
  }

  private intervalCounts(): IntervalCounts {
    if (!this.intervals) throw new Error('the session was not started with { intervals: true }');
    return this.intervals;
  }

  /** With { drain: true }: moves the counts out of the kernel (see NativeTracer.drain). */
  drain(): Drained {
    return this.afterDrain(explained(() => this.tracer.drain()));
  }

  /**
   * Keys that reached the map while it was drained may have passed the mark the kernel wakes at,
   * which the drain set afterwards: then the session wakes itself, once the caller is done.
   */
  private afterDrain<T>(drained: T): T {
    if (this.drainDue()) setImmediate(() => this.wake());
    return drained;
  }

  /** What was lost so far, for the exporter's metrics: it reports losses rather than ending. */
  losses(): { droppedKeys: number; droppedSyscalls: number; skippedSyscalls: number; unfollowedProcesses: number } {
    return {
      droppedKeys: this.tracer.droppedKeys(),
      droppedSyscalls: this.tracer.droppedSyscalls(),
      skippedSyscalls: this.tracer.skippedSyscalls(),
      unfollowedProcesses: this.tracer.unfollowedProcesses(),
    };
  }

  /**
   * Stops counting and returns the counts: in interval mode those since the last `interval()` (all
   * of them if none), else the whole run's.
   */
  stop(): CountTable {
    this.tracer.detach();
    if (!this.intervals) return this.read();
    // Detached, the map and the slots hold the rest for good (the tracer's own table is empty in
    // interval mode): read in place rather than drain, which would wait out a grace period, while a
    // second stop signal (a closed terminal's shell passes its SIGHUP on) may already be coming.
    this.checkLoss();
    this.intervals.add(explained(() => this.tracer.read()));
    return this.intervals.next();
  }

  close(): void {
    this.tracer.close();
  }

  /** The most new keys that arrived between two loss checks: what the map must hold at once. */
  private measureKeys(): void {
    const time = performance.now();
    const keys = this.tracer.fill().inserted + this.tracer.droppedKeys();
    const arrived = keys - this.keysAt.keys;
    if (arrived > this.peakKeys.keys) this.peakKeys = { keys: arrived, seconds: Math.max(time - this.keysAt.time, 1) / 1000 };
    this.keysAt = { time, keys };
  }

  private read(): CountTable {
    this.checkLoss();
    return new CountTable(
      explained(() => this.tracer.read()),
      this.names,
    );
  }
}

/** Runs a call into the addon; its failure comes out explained (errors.ts). */
function explained<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw explainNativeError(error as NativeError, release());
  }
}

export function skippedError(skipped: number): ToolError {
  return new ToolError(
    `the kernel skipped the counter ${skipped} time${skipped === 1 ? '' : 's'} (a syscall completed on a CPU where ` +
      `it was already running), so those completions could not be counted and no table is printed; please report ` +
      `this with your kernel version`,
    ExitCode.countsLost,
  );
}

function raiseBound(maxEntries: number): string {
  const suggestion = Math.min(maxEntries * 4, MAX_ENTRIES_CEILING);
  return suggestion > maxEntries ? `raise the bound, e.g. --max-entries ${suggestion}` : `--max-entries is at its ceiling; trace fewer processes at once`;
}

export function followedFullError(maxEntries: number, unfollowed: number): ToolError {
  return new ToolError(
    `the set of followed processes is full (--max-entries ${maxEntries} bounds it too): ${unfollowed} ` +
      `process${unfollowed === 1 ? '' : 'es'} created by followed ones could not be followed, so their calls ` +
      `are not counted and no table is printed; ${raiseBound(maxEntries)}`,
    ExitCode.countsLost,
  );
}

/**
 * The --max-entries that holds `keys` new keys between two polls with room to spare: four times
 * them (the map is drained once a quarter full, and a burst or a late poll may bring more), as a
 * power of two, at least twice the bound that filled, at most the ceiling.
 */
export function suggestedMaxEntries(maxEntries: number, keys: number): number {
  const wanted = Math.max(maxEntries * 2, keys * 4);
  return Math.min(2 ** Math.ceil(Math.log2(wanted)), MAX_ENTRIES_CEILING);
}

export function mapFullError(maxEntries: number, dropped: number, peak: { keys: number; seconds: number } = { keys: 0, seconds: 1 }): ToolError {
  const suggestion = suggestedMaxEntries(maxEntries, peak.keys);
  const rate = Math.round(peak.keys / peak.seconds);
  const bySyscall = 'count per syscall with --by syscall (an entry per syscall, however many processes come and go)';
  const fix =
    suggestion > maxEntries
      ? `raise the bound to --max-entries ${suggestion}, or ${bySyscall}`
      : `--max-entries is at its ceiling: ${bySyscall}, or trace fewer processes at once`;
  return new ToolError(
    `the count map is full (--max-entries ${maxEntries}): ${dropped} syscall completion${dropped === 1 ? '' : 's'} ` +
      `could not be counted, so no table is printed. New (process, thread name, syscall) keys came faster than ` +
      `the map is emptied (${peak.keys} in ${peak.seconds.toFixed(2)} s, about ${rate} a second); ${fix}`,
    ExitCode.countsLost,
  );
}
