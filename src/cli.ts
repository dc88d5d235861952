#!/usr/bin/env node
// The command line: options, signals, output and exit codes. The only module that touches `process`.
import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ExitCode, ToolError } from './errors.js';
import { formatTable } from './format.js';
import { loadAddon } from './native.js';
import { MAX_ENTRIES_CEILING, parseInteger } from './options.js';
import { CountSession } from './session.js';
import { nativeAbi, syscallNamer } from './syscalls/names.js';

const DEFAULT_MAX_ENTRIES = 2048; // SBP_DEFAULT_MAX_ENTRIES in bpf/syscallbypid.h; a test keeps them equal
const LOSS_CHECK_MS = 250;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const BANNER = 'Tracing syscall completions... Hit Ctrl-C to end.';

interface Options {
  maxEntries: number;
  verbose: boolean;
}

function integerOption(min: number, max: number) {
  return (text: string) => {
    try {
      return parseInteger(text, min, max);
    } catch (error) {
      throw new InvalidArgumentError(`${(error as Error).message}.`);
    }
  };
}

function buildProgram(version: string): Command {
  return new Command('syscallbypid')
    .description(
      'Count every syscall completion on this machine by process and syscall until Ctrl-C, then print ' +
        'the counts as a table. Needs root (or CAP_BPF and CAP_PERFMON).',
    )
    .version(version, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .addOption(
      new Option('--max-entries <n>', `bound of the kernel count map: one entry per (PID, CMD, SYSCALL); from 1 to ${MAX_ENTRIES_CEILING}`)
        .default(DEFAULT_MAX_ENTRIES)
        .argParser(integerOption(1, MAX_ENTRIES_CEILING)),
    )
    .option('-v, --verbose', "on failure, also print libbpf's log", false)
    .addHelpText(
      'after',
      `
Output (stdout), printed when stopped by Ctrl-C (SIGINT), SIGTERM or SIGHUP:
  PID      process (thread-group) id
  CMD      name of the calling thread; spaces and control characters as octal escapes (\\040)
  SYSCALL  syscall name for this machine's architecture; syscall_<n> for a number without a name;
           sigreturn_or_skipped(-1) for rt_sigreturn and calls a tracer skipped (both report -1)
  COUNT    number of completions, rows sorted by it, ascending
Messages go to stderr. If the count map fills up, no table is printed: the tool exits with code 3
and says how to raise --max-entries.

Exit codes: 0 ok, 2 bad usage, 3 counts lost (map full), 4 not permitted (needs root),
  5 kernel unsupported or refused the tracer, 6 native addon missing, 1 output not written or internal error.`,
    )
    .configureOutput({
      outputError: (message, write) => write(`syscallbypid: ${message.replace(/^error: /, '')}`),
    })
    .exitOverride();
}

/**
 * Starts listening for the stop signals at once, so that one arriving while attaching or right
 * after the banner still ends in a table rather than in Node's default exit.
 */
function listenForStop(): { stopped: Promise<void>; dispose(): void } {
  let onSignal = () => {};
  const stopped = new Promise<void>((resolve) => (onSignal = () => resolve()));
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return { stopped, dispose: () => STOP_SIGNALS.forEach((signal) => process.off(signal, onSignal)) };
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
  const stop = listenForStop();
  let table: string;
  try {
    const session = CountSession.start(loadAddon(), { maxEntries: options.maxEntries, syscallName: syscallNamer(abi) });
    try {
      process.stderr.write(`${BANNER}\n`);
      await traceUntil(stop.stopped, session);
      table = formatTable(session.stop());
    } finally {
      session.close();
    }
  } finally {
    // A second signal from here on gets Node's default: exit at once.
    stop.dispose();
  }
  await writeStdout(table);
  return ExitCode.ok;
}

let verbose = false;

// Write errors are reported through writeStdout's callback; without a listener they would also
// crash the process from the 'error' event.
process.stdout.on('error', () => {});

run(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ToolError) {
      process.stderr.write(`syscallbypid: ${error.message}\n`);
      if (verbose) for (const line of error.details) process.stderr.write(`  ${line}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`syscallbypid: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = ExitCode.internal;
    }
  },
);
