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
  failedOnly?: boolean;
  pids?: number[];
  comms?: string[];
  syscalls?: Syscall[];
  cgroupPath?: string;
  /** Attach an empty program instead of the counter: the benchmark's floor. */
  empty?: boolean;
  /** Count only processes given to follow() and those they create. */
  follow?: boolean;
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
  /** cgroup v2 id with { byCgroup: true }, else 0. */
  cgroup: Float64Array;
  count: Float64Array;
  errors: Float64Array;
  commIndex: Uint32Array;
  /** Each distinct thread name once, as its bytes: one char a byte (latin1), as the kernel has it. */
  comms: string[];
}

/** What drain() moves out of the kernel: see native/tracer.h. */
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

export interface NativeTracer {
  /** Completions lost because the count map was full. */
  dropped(): number;
  /** Insertions the full count map refused (keys not counted at that moment). */
  refused(): number;
  /** Processes created by followed ones that the full followed set could not take: not counted. */
  unfollowed(): number;
  /** Completions the kernel did not run the counter for: it was already running on that CPU. */
  skipped(): number;
  /** With { follow: true }: count `pid` and what it creates; if armed, from its next execve on. */
  follow(pid: number, armed: boolean): void;
  detach(): void;
  /** Every count so far, in key order; counting goes on. */
  read(): NativeColumns;
  /** With { drain: true }: empties the kernel's counts into the caller's hands. Blocks a few ms. */
  drain(): Drained;
  /**
   * With { drain: true }: empties the kernel's count map into the tracer's own table, which read()
   * includes; the number of keys moved. Blocks a few ms.
   */
  collect(): number;
  /** Entries in the count map now, keys ever inserted into it, rows of the tracer's own table. Cheap. */
  fill(): Fill;
  /** Completions counted so far; reads the count map. */
  completions(): number;
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
}

/** Where the addon may be: built from source at install, else the package's prebuilt one. */
function candidates(require: NodeJS.Require): string[] {
  const { prebuiltPath } = require('../../scripts/prebuilt-path.cjs') as { prebuiltPath(): string };
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
