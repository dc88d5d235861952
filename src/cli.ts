#!/usr/bin/env node
// The command line's process side: signals, output, exit codes. The only module that touches `process`.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { CommanderError } from 'commander';
import { SYSCALL_LIST_COLUMNS } from './columns.js';
import { exitStatus, resolveCommand } from './command.js';
import { cgroup2Mounts, checkMemory, checkPids, resolveCgroup, usage } from './environment.js';
import { ExitCode, ToolError } from './errors.js';
import { METRICS_PATH, formatAddress, type ListenAddress } from './exporter/address.js';
import { DEFAULT_LABELS } from './exporter/series.js';
import { renderList, type Rendered } from './format.js';
import { countMapBytes, mebibytes } from './memory.js';
import { loadAddon, type TracerOptions } from './native.js';
import { DEFAULT_MAX_SERIES, buildProgram, type Options } from './program.js';
import { renderInterval, renderRun, type View } from './render.js';
import { CountSession } from './session.js';
import { checkLiveOptions } from './live/options.js';
import { SyscallNames, TRACED_ARCHS, nativeAbi } from './syscalls/names.js';

const LOSS_CHECK_MS = 250;
const REAP_MS = 25; // command mode: how often to look whether COMMAND has exited
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const BANNER = 'Tracing syscall completions... Hit Ctrl-C to end.';
const SERVING = 'Serving syscall counts at ';

let verbose = false;

const note = (message: string) => process.stderr.write(`syscallbypid: ${message}\n`);

/**
 * Listens for the stop signals from before attaching, so that one arriving while attaching or right
 * after the banner still ends in a table rather than in Node's default exit. After the first one
 * the signals get their default action back: a second Ctrl-C kills the process at once, even in the
 * middle of reading a large map or writing into a stalled pipe (the shell reports 130).
 */
function listenForStop(durationSeconds: number | undefined) {
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const dispose = () => {
    clearTimeout(timer);
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  };
  const onSignal = () => {
    dispose();
    stop();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  let timer: NodeJS.Timeout | undefined;
  return {
    stopped,
    /** Starts the --duration clock: called once attached. */
    start: () => {
      if (durationSeconds !== undefined) timer = setTimeout(onSignal, durationSeconds * 1000);
    },
    dispose,
  };
}

/** Resolves when `stopped` does; rejects as soon as the map has lost a completion. */
function traceUntil(stopped: Promise<void>, session: CountSession): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const lost = new Promise<void>((_, reject) => {
    timer = setInterval(() => {
      try {
        session.checkLoss();
      } catch (error) {
        reject(error);
      }
    }, LOSS_CHECK_MS);
  });
  return Promise.race([stopped, lost]).finally(() => clearInterval(timer));
}

/** Writes everything before resolving; a reader that went away (| head) is not an error. */
function writeStream(stream: NodeJS.WriteStream, name: string, text: Rendered): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (!error || (error as NodeJS.ErrnoException).code === 'EPIPE') resolve();
      else reject(new ToolError(`cannot write the table to ${name}: ${error.message}`, ExitCode.internal));
    });
  });
}

const writeStdout = (text: Rendered) => writeStream(process.stdout, 'stdout', text);

let outputFile: string | undefined;

/** The table's destination: --output-file, else stdout (stderr in command mode). */
async function writeOutput(text: Rendered, commandMode = false): Promise<void> {
  if (outputFile === undefined) return commandMode ? writeStream(process.stderr, 'stderr', text) : writeStdout(text);
  try {
    appendFileSync(outputFile, text);
  } catch (error) {
    throw new ToolError(`cannot write the table to ${outputFile}: ${(error as Error).message}`, ExitCode.internal);
  }
}

