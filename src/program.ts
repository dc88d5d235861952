// The command line's grammar: options, their parsers and the help text.
import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseComms, parsePids, parseSyscalls } from './filters.js';
import { FORMATS, type Format } from './format.js';
import { DEFAULT_LABELS, type Label } from './exporter/series.js';
import { DEFAULT_PORT, type ListenAddress } from './exporter/address.js';
import { MAX_ENTRIES_CEILING, MAX_SECONDS, parseInteger, parseLabels, parseSeconds, parseServeAddress } from './options.js';
import { SORT_KEYS, type SortKey } from './rows.js';
import type { Syscall, SyscallNames } from './syscalls/names.js';

export const DEFAULT_MAX_ENTRIES = 2048; // SBP_DEFAULT_MAX_ENTRIES in bpf/syscallbypid.h; a test keeps them equal
export const DEFAULT_MAX_SERIES = 10_000;
export const MAX_SERIES_CEILING = 1_000_000;

export interface Options {
  pid?: number[];
  comm?: string[];
  syscall?: Syscall[];
  cgroup?: string;
  failed: boolean;
  errors: boolean;
  by: 'process' | 'thread';
  duration?: number;
  interval?: number;
  live: boolean;
  top?: number;
  sort: SortKey;
  reverse: boolean;
  output: Format;
  listSyscalls: boolean;
  maxEntries: number;
  btf?: string;
  follow: boolean;
  outputFile?: string;
  verbose: boolean;
  serve?: ListenAddress;
  labels?: Label[];
  maxSeries?: number;
}

/** Turns a parser's RangeError into commander's one-line "argument ... is invalid." error. */
function checked<T>(parse: (text: string) => T) {
  return (text: string) => {
    try {
      return parse(text);
    } catch (error) {
      const message = (error as Error).message;
      throw new InvalidArgumentError(/[.?!]$/.test(message) ? message : `${message}.`);
    }
  };
}

function existingFile(path: string): string {
  if (!existsSync(path)) throw new RangeError('no such file');
  return path;
}

