// The command line's process side: signals, output, exit codes. The only module that touches `process`.
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { getSystemErrorName } from 'node:util';
import { CommanderError } from 'commander';
import { SYSCALL_LIST_COLUMNS } from '../output/columns.js';
import { banner, servingLine } from './banners.js';
import { exitStatus, resolveCommand } from './command.js';
import { cgroup2Mounts, checkMemory, checkPids, commsNotRunning, parseStartState, resolveCgroup } from './environment.js';
import { ExitCode, ToolError, usage } from '../core/errors.js';
import { METRICS_PATH, formatAddress, type ListenAddress } from '../exporter/address.js';
import { DEFAULT_LABELS } from '../exporter/series.js';
import { renderList } from '../output/format.js';
import { COUNT_VALUE_BYTES, HISTOGRAM_VALUE_BYTES, TIME_VALUE_BYTES, countMapBytes, mebibytes } from '../core/memory.js';
import { loadAddon, type SpawnSetup, type TracerOptions } from '../core/native.js';
import { DEFAULT_MAX_SERIES, POLL_MS } from '../core/limits.js';
import { buildProgram, type Options } from './program.js';
import { checkRules } from './rules.js';
import { renderInterval, renderRun, type View } from '../output/render.js';
import { pollUntil } from '../core/poll.js';
import { CountSession } from '../core/session.js';
import { startStatus, type StatusLine } from './status.js';
import { openOutputFile, writeOutput, writeStdout, type OutputFile } from './write.js';
import { SyscallNames, TRACED_ARCHS, nativeAbi } from '../syscalls/names.js';

const REAP_MS = 25; // command mode: how often to look whether COMMAND has exited
// Linux's default soft RLIMIT_NOFILE, for COMMAND when the tool's own is unknown (environment.ts).
const DEFAULT_NOFILE = 1024;

const startState = parseStartState(process.env.SYSCALLBYPID_START);
delete process.env.SYSCALLBYPID_START; // not for COMMAND
// Started with SIGHUP ignored (nohup): it stays ignored, for the tool and for COMMAND. Node has
// reset it to the default action, which a listener that does nothing replaces.
if (startState.hangupIgnored) process.on('SIGHUP', () => {});
const STOP_SIGNALS: NodeJS.Signals[] = startState.hangupIgnored ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];

const note = (message: string) => process.stderr.write(`syscallbypid: ${message}\n`);

/**
 * Listens for the stop signals from before attaching, so that one arriving while attaching or right
 * after the banner still ends in a table rather than in Node's default exit. After the first one
 * SIGINT and SIGTERM get their default action back: a second Ctrl-C kills the process at once, even in
 * the middle of reading a large map or writing into a stalled pipe (the shell reports 130). A second
 * SIGHUP is ignored: a closing terminal sends two (the kernel's, then the shell's), and the table must
 * still reach --output-file.
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
    process.on('SIGHUP', () => {});
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
  return pollUntil(stopped, session, POLL_MS, () => session.poll());
}

async function run(argv: string[]): Promise<number> {
  const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
  if (!nativeAbi(process.arch)) throw new ToolError(`unsupported architecture ${process.arch}`, ExitCode.kernel);
  const names = new SyscallNames(process.arch);
  const columns = process.stdout.isTTY ? process.stdout.columns : 0; // 0 too from a terminal that does not say
  const program = buildProgram(version, names, columns > 0 ? Math.max(columns, 40) : 80);
  try {
    program.parse(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    throw error;
  }
  const options = program.opts<Options>();
  try {
    return await runParsed(options, program.args, names, version);
  } catch (error) {
    return failed(error, options.verbose);
  }
}

/** The options as the json document echoes them: as they took effect, syscalls named by ABI as the rows are. */
function echoed(options: Options, names: SyscallNames): Record<string, unknown> {
  return {
    ...options,
    time: options.time || options.histogram,
    ...(options.syscall && { syscall: options.syscall.map(({ id, abi }) => ({ id, abi: names.abiName(abi) })) }),
  };
}

