// Process helpers of the benchmark and the soak: setup, spawning, waiting for a line, /proc readings.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Exits with a message unless root: both load BPF programs. Returns the workload helper, built. */
export function prepare(tool) {
  if (process.getuid() !== 0) {
    console.error(`${tool}: needs root (it loads BPF programs)`);
    process.exit(1);
  }
  const loop = join(mkdtempSync(join(tmpdir(), `syscallbypid-${tool}-`)), 'loop');
  execFileSync('cc', ['-O2', '-pthread', '-o', loop, join(ROOT, 'bench/loop.c')]);
  return loop;
}

/**
 * Spawns a command; `out`/`err` accumulate its output; `done` resolves with its exit status. With
 * `countLines`, stdout is not kept: `lines` counts its newlines in the raw bytes, as `| wc -l`
 * would, so that reading tens of megabytes costs this process next to nothing.
 */
export function launch(command, args, { countLines = false, ...options } = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const state = { child, out: '', err: '', lines: 0 };
  if (countLines) {
    child.stdout?.on('data', (chunk) => {
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) state.lines++;
    });
  } else {
    child.stdout?.setEncoding('utf8').on('data', (d) => (state.out += d));
  }
  child.stderr?.setEncoding('utf8').on('data', (d) => (state.err += d));
  state.done = new Promise((resolve) =>
    child.on('close', (code, signal) => {
      state.status = { code, signal };
      resolve(state.status);
    }),
  );
  return state;
}

/**
 * `read()` of a launched process that should still run (its /proc figures, say); if it has exited
 * meanwhile, an error naming `during`, its exit status and its stderr, instead of ENOENT.
 */
export async function whileRunning(state, during, read) {
  const exited = async () => {
    const { code, signal } = await state.done;
    return new Error(`${state.child.spawnfile} exited on its own during ${during} (${signal ?? `exit ${code}`}): ${state.err.trim()}`);
  };
  if (state.status) throw await exited();
  try {
    return read();
  } catch (error) {
    if (error.code !== 'ENOENT' && error.code !== 'ESRCH') throw error;
    throw await exited();
  }
}

/** Resolves when `text` appears on the stream (stdout or stderr) of a launched process. */
export function waitFor(state, stream, text, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${text}' within ${timeoutMs} ms: ${state.err}`)), timeoutMs);
    const check = () => {
      if (state[stream === 'stdout' ? 'out' : 'err'].includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    state.child[stream].on('data', check);
    check();
    state.done.then(() => reject(new Error(`exited before '${text}': ${state.err}`)));
  });
}

export async function run(command, args) {
  const state = launch(command, args);
  const status = await state.done;
  if (status.code !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${state.err}`);
  return state.out;
}

/** User plus system CPU time of a process, in seconds. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/**
 * CPU time of all a process's threads, in seconds, from the scheduler's nanosecond accounting
 * (/proc/<pid>/task/<tid>/schedstat): /proc/<pid>/stat counts in 10 ms ticks. Threads that
 * exited meanwhile are not counted.
 */
export function cpuSecondsPrecise(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread exited
    }
  }
  return ns / 1e9;
}

/** Peak resident memory so far (VmHWM), in bytes, or 0 once the process is gone. */
export function peakRss(pid) {
  try {
    return Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  } catch {
    return 0;
  }
}

/** The fdinfo text of each fd a process holds (fds closed meanwhile are skipped). */
export function fdInfos(pid) {
  const infos = [];
  for (const fd of readdirSync(`/proc/${pid}/fdinfo`)) {
    try {
      infos.push(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
    } catch {
      // closed meanwhile
    }
  }
  return infos;
}

/** Kernel memory charged for each BPF map a process holds (fdinfo memlock), by map id. */
export function mapMemory(pid) {
  const maps = {};
  for (const info of fdInfos(pid)) {
    const id = /^map_id:\s+(\d+)$/m.exec(info)?.[1];
    const memlock = /^memlock:\s+(\d+)$/m.exec(info)?.[1];
    const entries = /^max_entries:\s+(\d+)$/m.exec(info)?.[1];
    if (id && memlock && entries) maps[id] = { memlock: Number(memlock), entries: Number(entries) };
  }
  return maps;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const min = (xs) => Math.min(...xs);