export function buildProgram(version: string, names: SyscallNames): Command {
  const option = (flags: string, description: string, parse?: (text: string) => unknown) => {
    const o = new Option(flags, description);
    return parse ? o.argParser(checked(parse)) : o;
  };
  return new Command('syscallbypid')
    .description(
      'Count every syscall completion on this machine by process and syscall until Ctrl-C, then print ' +
        'the counts as a table. Needs root (or CAP_BPF and CAP_PERFMON).',
    )
    .version(version, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .addOption(option('-p, --pid <pid,...>', 'only these processes (thread-group ids)', parsePids))
    .addOption(option('-c, --comm <name,...>', 'only threads with these names (exact, at most 15 bytes)', parseComms))
    .addOption(
      option('-s, --syscall <name|number,...>', "only these syscalls, by name or number as -l lists them (read, read/i386, 0, 3/i386)", (text) =>
        parseSyscalls(text, names),
      ),
    )
    .addOption(option('--cgroup <path>', 'only tasks in this cgroup v2 directory or below it (absolute, or relative to the cgroup v2 mount)'))
    .addOption(option('-x, --failed', 'count only calls that returned an error').default(false))
    .addOption(option('--errors', 'add an ERRORS column: calls that returned an error').default(false))
    .addOption(option('--by <unit>', 'key by process, or by thread (adds a TID column)').choices(['process', 'thread']).default('process'))
    .addOption(option('-d, --duration <seconds>', `stop by itself after this long and print (up to ${MAX_SECONDS}; fractions allowed)`, parseSeconds))
    .addOption(option('-i, --interval <seconds>', "print the interval's counts every interval, each after a timestamp line", parseSeconds))
    .addOption(
      option(
        '--live',
        'a full-screen view of the busiest rows, redrawn every interval (-i, default 1 s); keys: q or Ctrl-C quit ' +
          'and print the table, r t p s sort by rate, total, pid, syscall, space pause',
      ).default(false),
    )
    .addOption(option('-T, --top <n>', 'only the n rows with the largest counts', (text) => parseInteger(text, 1, MAX_ENTRIES_CEILING)))
    .addOption(option('--sort <key>', 'order rows by this key, ascending').choices([...SORT_KEYS]).default('count'))
    .addOption(option('-r, --reverse', 'descending order').default(false))
    .addOption(option('-o, --output <format>', 'output format').choices([...FORMATS]).default('table'))
    .addOption(option('-l, --list-syscalls', "print this machine's syscall numbers and names, and exit").default(false))
    .addOption(
      option('--max-entries <n>', `bound of the kernel count map: one entry per row; from 1 to ${MAX_ENTRIES_CEILING}`, (text) =>
        parseInteger(text, 1, MAX_ENTRIES_CEILING),
      ).default(DEFAULT_MAX_ENTRIES),
    )
    .addOption(option('--follow', 'with -p: also count every process those create from now on').default(false))
    .addOption(option('--output-file <path>', 'write the table to this file instead of stdout (stderr in command mode)'))
    .argument('[command...]', 'run this command and count its syscalls and those of every process it creates')
    .usage('[options] [-- command [args...]]')
    .addOption(option('--btf <path>', 'BTF of the running kernel, for kernels that lack /sys/kernel/btf/vmlinux', existingFile))
    .addOption(
      option('--serve [address]', `run as a Prometheus exporter: serve the counts at http://<address>/metrics until stopped (default 127.0.0.1:${DEFAULT_PORT})`, parseServeAddress).preset(
        `127.0.0.1:${DEFAULT_PORT}`,
      ),
    )
    .addOption(option('--labels <label,...>', `with --serve: the labels of the counters, some of pid, comm, syscall, cgroup (default ${DEFAULT_LABELS.join(',')})`, parseLabels))
    .addOption(
      option('--max-series <n>', `with --serve: at most this many series; further ones are folded into comm="other" (default ${DEFAULT_MAX_SERIES})`, (text) =>
        parseInteger(text, 1, MAX_SERIES_CEILING),
      ),
    )
    .addOption(option('-v, --verbose', "also print the map's kernel memory, and libbpf's log on failure").default(false))
    .addHelpText(
      'after',
      `
Command mode: syscallbypid [options] -- COMMAND [ARGS...] runs COMMAND and counts it and every
process it creates, from COMMAND's execve on, until it exits; then prints the table on stderr
(COMMAND's stdout stays clean) and exits with COMMAND's status (128 + signal if killed).
Ctrl-C reaches COMMAND; a second Ctrl-C stops waiting and prints.

Exporter: syscallbypid --serve [ADDRESS] serves the counts to Prometheus at /metrics (README "Fleet"):
syscallbypid_syscalls_total{comm,syscall} and more; -p, -c, -s, --cgroup, -x and --errors apply.

Output (stdout), printed when stopped by Ctrl-C (SIGINT), SIGTERM, SIGHUP or --duration:
  PID      process (thread-group) id
  TID      thread id (with --by thread)
  CMD      name of the calling thread; spaces and control characters as octal escapes (\\040)
  SYSCALL  syscall name; another ABI's call is marked with it: read/i386 (a 32-bit program on
           x86_64), read/x32; syscall_<n> for a number without a name;
           sigreturn_or_skipped(-1) for rt_sigreturn and calls a tracer skipped (both report -1)
  COUNT    number of completions; rows sorted by it, ascending, unless --sort or --reverse
  ERRORS   of which returned an error (with --errors)
tsv, csv, json and ndjson carry the same fields plus the syscall's number (id) and ABI (abi), the
name unmarked. Messages go to stderr.
If the count map fills up, no table is printed: the tool exits with code 3 and says how to raise
--max-entries. Filters run in the kernel: unwanted calls never take a map entry.
A second Ctrl-C stops everything at once (exit status 130).

Exit codes: 0 ok, 1 output not written or internal error, 2 bad usage, 3 counts lost (map full),
  4 not permitted (needs root), 5 kernel unsupported or refused the tracer, 6 native addon missing,
  130 killed by a second Ctrl-C.`,
    )
    .configureOutput({
      outputError: (message, write) => write(`syscallbypid: ${message.replace(/^error: /, '')}`),
    })
    .exitOverride();
}