async function run(argv: string[]): Promise<number> {
  const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
  if (!nativeAbi(process.arch)) throw new ToolError(`unsupported architecture ${process.arch}`, ExitCode.kernel);
  const names = new SyscallNames(process.arch);
  const program = buildProgram(version, names);
  try {
    program.parse(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    throw error;
  }
  const options = program.opts<Options>();
  const command = program.args;
  if (!options.listSyscalls && !TRACED_ARCHS.includes(process.arch)) {
    throw new ToolError(`tracing on ${process.arch} is not supported yet: syscallbypid reads syscall numbers on x86_64 and arm64`, ExitCode.kernel);
  }
  verbose = options.verbose;
  outputFile = options.outputFile;
  const view: View = {
    format: options.output,
    sort: options.sort,
    reverse: options.reverse,
    top: options.top,
    byThread: options.by === 'thread',
    errors: options.errors,
  };

  if (options.listSyscalls) {
    const entries = [...names.calls()].map(({ id, label, abi }) => ({ id, label, abi: names.abiName(abi) }));
    await writeStdout(renderList(SYSCALL_LIST_COLUMNS, entries, view.format));
    return ExitCode.ok;
  }
  if (options.interval !== undefined && options.output === 'json') {
    throw usage("option '-o, --output json' prints one document at the end: with --interval use --output ndjson");
  }
  if (options.follow && !options.pid) throw usage("option '--follow' follows the processes of -p: give -p <pid,...>");
  if (options.follow && command.length > 0) throw usage("option '--follow' is for -p; a command is always followed");
  if (options.pid && command.length > 0) throw usage("option '-p, --pid' and a command exclude each other: the command's own processes are counted");
  if (options.interval !== undefined && command.length > 0) throw usage("option '-i, --interval' does not apply to command mode");
  if (options.duration !== undefined && command.length > 0) throw usage("option '-d, --duration' does not apply to command mode: it ends with the command");
  if (options.live) checkLiveOptions(options, command, process.stdin.isTTY === true, process.stdout.isTTY === true);
  if (options.serve) checkServeOptions(options, command);
  else if (options.labels) throw usage("option '--labels <label,...>' is for --serve");
  else if (options.maxSeries !== undefined) throw usage("option '--max-series <n>' is for --serve");
  if (options.pid) checkPids(options.pid);
  const cgroupPath = options.cgroup === undefined ? undefined : resolveCgroup(options.cgroup);
  const maps = options.serve ? 2 : 1; // the exporter swaps two count maps
  checkMemory(options.maxEntries * maps);
  if (verbose) {
    const what = maps === 1 ? 'count map:' : `count maps: ${maps} ×`;
    note(`${what} ${options.maxEntries} entries, about ${mebibytes(maps * countMapBytes(options.maxEntries))} of kernel memory`);
  }

  const tracerOptions: TracerOptions = {
    maxEntries: options.maxEntries,
    byThread: view.byThread,
    failedOnly: options.failed,
    ...(options.btf !== undefined && { btfPath: options.btf }),
    ...(options.pid && !options.follow && { pids: options.pid }),
    ...((options.follow || command.length > 0) && { follow: true }),
    ...(options.comm && { comms: options.comm }),
    ...(options.syscall && { syscalls: options.syscall }),
    ...(cgroupPath !== undefined && { cgroupPath }),
  };
  if (outputFile !== undefined) {
    try {
      writeFileSync(outputFile, ''); // fail now, not after the run
    } catch (error) {
      throw usage(`option '--output-file <path>': cannot write ${outputFile}: ${(error as Error).message}`);
    }
  }
  if (command.length > 0) return runCommand(command, tracerOptions, view, names, options);
  if (options.serve) return serve(options.serve, tracerOptions, names, options, version);

  const stop = listenForStop(options.duration);
  try {
    const session = CountSession.start(loadAddon(), tracerOptions, names);
    if (options.follow) for (const pid of options.pid!) session.follow(pid, false);
    const start = new Date();
    try {
      process.stderr.write(`${BANNER}\n`);
      stop.start();
      if (options.live) {
        // Loaded only here, with cli-table3: the other modes do not pay its load time.
        const { watchLive } = await import('./live/view.js');
        const liveOptions = { intervalMs: (options.interval ?? 1) * 1000, columns: view, top: options.top, names, maxEntries: options.maxEntries };
        const table = await watchLive(session, stop.stopped, stop.dispose, { ...liveOptions, input: process.stdin, output: process.stdout });
        const info = { start, end: new Date(), arch: names.abis[0]!, maxEntries: options.maxEntries, options: { ...options }, dropped: 0 };
        await writeOutput(renderRun(table, view, info));
      } else if (options.interval === undefined) {
        await traceUntil(stop.stopped, session);
        const table = session.stop();
        const info = { start, end: new Date(), arch: names.abis[0]!, maxEntries: options.maxEntries, options: { ...options }, dropped: 0 };
        await writeOutput(renderRun(table, view, info));
      } else {
        await printIntervals(session, stop.stopped, options.interval * 1000, view);
      }
    } finally {
      session.close();
    }
  } finally {
    stop.dispose();
  }
  return ExitCode.ok;
}

/** --serve takes the filters; the table's options have nothing to act on. */
function checkServeOptions(options: Options, command: string[]): void {
  const conflicts: [boolean, string][] = [
    [command.length > 0, 'a command'],
    [options.interval !== undefined, "'-i, --interval' (Prometheus decides how often to scrape)"],
    [options.top !== undefined, "'-T, --top'"],
    [options.sort !== 'count' || options.reverse, "'--sort' and '-r, --reverse'"],
    [options.output !== 'table', "'-o, --output' (the format is Prometheus')"],
    [options.outputFile !== undefined, "'--output-file'"],
    [options.by === 'thread', "'--by thread' (use --labels)"],
  ];
  for (const [given, what] of conflicts) {
    if (given) throw usage(`option '--serve [address]' serves metrics over HTTP: ${what} does not apply`);
  }
}

/** Fleet mode: serves the counts to Prometheus until stopped (or --duration). */
async function serve(address: ListenAddress, tracerOptions: TracerOptions, names: SyscallNames, options: Options, version: string): Promise<number> {
  const stop = listenForStop(options.duration);
  try {
    const [cgroupMount] = cgroup2Mounts();
    const exporterOptions = {
      labels: options.labels ?? DEFAULT_LABELS,
      maxSeries: options.maxSeries ?? DEFAULT_MAX_SERIES,
      errors: options.errors,
      version,
      ...(cgroupMount !== undefined && { cgroupMount }),
    };
    // Loaded only here: the HTTP server is not needed, nor its load time paid, by the other modes.
    const { Exporter, serveUntil } = await import('./exporter/exporter.js');
    const exporter = Exporter.start(loadAddon(), tracerOptions, names, exporterOptions, note);
    try {
      if (options.follow) for (const pid of options.pid!) exporter.follow(pid);
      await serveUntil(exporter, address, stop.stopped, () => {
        process.stderr.write(`${SERVING}http://${formatAddress(address)}${METRICS_PATH}. Hit Ctrl-C to end.\n`);
        stop.start();
      });
    } finally {
      exporter.close();
    }
  } finally {
    stop.dispose();
  }
  return ExitCode.ok;
}

/** Prints each interval's counts until stopped, then the last, partial interval's. */
async function printIntervals(session: CountSession, stopped: Promise<void>, intervalMs: number, view: View) {
  let done = false;
  void stopped.then(() => (done = true));
  for (let first = true; ; first = false) {
    const tick = new Promise<void>((resolve) => setTimeout(resolve, intervalMs).unref());
    await traceUntil(Promise.race([stopped, tick]), session);
    const table = done ? session.stop() : session.interval();
    await writeOutput(renderInterval(table, view, new Date(), first));
    if (done) return;
  }
}

/**
 * Command mode: starts COMMAND paused, puts it in the kernel's followed set (armed: counted from
 * its execve), lets it exec, waits for it to exit, prints, and returns its exit status.
 */
async function runCommand(command: string[], tracerOptions: TracerOptions, view: View, names: SyscallNames, options: Options): Promise<number> {
  const resolved = resolveCommand(command[0]!, process.env.PATH);
  if ('error' in resolved) {
    note(resolved.error);
    return resolved.exitCode;
  }
  const addon = loadAddon();
  const session = CountSession.start(addon, tracerOptions, names);
  const start = new Date();
  // Ctrl-C reaches the command through the terminal; the tool waits for the command. SIGTERM and
  // SIGHUP sent to the tool alone are passed on. A second signal stops waiting.
  let child: { pid: number } | undefined;
  let signals = 0;
  let stopWaiting = () => {};
  const stopped = new Promise<void>((resolve) => (stopWaiting = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) stopWaiting();
    else if (signal !== 'SIGINT' && child) process.kill(child.pid, signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    const paused = addon.spawnPaused(resolved.path, command);
    child = paused;
    session.follow(paused.pid, true);
    const execErrno = addon.releaseSpawn(paused.gate, paused.status);
    if (execErrno !== 0) {
      addon.reap(paused.pid);
      const { ENOENT, ENOEXEC } = constants.errno;
      const reason = execErrno === ENOENT ? 'No such file or directory' : execErrno === ENOEXEC ? 'Exec format error' : 'Permission denied';
      note(`${command[0]}: ${reason}`);
      return execErrno === ENOENT ? 127 : 126;
    }
    let status: { code: number | null; signal: number | null } | null = null;
    const exited = new Promise<void>((resolve, reject) => {
      let polls = 0;
      const timer = setInterval(() => {
        try {
          status = addon.reap(paused.pid);
          if (++polls % (LOSS_CHECK_MS / REAP_MS) === 0) session.checkLoss();
        } catch (error) {
          clearInterval(timer);
          reject(error);
          return;
        }
        if (status) {
          clearInterval(timer);
          resolve();
        }
      }, REAP_MS);
      void stopped.then(() => {
        clearInterval(timer);
        resolve();
      });
    });
    await exited;
    const table = session.stop();
    const info = { start, end: new Date(), arch: names.abis[0]!, maxEntries: options.maxEntries, options: { ...options, command }, dropped: 0 };
    await writeOutput(renderRun(table, view, info), true);
    return status ? exitStatus(status) : 130; // stopped waiting by a second signal
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    session.close();
  }
}

// Write errors are reported through writeStdout's callback; without a listener they would also
// crash the process from the 'error' event.
process.stdout.on('error', () => {});

run(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ToolError) {
      note(error.message);
      if (verbose) for (const line of error.details) process.stderr.write(`  ${line}\n`);
      process.exitCode = error.exitCode;
    } else {
      note(`internal error: ${(error as Error)?.stack ?? String(error)}`);
      process.exitCode = ExitCode.internal;
    }
  },
);
