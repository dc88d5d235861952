// Loads the C++ addon (native/), built by node-gyp into build/Release at install time.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ExitCode, ToolError } from './errors.js';
import type { Syscall } from '../syscalls/names.js';

/** What `new Tracer()` accepts; the addon checks every field (native/options.h). */
export interface TracerOptions {
  maxEntries: number;
  btfPath?: string;
  byThread?: boolean;
  /** Key by cgroup v2 id too (the exporter's cgroup label). */
  byCgroup?: boolean;
  /** Key by syscall and ABI only (--by syscall): pid, tid and thread name are 0 and "". */
  bySyscall?: boolean;
  /** Key by process and thread name only (--by pid): the syscall is 0 (ABI 0). */
  byPid?: boolean;
  /** Create the spare count map that drain() and collect() swap in (CountSession sets it). */
  drain?: boolean;
  /**
   * With `drain`: once this many entries of the count map are in use (counted from the last drain or
   * collect), the program wakes onWake()'s callback, so that user space drains without polling.
   */
  drainAt?: number;
  /** drain() and read() give each key an id, the columns' `key` (interval mode: intervals.ts keeps the run by it). */
  keyIds?: boolean;
  failedOnly?: boolean;
  pids?: number[];
  comms?: string[];
  syscalls?: Syscall[];
  cgroupPath?: string;
  /** Attach a program that does nothing instead of the counter, at the same point: the benchmark's floor. */
  floor?: boolean;
  /** Count only processes given to follow() and those they create. */
  follow?: boolean;
  /**
   * Also time each call, from its entry (a program at sys_enter stamps it; a thread switched out during a
   * call takes the stamp into its task storage) to its completion: the columns gain timed, timeNs and maxNs.
   * With `floor`: the floor of this mode, programs that do nothing at both sys_enter and sys_exit.
   */
  time?: boolean;
  /** Also keep a log2 histogram of the timed calls per key (the columns gain `buckets`); implies `time`. */
  histogram?: boolean;
  /** With `floor` and `time`: `time`'s entry program and a completion that only reads the clock (the clock's part of `time`). */
  clock?: boolean;
}

/**
 * The count map as columns, in key order (pid, tid, thread name, syscall): entry i is pid[i],
 * tid[i], comms[commIndex[i]], ...; abi[i] indexes enum sbp_abi (bpf/syscallbypid.h).
 */
export interface NativeColumns {
  pid: Uint32Array;
  tid: Uint32Array;
  id: Int32Array;
  abi: Uint8Array;
  /** With { keyIds: true }: each row's key id, the same for a key in every drain() and read(). */
  key?: Uint32Array;
  /** Not the addon's: in an interval's table (intervals.ts), each row's row in the run's totals(). */
  runRow?: Uint32Array;
  /** cgroup v2 id with { byCgroup: true }, else 0. */
  cgroup: Float64Array;
  count: Float64Array;
  errors: Float64Array;
  commIndex: Uint32Array;
  /** Each distinct thread name once, as its bytes: one char a byte (latin1), as the kernel has it. */
  comms: string[];
  /**
   * With { time: true } (else undefined): the calls whose entry was seen, so timed. count - timed are calls
   * whose entry the program did not see: in flight when tracing began, or refused by seccomp before they
   * entered (the kernel runs sys_exit for them, not sys_enter); counted, not timed.
   */
  timed?: Float64Array;
  /** With { time: true }: the timed calls' durations added up, in ns. */
  timeNs?: Float64Array;
  /** With { time: true }: the longest single timed call, in ns (0 if none was timed). */
  maxNs?: Float64Array;
  /**
   * With { histogram: true }: the timed calls per duration bucket, row-major, histogramBoundsNs.length + 1 a
   * row: bucket b of row i is buckets[i * (bounds + 1) + b]; the last one is above the last bound (+Inf).
   */
  buckets?: Float64Array;
}

/** What drain() moves out of the kernel. */
export interface Drained {
  /** Counts that left the kernel for good: add them up. */
  drained: NativeColumns;
  /** What the CPUs' slots hold now: a later drain has them in `drained`. */
  pending: NativeColumns;
}

export interface Fill {
  entries: number;
  inserted: number;
  rows: number;
}

/**
 * One loaded and attached program (native/tracer.cc): `new Tracer(options)` opens, configures, loads and
 * attaches, and tracing has begun when it returns. Every method throws once close() ran.
 */
