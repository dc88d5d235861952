// Shared by the tests: paths, spawning the CLI, the root gate, the workload helper, the table parser.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { fdInfos } from '../bench/proc.mjs';
import { banner } from '../src/cli/banners.js';
import type { NativeColumns } from '../src/core/native.js';
import { columnsOf, type CountRow, type TableShape } from '../src/core/rows.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'dist/syscallbypid.cjs'); // the bundle the package runs

/** A YAML file of the repository (path from its root), typed as the caller knows it to be: the schema tests check it. */
export function readYaml<T>(path: string): T {
  return parseYaml(readFileSync(join(ROOT, path), 'utf8')) as T;
}
export const BANNER = `${banner(undefined)}\n`;
/** The banner of a run that -d ends: it says when, not to hit Ctrl-C. */
export const durationBanner = (seconds: string) => `${banner(Number(seconds))}\n`;

/**
 * Why the root tests cannot run here, or false when they can. In CI (CI=true) they must run:
 * not being root there is a failure, not a skip.
 */
export function rootSkipReason(): string | false {
  if (process.getuid?.() === 0) return false;
  if (process.env.CI) throw new Error('CI must run the tests as root: the BPF end-to-end tests may not skip there');
  return 'needs root to load BPF programs: run `sudo npm test`';
}

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (for invocations that end by themselves). */
export function runCli(args: string[], options: { timeoutMs?: number; wrapper?: string[] } = {}): Promise<Result> {
  const command = [...(options.wrapper ?? []), process.execPath, CLI, ...args];
  return collect(spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] }), options.timeoutMs ?? 20_000);
}

export function collect(child: ChildProcess, timeoutMs: number): Promise<Result> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms; stderr so far: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A running tracer, attached (its banner has been printed) when returned. */
export interface Tracing {
  child: ChildProcess;
  /** Resolves when the tracer exits. */
  result: Promise<Result>;
}

export async function startTracing(args: string[] = [], timeoutMs = 60_000, command = [process.execPath, CLI], banner = BANNER): Promise<Tracing> {
  const child = spawn(command[0]!, [...command.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const result = collect(child, timeoutMs);
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(banner)) {
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    result.then((r) => reject(new Error(`tracer exited before attaching (${r.code}): ${r.stderr}`)), reject);
  });
  return { child, result };
}

let workloadPath: string | undefined;

/** Compiles test/helpers/workload.c once per test process. */
export function workload(): string {
  if (!workloadPath) {
    workloadPath = join(mkdtempSync(join(tmpdir(), 'syscallbypid-test-')), 'workload');
    execFileSync('cc', ['-O2', '-pthread', '-o', workloadPath, join(ROOT, 'test/helpers/workload.c')]);
  }
  return workloadPath;
}

/** Starts the workload (mode, args), waiting at its start line; `go()` runs it to completion. */
export function startWorkload(...args: string[]): { pid: number; go(): Promise<number> } {
  return startHelper(workload(), args);
}

/** Like startWorkload, with the measured part under thread name `comm` (WL_COMM). */
export function startWorkloadAs(comm: string, ...args: string[]): { pid: number; go(): Promise<number> } {
  return startHelper(workload(), args, { ...process.env, WL_COMM: comm });
}

/** Starts a helper that waits for a line on stdin, then works and prints "done". */
export function startHelper(path: string, args: string[] = [], env = process.env): { pid: number; go(): Promise<number> } {
  const child = spawn(path, args, { stdio: ['pipe', 'pipe', 'inherit'], env });
  const result = collect(child, 60_000);
  return {
    pid: child.pid!,
    go: async () => {
      child.stdin.end('go\n');
      const { code, stdout } = await result;
      if (code !== 0 || stdout !== 'done\n') throw new Error(`${path} ${args.join(' ')} failed: ${code}`);
      return child.pid!;
    },
  };
}

let i386HelperPath: string | undefined;

/**
 * Compiles test/helpers/i386.c, a 32-bit program without a C library, with gcc's own 32-bit code
 * generation: no 32-bit libc (gcc-multilib) is needed. Its syscall numbers come from the kernel's
 * <asm/unistd_32.h>, which linux-libc-dev ships beside the 64-bit headers.
 */
export function i386Helper(): string {
  if (!i386HelperPath) {
    i386HelperPath = join(mkdtempSync(join(tmpdir(), 'syscallbypid-test-')), 'i386');
    const headers = `/usr/include/${execFileSync('gcc', ['-dumpmachine'], { encoding: 'utf8' }).trim()}`;
    execFileSync('gcc', [
      '-m32',
      '-static',
      '-nostdlib',
      '-ffreestanding',
      '-fno-pie',
      '-no-pie',
      '-fno-stack-protector',
      '-O2',
      `-I${headers}`,
      '-o',
      i386HelperPath,
      join(ROOT, 'test/helpers/i386.c'),
    ]);
  }
  return i386HelperPath;
}

