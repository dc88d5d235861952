// Checks of option values against the running system (/proc, the cgroup mount, free memory),
// each failing as one usage line.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { usage } from '../core/errors.js';
import { COUNT_VALUE_BYTES, countMapBytes, mapTooBig, mebibytes, memAvailable } from '../core/memory.js';

/**
 * --max-entries: refused when its `maps` maps (the exporter swaps two) would take more than half of
 * the memory available now. The message names the user's --max-entries, not the total.
 */
export function checkMemory(maxEntries: number, maps = 1, meminfo = readMeminfo(), valueBytes = COUNT_VALUE_BYTES): void {
  const available = memAvailable(meminfo);
  const needed = maps * countMapBytes(maxEntries, undefined, valueBytes);
  if (maps === 1 || available === undefined || needed <= available / 2) {
    const refusal = mapTooBig(maxEntries, available, valueBytes);
    if (refusal) throw usage(refusal);
    return;
  }
  throw usage(
    `--max-entries ${maxEntries} needs about ${mebibytes(needed)} of kernel memory with --serve (${maps} count maps), ` +
      `more than half of the ${mebibytes(available)} available now; choose a smaller bound`,
  );
}

function readMeminfo(): string {
  try {
    return readFileSync('/proc/meminfo', 'utf8');
  } catch {
    return ''; // No /proc: let the kernel decide.
  }
}

/** -p: each PID must be a running process's thread-group id, not a thread's. */
export function checkPids(pids: number[]): void {
  for (const pid of pids) {
    let status = '';
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      throw usage(`option '-p, --pid <pid,...>': no process with PID ${pid}`);
    }
    const tgid = /^Tgid:\s+(\d+)$/m.exec(status)?.[1];
    if (tgid !== String(pid)) throw usage(`option '-p, --pid <pid,...>': ${pid} is a thread of process ${tgid}; give the process`);
  }
}

/** -c: the names no running thread has now (they may appear later: a warning, not a refusal). */
export function commsNotRunning(names: string[]): string[] {
  const running = new Set<string>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return []; // no /proc: nothing to say
  }
  for (const pid of pids) {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        // Bytes as the kernel keeps them; a name given as UTF-8 is compared as its bytes too.
        running.add(readFileSync(`/proc/${pid}/task/${tid}/comm`).toString('latin1').replace(/\n$/, ''));
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return names.filter((name) => !running.has(Buffer.from(name).toString('latin1')));
}

/** Where cgroup v2 is mounted: /sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid systems. */
export function cgroup2Mounts(): string[] {
  try {
    return [...readFileSync('/proc/self/mounts', 'utf8').matchAll(/^\S+ (\S+) cgroup2 /gm)].map((m) => m[1]!);
  } catch {
    return [];
  }
}

/**
 * --cgroup: a cgroup v2 directory, absolute, or relative to the cgroup v2 mount; an absolute path
 * outside the mount is read as /proc/PID/cgroup prints it (/system.slice/x.service), from the
 * mount. Normalised before the checks, so `..` cannot lead out of the mount.
 */
export function resolveCgroup(path: string): string {
  const mounts = cgroup2Mounts();
  const relative = mounts.map((mount) => join(mount, path));
  const candidates = path.startsWith('/') ? [resolve(path), ...relative] : relative;
  for (const candidate of candidates) {
    const inside = mounts.some((mount) => candidate === mount || candidate.startsWith(`${mount}/`));
    if (inside && existsSync(join(candidate, 'cgroup.procs'))) return candidate;
  }
  const where = mounts.length > 0 ? mounts.join(' or ') : 'nowhere: no cgroup2 file system is mounted';
  throw usage(`option '--cgroup <path>': '${path}' is not a cgroup v2 directory (cgroup v2 is mounted at ${where})`);
}

/** What the tool started with and Node changed before any JavaScript ran (scripts/bundle-cli.mjs). */
export interface StartState {
  /** The soft RLIMIT_NOFILE; undefined when unknown or unlimited. */
  nofile?: number;
  /** SIGHUP was ignored (nohup). */
  hangupIgnored: boolean;
}

/**
 * Parses SYSCALLBYPID_START, "<ulimit -Sn> <SigIgn mask in hex>" as the bin's shell line records
 * them. Run as `node dist/syscallbypid.cjs`, there is none: both are then unknown.
 */
export function parseStartState(text: string | undefined): StartState {
  const [nofile, ignored] = (text ?? '').split(' ');
  const limit = /^\d{1,10}$/.test(nofile ?? '') ? Number(nofile) : undefined;
  const mask = /^[0-9a-f]{1,16}$/i.test(ignored ?? '') ? BigInt(`0x${ignored}`) : 0n;
  return { ...(limit !== undefined && { nofile: limit }), hangupIgnored: (mask & 1n) === 1n }; // SIGHUP is signal 1: bit 0
}