export interface NativeTracer {
  /** Completions lost so far because the count map was full. */
  droppedSyscalls(): number;
  /** Keys whose insertion the full count map refused so far (each lost that key's counts at that moment). */
  droppedKeys(): number;
  /**
   * Processes created by followed ones that the full followed set could not take so far: their calls are
   * not counted (the set is bounded by maxEntries).
   */
  unfollowedProcesses(): number;
  /** Completions the kernel did not run the counter for: it was already running on that CPU (0 before 5.12). */
  skippedSyscalls(): number;
  /** With { follow: true }: count `pid` and what it creates; if armed, from its next successful execve on. */
  follow(pid: number, armed: boolean): void;
  /** Stops counting; the counts stay readable. */
  detach(): void;
  /**
   * Every count so far (the tracer's own table, the map and the CPUs' slots), in key order; counting goes
   * on. A read may miss counts moving from a CPU's slot into the map at that moment (the next read has
   * them), never counts one twice.
   */
  read(): NativeColumns;
  /**
   * With { drain: true }: swaps an empty count map in, waits until no program writes the old one (an RCU
   * grace period: a few ms, asleep) and empties it into the caller's hands. A count is in `drained` or in
   * `pending`, or in neither for a moment while it moves into the new map, never in both.
   */
  drain(): Drained;
  /**
   * With { drain: true }: like drain(), but adds what left the kernel to the tracer's own table, which
   * read() and completions() include: the map keeps only the keys seen since. The number of keys moved.
   */
  collect(): number;
  /** Entries in the count map now, keys ever inserted into it, rows of the tracer's own table. Reads no map. */
  fill(): Fill;
  /** Completions counted so far (the tracer's own table, the map and the slots); reads the map. */
  completions(): number;
  /**
   * Calls `callback` on the event loop whenever the program wakes user space: the count map has reached
   * `drainAt` entries, or counts were lost for the first time (the map or the followed set was full).
   * Once per tracer. The watch does not keep the process alive, but it keeps the tracer (its callback holds
   * it, through the session): a watched tracer is released by close() or at environment teardown, not by GC.
   */
  onWake(callback: () => void): void;
  /** Releases the program, maps and links; idempotent; also runs on GC (unless watched) and at environment teardown. */
  close(): void;
}

export interface PausedChild {
  pid: number;
  gate: number;
  status: number;
}

/** What the paused child does before exec (native/spawn.cc). */
export interface SpawnSetup {
  /** Start COMMAND with SIGHUP ignored, as the tool was (nohup). */
  ignoreHangup?: boolean;
  /** The soft RLIMIT_NOFILE to give COMMAND (Node raised the tool's). */
  nofile?: number;
  /** Run COMMAND with these credentials (--user). */
  user?: { uid: number; gid: number; groups: number[] };
}

export interface SpawnUser {
  name: string;
  uid: number;
  gid: number;
  groups: number[];
}

export interface Addon {
  Tracer: new (options: TracerOptions) => NativeTracer;
  /** Forks a child that waits, before exec'ing `path`, until releaseSpawn(); it dies with the tool until then. */
  spawnPaused(path: string, argv: string[], setup?: SpawnSetup): PausedChild;
  /** Lets the child exec; null once it did, else the step that failed and its errno. */
  releaseSpawn(gate: number, status: number): { errno: number; step: 'exec' | 'user' } | null;
  /** The child's exit status once it has exited, else null; with `block`, waits for it. */
  reap(pid: number, block?: boolean): { code: number | null; signal: number | null } | null;
  /** Reaps the exited descendants the tool adopted; true once it has no child left. */
  reapOrphans(): boolean;
  /** The user database's entry for a name or uid, with its groups; null if there is none. */
  lookupUser(nameOrUid: string): SpawnUser | null;
  defaultMaxEntries: number;
  commLength: number;
  /**
   * The histogram buckets' upper bounds in ns, ascending, log2-spaced (2^10 ns, about 1 us, to 2^33 ns, about
   * 8.6 s), Prometheus `le` semantics: a call of exactly a bound is in that bound's bucket. The kernel picks
   * a call's bucket by the same bounds (bpf/syscallbypid.h, sbp_time_bucket()).
   */
  histogramBoundsNs: number[];
}

/** Where the addon may be: built from source at install, else the package's prebuilt one. */
function candidates(require: NodeJS.Require): string[] {
  const { prebuiltPath } = require('../../scripts/prebuilt-path.cjs') as { prebuiltPath: () => string };
  const built = ['../../build/Release/syscallbypid.node', '../../build/Debug/syscallbypid.node'];
  return [...built.map((p) => fileURLToPath(new URL(p, import.meta.url))), prebuiltPath()];
}

export function loadAddon(): Addon {
  const require = createRequire(import.meta.url);
  const failures: string[] = [];
  for (const path of candidates(require)) {
    try {
      return require(path) as Addon;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' ? 'not found' : String(error);
      failures.push(`${path}: ${reason}`);
    }
  }
  throw new ToolError(
    `cannot load the native addon (tried ${failures.join('; ')}): ` +
      'build it from source with `npm_config_build_from_source=true npm rebuild syscallbypid`, or in a clone of the ' +
      'repository `npm run build:native` (needs g++, make, python3 and zlib1g-dev)',
    ExitCode.addon,
  );
}
