#!/usr/bin/env node
// The command line's process side: signals, output, exit codes. The only module that touches `process`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CommanderError } from 'commander';
import { ExitCode, ToolError } from './errors.js';
import { formatTable } from './format.js';
import { countMapBytes, mapTooBig, mebibytes, memAvailable } from './memory.js';
import { loadAddon } from './native.js';
import { buildProgram, type Options } from './program.js';
import { CountSession } from './session.js';
import { nativeAbi, syscallNamer } from './syscalls/names.js';

const LOSS_CHECK_MS = 250;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const BANNER = 'Tracing syscall completions... Hit Ctrl-C to end.';

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
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => {
      if (!error || (error as NodeJS.ErrnoException).code === 'EPIPE') resolve();
      else reject(new ToolError(`cannot write the table to stdout: ${error.message}`, ExitCode.internal));
    });
  });
}

function checkMemory(maxEntries: number) {
  let meminfo = '';
  try {
    meminfo = readFileSync('/proc/meminfo', 'utf8');
  } catch {
    // No /proc: let the kernel decide.
  }
  const refusal = mapTooBig(maxEntries, memAvailable(meminfo));
  if (refusal) throw new ToolError(refusal, ExitCode.usage);
  if (verbose) note(`count map: ${maxEntries} entries, about ${mebibytes(countMapBytes(maxEntries))} of kernel memory`);
}

async function run(argv: string[]): Promise<number> {
  const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
  const program = buildProgram(version);
  try {
    program.parse(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    throw error;
  }
  const options = program.opts<Options>();
  verbose = options.verbose;

  const abi = nativeAbi(process.arch);
  if (!abi) throw new ToolError(`unsupported architecture ${process.arch}`, ExitCode.kernel);
  checkMemory(options.maxEntries);
  const stop = listenForStop(options.duration);
  try {
    let table: string;
    const session = CountSession.start(loadAddon(), {
      maxEntries: options.maxEntries,
      btfPath: options.btf,
      syscallName: syscallNamer(abi),
    });
    try {
      process.stderr.write(`${BANNER}\n`);
      stop.start();
      await traceUntil(stop.stopped, session);
      table = formatTable(session.stop());
    } finally {
      session.close();
    }
    await writeStdout(table);
  } finally {
    stop.dispose();
  }
  return ExitCode.ok;
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
