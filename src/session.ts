// The library core: one tracing session from attach to named rows. Never touches `process`.
import { ExitCode, ToolError, explainNativeError, type NativeError } from './errors.js';
import type { Addon, NativeTracer } from './native.js';
import { MAX_ENTRIES_CEILING } from './options.js';
import { nameRows, sortRows, type CountRow } from './rows.js';
import type { SyscallNamer } from './syscalls/names.js';

export interface SessionOptions {
  maxEntries: number;
  /** A BTF file to use instead of the running kernel's /sys/kernel/btf/vmlinux. */
  btfPath?: string;
  syscallName: SyscallNamer;
}

export class CountSession {
  private constructor(
    private readonly tracer: NativeTracer,
    private readonly options: SessionOptions,
  ) {}

  /** Attaches: every syscall completion from the moment this returns is counted. */
  static start(addon: Addon, options: SessionOptions): CountSession {
    try {
      const { maxEntries, btfPath } = options;
      return new CountSession(new addon.Tracer(btfPath === undefined ? { maxEntries } : { maxEntries, btfPath }), options);
    } catch (error) {
      throw explainNativeError(error as NativeError);
    }
  }

  /** Throws when the map has been full: from then on the counts are incomplete. */
  checkLoss(): void {
    const dropped = this.tracer.dropped();
    if (dropped > 0) throw mapFullError(this.options.maxEntries, dropped);
  }

  /** Stops counting and returns every count, sorted; throws instead if any completion was lost. */
  stop(): CountRow[] {
    this.tracer.detach();
    this.checkLoss();
    let rows;
    try {
      rows = this.tracer.read();
    } catch (error) {
      throw explainNativeError(error as NativeError);
    }
    return sortRows(nameRows(rows, this.options.syscallName));
  }

  close(): void {
    this.tracer.close();
  }
}

export function mapFullError(maxEntries: number, dropped: number): ToolError {
  const suggestion = Math.min(maxEntries * 4, MAX_ENTRIES_CEILING);
  const fix =
    suggestion > maxEntries
      ? `raise the bound, e.g. --max-entries ${suggestion}`
      : `--max-entries is at its ceiling; trace fewer processes at once`;
  return new ToolError(
    `the count map is full (--max-entries ${maxEntries}): ${dropped} syscall completion${dropped === 1 ? '' : 's'} ` +
      `could not be counted, so no table is printed. Each (process, thread name, syscall) needs an entry and ` +
      `many short-lived processes use many; ${fix}`,
    ExitCode.countsLost,
  );
}
