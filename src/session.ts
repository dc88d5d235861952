// The library core: one tracing session from attach to named rows. Never touches `process`.
import { release } from 'node:os';
import { ExitCode, ToolError, explainNativeError, type NativeError } from './errors.js';
import type { Addon, Drained, NativeTracer, TracerOptions } from './native.js';
import { MAX_ENTRIES_CEILING } from './options.js';
import { CountTable, Differ } from './rows.js';
import type { SyscallNames } from './syscalls/names.js';

export class CountSession {
  private readonly differ = new Differ();
  private differenced = false;

  private constructor(
    private readonly tracer: NativeTracer,
    private readonly maxEntries: number,
    private readonly names: SyscallNames,
  ) {}

  /** Attaches: every wanted syscall completion from the moment this returns is counted. */
  static start(addon: Addon, options: TracerOptions, names: SyscallNames): CountSession {
    return explained(() => new CountSession(new addon.Tracer(options), options.maxEntries, names));
  }

  /** Counts `pid` and every process it creates from now on; if armed, from its next execve. */
  follow(pid: number, armed: boolean): void {
    explained(() => this.tracer.follow(pid, armed));
  }

  /** Throws when the map or the followed set has been full: from then on the counts are incomplete. */
  checkLoss(): void {
    const unfollowed = this.tracer.unfollowed();
    if (unfollowed > 0) throw followedFullError(this.maxEntries, unfollowed);
    const dropped = this.tracer.dropped();
    if (dropped > 0) throw mapFullError(this.maxEntries, dropped);
    const skipped = this.tracer.skipped();
    if (skipped > 0) throw skippedError(skipped);
  }

  /**
   * The counts since the previous call (or since attaching), while counting goes on. Successive
   * calls, and the final `stop()`, add up to the whole run exactly.
   */
  interval(): CountTable {
    this.differenced = true;
    return this.differ.next(this.read());
  }

  /** With { drain: true }: moves the counts out of the kernel (see NativeTracer.drain). */
  drain(): Drained {
    return explained(() => this.tracer.drain());
  }

  /** What was lost so far, for the exporter's metrics: it reports losses rather than ending. */
  losses(): { droppedKeys: number; droppedSyscalls: number; skippedSyscalls: number; unfollowedProcesses: number } {
    return {
      droppedKeys: this.tracer.refused(),
      droppedSyscalls: this.tracer.dropped(),
      skippedSyscalls: this.tracer.skipped(),
      unfollowedProcesses: this.tracer.unfollowed(),
    };
  }

  /** Stops counting and returns the counts since the last `interval()` (all of them if none). */
  stop(): CountTable {
    this.tracer.detach();
    return this.differenced ? this.interval() : this.read();
  }

  close(): void {
    this.tracer.close();
  }

  private read(): CountTable {
    this.checkLoss();
    return new CountTable(explained(() => this.tracer.read()), this.names);
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

export function mapFullError(maxEntries: number, dropped: number): ToolError {
  const fix = raiseBound(maxEntries);
  return new ToolError(
    `the count map is full (--max-entries ${maxEntries}): ${dropped} syscall completion${dropped === 1 ? '' : 's'} ` +
      `could not be counted, so no table is printed. Each (process, thread name, syscall) needs an entry and ` +
      `many short-lived processes use many; ${fix}`,
    ExitCode.countsLost,
  );
}