/** Runs the mode the command line asks for. */
async function runParsed(options: Options, command: string[], names: SyscallNames, version: string): Promise<number> {
  if (!options.listSyscalls && !TRACED_ARCHS.includes(process.arch)) {
    throw new ToolError(`tracing on ${process.arch} is not supported yet: syscallbypid reads syscall numbers on x86_64 and arm64`, ExitCode.kernel);
  }
  const view: View = {
    format: options.output,
    sort: options.sort,
    reverse: options.reverse,
    top: options.top,
    byThread: options.by === 'thread',
    errors: options.errors,
    ...((options.by === 'pid' || options.by === 'syscall') && { summary: options.by }),
    time: options.time || options.histogram,
    ...(command.length > 0 && { timeShare: true, totals: true }),
  };

  checkRules({ options, command, stdinIsTTY: process.stdin.isTTY === true, stdoutIsTTY: process.stdout.isTTY === true });
  if (options.listSyscalls) {
    const entries = [...names.calls()].map(({ id, name, label, abi }) => ({ id, name, label, abi: names.abiName(abi) }));
    await writeStdout(renderList(SYSCALL_LIST_COLUMNS, entries, view.format));
    return ExitCode.ok;
  }
  if (options.pid) checkPids(options.pid);
  const cgroupPath = options.cgroup === undefined ? undefined : resolveCgroup(options.cgroup);
  const maps = 2; // the count map and the empty one swapped in when it is drained
  // A timed entry is larger, one with buckets (--histogram, the exporter's histogram) much larger.
  const timed = options.time || options.histogram;
  const valueBytes = options.histogram || (timed && options.serve) ? HISTOGRAM_VALUE_BYTES : timed ? TIME_VALUE_BYTES : COUNT_VALUE_BYTES;
  checkMemory(options.maxEntries, maps, undefined, valueBytes);
  if (options.verbose) {
    note(
      `count maps: ${maps} × ${options.maxEntries} entries, about ${mebibytes(maps * countMapBytes(options.maxEntries, undefined, valueBytes))} of kernel memory`,
    );
  }

  const tracerOptions: TracerOptions = {
    maxEntries: options.maxEntries,
    byThread: view.byThread,
    ...(view.summary === 'syscall' && { bySyscall: true }),
    ...(view.summary === 'pid' && { byPid: true }),
    failedOnly: options.failed,
    ...(options.btf !== undefined && { btfPath: options.btf }),
    ...(options.pid && !options.follow && { pids: options.pid }),
    ...((options.follow || command.length > 0) && { follow: true }),
    ...(options.comm && { comms: options.comm }),
    ...(options.syscall && { syscalls: options.syscall }),
    ...(cgroupPath !== undefined && { cgroupPath }),
    // The exporter's duration histogram needs the buckets whenever it times.
    ...(view.time && { time: true }),
    ...((options.histogram || (view.time && options.serve)) && { histogram: true }),
  };
  if (options.histogram) view.histogramBoundsNs = loadAddon().histogramBoundsNs;
  const outputFile = options.outputFile === undefined ? undefined : openOutputFile(options.outputFile); // fail now, not after the run
  // A command's threads do not exist yet; elsewhere a name no thread has now is likely misspelt.
  const absent = options.comm && command.length === 0 ? commsNotRunning(options.comm) : [];
  if (absent.length > 0) note(`warning: no running thread is named ${absent.join(', ')} now; counting starts if one appears`);
  if (command.length > 0) return runCommand(command, tracerOptions, view, names, options, outputFile);
  if (options.serve) return serve(options.serve, tracerOptions, names, options, version);

  const stop = listenForStop(options.duration);
  try {
    const session = CountSession.start(loadAddon(), tracerOptions, names, { intervals: options.live || options.interval !== undefined, totals: options.live });
    if (options.follow) for (const pid of options.pid!) session.follow(pid, false);
    const start = new Date();
    let status: StatusLine | undefined;
    try {
      process.stderr.write(`${banner(options.duration)}\n`);
      if (process.stderr.isTTY && !options.quiet && !options.live) status = startStatus(process.stderr, session, options.maxEntries);
      stop.start();
      if (options.live) {
        // Loaded only here: the other modes do not pay its load time.
        const { watchLive } = await import('../live/view.js');
        const liveOptions = {
          intervalMs: (options.interval ?? 1) * 1000,
          columns: view,
          top: options.top,
          names,
          maxEntries: options.maxEntries,
          fill: () => ({ entries: session.fill().entries, bound: options.maxEntries }),
        };
        const table = await watchLive(session, stop.stopped, stop.dispose, { ...liveOptions, input: process.stdin, output: process.stdout });
        const info = { start, end: new Date(), arch: names.abis[0]!, maxEntries: options.maxEntries, options: echoed(options, names), dropped: 0 };
        await writeOutput(outputFile, renderRun(table, view, info));
      } else if (options.interval === undefined) {
        await traceUntil(stop.stopped, session);
        status?.stop();
        const table = session.stop();
        const info = { start, end: new Date(), arch: names.abis[0]!, maxEntries: options.maxEntries, options: echoed(options, names), dropped: 0 };
        await writeOutput(outputFile, renderRun(table, view, info));
      } else {
        await printIntervals(session, stop.stopped, options.interval * 1000, view, outputFile, status);
      }
    } finally {
      status?.stop();
      session.close();
    }
  } finally {
    stop.dispose();
  }
  return ExitCode.ok;
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
      time: tracerOptions.time === true,
      version,
      ...(cgroupMount !== undefined && { cgroupMount }),
      ...(options.hostNames && { hostNames: options.hostNames }),
    };
    // Loaded only here: the HTTP server is not needed, nor its load time paid, by the other modes.
    const { Exporter, serveUntil } = await import('../exporter/exporter.js');
    const exporter = Exporter.start(loadAddon(), tracerOptions, names, exporterOptions, note);
    try {
      if (options.follow) for (const pid of options.pid!) exporter.follow(pid);
      await serveUntil(exporter, address, stop.stopped, () => {
        process.stderr.write(`${servingLine(`http://${formatAddress(address)}${METRICS_PATH}`, options.duration)}\n`);
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
async function printIntervals(session: CountSession, stopped: Promise<void>, intervalMs: number, view: View, outputFile: OutputFile, status?: StatusLine) {
  let done = false;
  void stopped.then(() => (done = true));
  for (let first = true; ; first = false) {
    const tick = new Promise<void>((resolve) => setTimeout(resolve, intervalMs).unref());
    await traceUntil(Promise.race([stopped, tick]), session);
    const table = done ? session.stop() : session.interval();
    status?.erase();
    await writeOutput(outputFile, renderInterval(table, view, new Date(), first));
    if (done) return;
  }
}

/** Signals a process group; one already gone (its last process reaped) has nothing to stop. */
function signalGroup(leader: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-leader, signal);
  } catch {
    // ESRCH
  }
}

/**
 * Command mode: starts COMMAND paused, puts it in the kernel's followed set (armed: counted from
 * its execve), lets it exec, waits for it and for the processes it left running to exit, prints,
 * and returns its exit status.
 */
async function runCommand(
  command: string[],
  tracerOptions: TracerOptions,
  view: View,
  names: SyscallNames,
  options: Options,
  outputFile: OutputFile,
): Promise<number> {
  const resolved = resolveCommand(command[0]!, process.env.PATH);
  if ('error' in resolved) {
    note(resolved.error);
    return resolved.exitCode;
  }
  const addon = loadAddon();
  const user = options.user === undefined ? undefined : addon.lookupUser(options.user);
  if (user === null) throw usage(`option '-u, --user <name|uid>': no user '${options.user}' in the user database`);
  const setup: SpawnSetup = {
    ignoreHangup: startState.hangupIgnored,
    nofile: startState.nofile ?? DEFAULT_NOFILE,
    ...(user && { user: { uid: user.uid, gid: user.gid, groups: user.groups } }),
  };
  const session = CountSession.start(addon, tracerOptions, names);
  const start = new Date();
  // Ctrl-C reaches the command through the terminal; the tool waits for the command. SIGTERM and
  // SIGHUP sent to the tool alone are passed on. A second signal stops waiting; once COMMAND has
  // exited, the first one does (only processes it left running are still counted then).
  // With --user COMMAND has a session of its own, out of the terminal's reach: the tool passes
  // Ctrl-C and the hangup on to its process group, as the terminal and the shell would have.
  let child: { pid: number } | undefined;
  let status: { code: number | null; signal: number | null } | null = null;
  let signals = 0;
  let stopWaiting = () => {};
  const stopped = new Promise<void>((resolve) => (stopWaiting = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1 || status) stopWaiting();
    else if (child && user && signal !== 'SIGTERM') signalGroup(child.pid, signal);
    else if (signal !== 'SIGINT' && child) process.kill(child.pid, signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    const paused = addon.spawnPaused(resolved.path, command, setup);
    child = paused;
    try {
      session.follow(paused.pid, true);
    } catch (error) {
      // Never released: it must not linger (it would exit by itself once the tool is gone).
      process.kill(paused.pid, 'SIGKILL');
      addon.reap(paused.pid, true);
      throw error;
    }
    const failure = addon.releaseSpawn(paused.gate, paused.status);
    if (failure) {
      const ended = addon.reap(paused.pid, true)!;
      // Killed while paused (a SIGTERM passed on before the release): its status, as after exec.
      if (ended.signal !== null) return exitStatus(ended);
      if (failure.step === 'user') {
        note(`cannot run ${command[0]} as user ${user!.name} (uid ${user!.uid}): ${getSystemErrorName(-failure.errno)}`);
        return 126;
      }
      const { ENOENT, ENOEXEC } = constants.errno;
      const reason = failure.errno === ENOENT ? 'No such file or directory' : failure.errno === ENOEXEC ? 'Exec format error' : 'Permission denied';
      note(`${command[0]}: ${reason}`);
      return failure.errno === ENOENT ? 127 : 126;
    }
    // Lost counts do not end the wait: COMMAND is not left running on its own, the loss is
    // reported once it has exited.
    let lost: { error: unknown } | undefined;
    let left = false;
    let polls = 0;
    await pollUntil(stopped, session, REAP_MS, (woken) => {
      status ??= addon.reap(paused.pid);
      if (lost === undefined && (woken || ++polls % (POLL_MS / REAP_MS) === 0)) {
        try {
          session.poll();
        } catch (error) {
          lost = { error };
        }
      }
      // The processes COMMAND left running (daemons) were adopted by the tool: counted until the last exits.
      if (status && (lost !== undefined || addon.reapOrphans())) return null;
      if (status && !left) {
        left = true;
        note(`${command[0]} exited; counting the processes it left running until they exit (Ctrl-C stops now)`);
      }
      return REAP_MS;
    });
    if (lost !== undefined) throw lost.error;
    const table = session.stop();
    const info = { start, end: new Date(), arch: names.abis[0]!, maxEntries: options.maxEntries, options: { ...echoed(options, names), command }, dropped: 0 };
    await writeOutput(outputFile, renderRun(table, view, info), true);
    return status ? exitStatus(status) : 130; // stopped waiting by a second signal
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    session.close();
  }
}

// Write errors are reported through writeStream's callback; without a listener they would also
// crash the process from the 'error' event. A stderr nobody reads (a dead pipe) is treated as
// stdout's: messages are lost, the run and its exit status are not.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

/** Reports a failure as one line (with --verbose, libbpf's lines under it) and returns its exit code. */
function failed(error: unknown, verbose: boolean): number {
  if (error instanceof ToolError) {
    note(error.message);
    if (verbose) for (const line of error.details) process.stderr.write(`  ${line}\n`);
    return error.exitCode;
  }
  note(`internal error: ${(error as Error)?.stack ?? String(error)}`);
  return ExitCode.internal;
}

run(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = failed(error, false);
  },
);