/**
 * Why 32-bit programs cannot run here, or false when they can: a kernel built with IA32 emulation may
 * still refuse it at run time (ia32_emulation=off on its command line, or the hypervisor's choice), and
 * then no i386 call exists to trace. A fact of the kernel, not of the tool: a skip even in CI.
 */
export function ia32SkipReason(): string | false {
  if (process.arch !== 'x64') return 'i386 exists on x86_64 only';
  const run = spawnSync(i386Helper(), [], { input: 'go\n', encoding: 'utf8' });
  if (run.stdout === 'done\n' && run.status === 0) return false;
  return `this kernel runs no 32-bit program (the i386 helper: ${run.error?.message ?? `exit ${run.status}`}); IA32 emulation is off, boot with ia32_emulation=on to run these tests`;
}

/** Runs the workload (mode, args) to completion; returns its pid. */
export function runWorkload(...args: string[]): Promise<number> {
  return startWorkload(...args).go();
}

export interface TableRow {
  pid: number;
  cmd: string;
  syscall: string;
  count: number;
}

/**
 * The fields of a plain table as a user's awk reads them: whitespace-separated, after one header
 * line that must name exactly `columns` (PID CMD SYSCALL COUNT, or what --by and --errors make it).
 * Every row must have one field per column: thread names are escaped into one token.
 */
export function parseFields(stdout: string, columns: readonly string[]): string[][] {
  const [header, ...lines] = stdout.split('\n').filter(Boolean);
  const titles = header?.trim().split(/\s+/) ?? [];
  if (titles.join(' ') !== columns.join(' ')) throw new Error(`no ${columns.join(' ')} header in: ${stdout.slice(0, 200)}`);
  return lines.map((line) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== columns.length) throw new Error(`row with ${fields.length} fields, not ${columns.length}: ${line}`);
    return fields;
  });
}

export const TABLE_COLUMNS = ['PID', 'CMD', 'SYSCALL', 'COUNT'] as const;

/** The default table's rows, typed. */
export function parseTable(stdout: string): TableRow[] {
  return parseFields(stdout, TABLE_COLUMNS).map(([pid, cmd, syscall, count]) => ({ pid: Number(pid), cmd: cmd!, syscall: syscall!, count: Number(count) }));
}

export function countOf(rows: TableRow[], pid: number, cmd: string, syscall: string): number | undefined {
  return rows.find((r) => r.pid === pid && r.cmd === cmd && r.syscall === syscall)?.count;
}

let bpfIdsPath: string | undefined;

/** The BPF programs and maps a process holds, as "prog 12" and "map 34", from its fds' fdinfo. */
export function bpfObjectsOf(pid: number): Set<string> {
  const ids = new Set<string>();
  for (const info of fdInfos(pid)) {
    for (const [, kind, id] of info.matchAll(/^(prog|map)_id:\s*(\d+)$/gm)) ids.add(`${kind} ${id}`);
  }
  return ids;
}

/** The BPF programs and maps held open by any process. */
export function bpfObjectsHeld(): Set<string> {
  const ids = new Set<string>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      for (const id of bpfObjectsOf(Number(pid))) ids.add(id);
    } catch {
      // the process ended meanwhile
    }
  }
  return ids;
}

/** The ids of every BPF program and map loaded in the kernel, as "prog 12" and "map 34". */
export function bpfObjectIds(): Set<string> {
  if (!bpfIdsPath) {
    bpfIdsPath = join(mkdtempSync(join(tmpdir(), 'syscallbypid-test-')), 'bpf-ids');
    execFileSync('cc', ['-O2', '-o', bpfIdsPath, join(ROOT, 'test/helpers/bpf-ids.c')]);
  }
  return new Set(execFileSync(bpfIdsPath, { encoding: 'utf8' }).split('\n').filter(Boolean));
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request (GET unless told), its whole answer. */
export function httpGet(url: string, options: { method?: string; accept?: string } = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const headers = options.accept ? { accept: options.accept } : {};
    const req = request(url, { method: options.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Rows as one tracer's { keyIds: true } columns: each distinct key gets an id, the same in every later
 * call. The addon's are dense in order of arrival; these are scattered (a permutation of 0..100,002),
 * as what intervals.ts sees may be: a poll's drain passes the ids of its pending keys by.
 */
export function keyedColumns(shape?: TableShape): (rows: CountRow[]) => NativeColumns {
  const ids = new Map<string, number>();
  const idOf = (r: CountRow) => {
    const key = `${r.pid}/${r.tid}/${r.comm}/${r.id}/${r.abi}`;
    return ids.get(key) ?? ids.set(key, (ids.size * 7919 + 5) % 100_003).get(key)!;
  };
  return (rows) => ({ ...columnsOf(rows, shape), key: Uint32Array.from(rows, idOf) });
}
