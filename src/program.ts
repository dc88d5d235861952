// The command line's grammar: options, their parsers and the help text.
import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MAX_ENTRIES_CEILING, MAX_SECONDS, parseInteger, parseSeconds } from './options.js';

export const DEFAULT_MAX_ENTRIES = 2048; // SBP_DEFAULT_MAX_ENTRIES in bpf/syscallbypid.h; a test keeps them equal

export interface Options {
  maxEntries: number;
  duration?: number;
  btf?: string;
  verbose: boolean;
}

/** Turns a parser's RangeError into commander's one-line "argument ... is invalid." error. */
function checked<T>(parse: (text: string) => T) {
  return (text: string) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError(`${(error as Error).message}.`);
    }
  };
}

function existingFile(path: string): string {
  if (!existsSync(path)) throw new RangeError('no such file');
  return path;
}

export function buildProgram(version: string): Command {
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
        .argParser(checked((text) => parseInteger(text, 1, MAX_ENTRIES_CEILING))),
    )
    .addOption(
      new Option('-d, --duration <seconds>', `stop by itself after this long and print (up to ${MAX_SECONDS}; fractions allowed)`)
        .argParser(checked(parseSeconds)),
    )
    .addOption(
      new Option('--btf <path>', "BTF of the running kernel, for kernels that lack /sys/kernel/btf/vmlinux").argParser(checked(existingFile)),
    )
    .option('-v, --verbose', "also print the map's kernel memory, and libbpf's log on failure", false)
    .addHelpText(
      'after',
      `
Output (stdout), printed when stopped by Ctrl-C (SIGINT), SIGTERM, SIGHUP or --duration:
  PID      process (thread-group) id
  CMD      name of the calling thread; spaces and control characters as octal escapes (\\040)
  SYSCALL  syscall name for this machine's architecture; syscall_<n> for a number without a name;
           sigreturn_or_skipped(-1) for rt_sigreturn and calls a tracer skipped (both report -1)
  COUNT    number of completions, rows sorted by it, ascending
Messages go to stderr. If the count map fills up, no table is printed: the tool exits with code 3
and says how to raise --max-entries. A second Ctrl-C stops everything at once (exit status 130).

Exit codes: 0 ok, 1 output not written or internal error, 2 bad usage, 3 counts lost (map full),
  4 not permitted (needs root), 5 kernel unsupported or refused the tracer, 6 native addon missing,
  130 killed by a second Ctrl-C.`,
    )
    .configureOutput({
      outputError: (message, write) => write(`syscallbypid: ${message.replace(/^error: /, '')}`),
    })
    .exitOverride();
}
