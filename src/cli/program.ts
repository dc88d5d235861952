// The command line's grammar: options, their parsers and the help text.
import { existsSync, statSync } from 'node:fs';
import { Command, Help, InvalidArgumentError, Option } from 'commander';
import { parseComms, parsePids, parseSyscalls } from './filters.js';
import { FORMATS, type Format } from '../output/format.js';
import { DEFAULT_LABELS, type Label } from '../exporter/series.js';
import { DEFAULT_PORT, parseHostNames, type ListenAddress } from '../exporter/address.js';
import { parseInteger, parseLabels, parseSeconds, parseServeAddress, parseUser } from './options.js';
import { DEFAULT_MAX_ENTRIES, DEFAULT_MAX_SERIES, MAX_ENTRIES_CEILING, MAX_SECONDS, MAX_SERIES_CEILING } from '../core/limits.js';
import { SORT_KEYS, type SortKey } from '../core/rows.js';
import type { Syscall, SyscallNames } from '../syscalls/names.js';

/** What a row counts: a process's calls of one syscall (default), a thread's, one syscall's, one process's. */
export const ROW_KEYS = ['process', 'thread', 'pid', 'syscall'] as const;
export type RowKey = (typeof ROW_KEYS)[number];

export interface Options {
  pid?: number[];
  comm?: string[];
  syscall?: Syscall[];
  cgroup?: string;
  failed: boolean;
  errors: boolean;
  time: boolean;
  histogram: boolean;
  by: RowKey;
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
  user?: string;
  verbose: boolean;
  quiet: boolean;
  serve?: ListenAddress;
  labels?: Label[];
  maxSeries?: number;
  hostNames?: string[];
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
  // A FIFO would block the load, a device or a folder fail in it as a kernel error: refused here, as usage.
  if (!statSync(path).isFile()) throw new RangeError('not a regular file');
  return path;
}

/** Fills lines of at most `width` columns with `text`'s words; the first starts with `first`, the others with `rest`. */
export function wrap(text: string, width: number, first = '', rest = first): string {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const fresh = line === first || line === rest;
    if (!fresh && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else line += (fresh ? '' : ' ') + word;
  }
  return [...lines, line].join('\n');
}

const EXAMPLES: Array<[string, string]> = [
  ['syscallbypid', 'every process, until Ctrl-C'],
  ['syscallbypid -d 5 -T 10 -r', 'for 5 s; the ten biggest rows first'],
  ['syscallbypid -p 1234 -s read,write', 'two syscalls of one process'],
  ['syscallbypid -c nginx -i 1', 'threads named nginx, second by second'],
  ['syscallbypid -x -d 5', 'only calls that failed, for 5 s'],
  ['syscallbypid -u "$USER" -- make', 'one command and all it starts, as you'],
  ['syscallbypid -p 1234 --follow', 'a process and all it starts from now'],
  ['syscallbypid -t -- make', "a command's calls timed, like strace -c"],
  ['syscallbypid --histogram -s read -d 5', "read's latency histogram, for 5 s"],
  ['syscallbypid --serve', 'a Prometheus exporter on 127.0.0.1:9366'],
];

/** The help's closing text, wrapped to `width` columns. */
function closingText(width: number): string {
  const paragraph = (text: string) => wrap(text, width);
  const field = (name: string, text: string) => wrap(text, width, `  ${name.padEnd(9)}`, ' '.repeat(11));
  const example = ([command, what]: [string, string]) => {
    const head = `  ${command.padEnd(36)} `.replace(/ {2}$/, ' ');
    return head.length + what.length + 2 <= width ? `${head}# ${what}` : `  ${command}\n${wrap(`# ${what}`, width, '      ')}`;
  };
  return [
    '',
    paragraph(
      'Command mode: syscallbypid [options] -- COMMAND [ARGS...] runs COMMAND and counts it and every process it ' +
        "creates, from COMMAND's execve on, until the last of them exits; then prints the table on stderr (COMMAND's " +
        "stdout stays clean) and exits with COMMAND's status (128 + signal if killed). Ctrl-C reaches COMMAND; a " +
        'second Ctrl-C stops waiting and prints (exit status 130). Once COMMAND has exited, one Ctrl-C stops ' +
        'counting what it left running (daemons) and prints. -u runs COMMAND as another user (under sudo, your own).',
    ),
    '',
    paragraph(
      'Exporter: syscallbypid --serve [ADDRESS] serves the counts to Prometheus at /metrics (README "Fleet"): ' +
        'syscallbypid_syscalls_total{comm,syscall} and more; -p, -c, -s, --cgroup, -x and --errors apply; --time adds ' +
        'the histogram syscallbypid_syscall_duration_seconds.',
    ),
    '',
    paragraph('Output (stdout), printed when stopped by Ctrl-C (SIGINT), SIGTERM, SIGHUP or --duration:'),
    field('PID', 'process (thread-group) id'),
    field('TID', 'thread id (with --by thread)'),
    field(
      'CMD',
      'name of the calling thread; blanks, control characters, \\ and bytes that are not UTF-8 as octal ' +
        'escapes, a byte each (\\040); the empty name as \\000',
    ),
    field(
      'SYSCALL',
      "syscall name; another ABI's call is marked with it: read/i386 (a 32-bit program on x86_64), read/x32; " +
        'syscall_<n> for a number without a name; a sigreturn completes as -1 and is named rt_sigreturn ' +
        '(sigreturn|rt_sigreturn/i386: i386 has both)',
    ),
    field('COUNT', 'number of completions; rows sorted by it, ascending, unless --sort or --reverse'),
    field('ERRORS', 'of which returned an error (with --errors)'),
    field('%TIME', "the row's share of all the calls' time (command mode with --time, which also adds a total line)"),
    field(
      'TIME',
      'with --time: the time the timed calls took, from entry to completion; AVG per timed call, MAX the longest ' +
        'one (789ns, 12.3us, 4.56ms, 1.23s); - when none was timed',
    ),
    field('UNTIMED', 'calls in flight when tracing began: counted, not timed (shown only when there are some)'),
    paragraph(
      "tsv, csv, json and ndjson carry the same fields plus the syscall's number (id) and ABI (abi), the name " +
        'unmarked; with --time, timed, time_ns, avg_ns and max_ns in integer nanoseconds (json and ndjson: buckets ' +
        'with --histogram). Messages go to stderr. If the count map fills up, no table is printed: the tool exits with code ' +
        '3 and says how to raise --max-entries. Filters run in the kernel: unwanted calls never take a map entry. ' +
        'A second Ctrl-C stops everything at once (exit status 130).',
    ),
    '',
    wrap(
      'Exit codes: 0 ok, 1 output not written or internal error, 2 bad usage, 3 counts lost (map full), 4 not ' +
        'permitted (needs root), 5 kernel unsupported or refused the tracer, 6 native addon missing, 130 a second ' +
        'Ctrl-C (it kills the tool at once; in command mode it stops waiting and prints first); in command mode, ' +
        "otherwise COMMAND's status.",
      width,
      '',
      '  ',
    ),
    '',
    'Examples:',
    ...EXAMPLES.map(example),
  ].join('\n');
}

/** `width`: the terminal's columns, 80 when not a terminal; the help is wrapped to it. */
/**
 * `syscallbypid ls -la` reads -la as the tool's own options: when an unknown option follows a command
 * word, say how to pass options to the command.
 */
function commandHint(program: Command, message: string): string {
  const command = program.args[0];
  if (!message.startsWith('error: unknown option') || command === undefined || command.startsWith('-')) return '';
  return ` (to give ${command} its own options, put -- before the command: syscallbypid [options] -- ${command} ...)`;
}

export function buildProgram(version: string, names: SyscallNames, width = 80): Command {
  const option = (flags: string, description: string, parse?: (text: string) => unknown) => {
    const o = new Option(flags, description);
    return parse ? o.argParser(checked(parse)) : o;
  };
  const program: Command = new Command('syscallbypid');
  return (
    program
      .description(
        'Count every syscall completion on this machine by process and syscall until Ctrl-C, then print ' +
          'the counts as a table. Needs root (or CAP_BPF and CAP_PERFMON).',
      )
      .version(version, '-V, --version', 'print the version and exit')
      .helpOption('-h, --help', 'print this help and exit')
      .addOption(option('-p, --pid <pid,...>', 'only these processes (thread-group ids)', parsePids))
      .addOption(option('-c, --comm <name,...>', 'only threads with these names (exact, at most 15 bytes)', parseComms))
      .addOption(
        option('-s, --syscall <name|number,...>', 'only these syscalls, by name or number as -l lists them (read, read/i386, 0, 3/i386)', (text) =>
          parseSyscalls(text, names),
        ),
      )
      .addOption(option('--cgroup <path>', 'only tasks in this cgroup v2 directory or below it (absolute, or relative to the cgroup v2 mount)'))
      .addOption(option('-x, --failed', 'count only calls that returned an error').default(false))
      .addOption(option('--errors', 'add an ERRORS column: calls that returned an error').default(false))
      .addOption(option('-t, --time', "add the calls' total, average and longest duration (TIME AVG MAX)").default(false))
      .addOption(option('--histogram', "after the table, each syscall's durations as a log2 histogram (implies --time)").default(false))
      .addOption(
        option(
          '--by <unit>',
          'a row per process and syscall; per thread and syscall (adds a TID column); per process (pid: PID CMD COUNT); or per syscall (syscall: SYSCALL COUNT)',
        )
          .choices([...ROW_KEYS])
          .default('process'),
      )
      .addOption(option('-d, --duration <seconds>', `stop by itself after this long and print (up to ${MAX_SECONDS}; fractions allowed)`, parseSeconds))
      .addOption(option('-i, --interval <seconds>', "print the interval's counts every interval, each after a timestamp line", parseSeconds))
      .addOption(
        option(
          '--live',
          'a full-screen view of the busiest rows, redrawn every interval (-i, default 1 s); keys: q or Ctrl-C quit ' +
            'and print the table, r t p s sort by rate, total, pid, syscall (with -t, d by time), space pause',
        ).default(false),
      )
      .addOption(
        option('-T, --top <n>', 'only the n rows with the largest counts (with --sort time, avg or max: the largest by it)', (text) =>
          parseInteger(text, 1, MAX_ENTRIES_CEILING),
        ),
      )
      .addOption(
        option('--sort <key>', 'order rows by this key, ascending (time, avg and max need --time)')
          .choices([...SORT_KEYS])
          .default('count'),
      )
      .addOption(option('-r, --reverse', 'descending order').default(false))
      .addOption(
        option('-o, --output <format>', 'output format')
          .choices([...FORMATS])
          .default('table'),
      )
      .addOption(option('-l, --list-syscalls', "print this machine's syscall numbers and names, and exit").default(false))
      .addOption(
        option('--max-entries <n>', `bound of the kernel count map: the new keys it holds between two drains; from 1 to ${MAX_ENTRIES_CEILING}`, (text) =>
          parseInteger(text, 1, MAX_ENTRIES_CEILING),
        ).default(DEFAULT_MAX_ENTRIES),
      )
      .addOption(option('--follow', 'with -p: also count every process those create from now on').default(false))
      .addOption(option('--output-file <path>', 'write the table to this file instead of stdout (stderr in command mode)'))
      .addOption(option('-u, --user <name|uid>', 'run COMMAND as this user: its uid, gid and supplementary groups (like strace -u)', parseUser))
      .argument('[command...]', 'run this command and count its syscalls and those of every process it creates')
      .usage('[options] [-- command [args...]]')
      .addOption(option('--btf <path>', 'BTF of the running kernel, for kernels that lack /sys/kernel/btf/vmlinux', existingFile))
      .addOption(
        option(
          '--serve [address]',
          `run as a Prometheus exporter: serve the counts at http://<address>/metrics until stopped (address: 127.0.0.1:${DEFAULT_PORT} unless given)`,
          parseServeAddress,
        ).preset(`127.0.0.1:${DEFAULT_PORT}`),
      )
      .addOption(
        option(
          '--labels <label,...>',
          `with --serve: the labels of the counters, some of pid, comm, syscall, cgroup (default ${DEFAULT_LABELS.join(',')})`,
          parseLabels,
        ),
      )
      .addOption(
        option(
          '--max-series <n>',
          `with --serve: at most this many series; further ones are folded into comm="other" (default ${DEFAULT_MAX_SERIES})`,
          (text) => parseInteger(text, 1, MAX_SERIES_CEILING),
        ),
      )
      .addOption(
        option(
          '--host-names <name,...>',
          "with --serve: also answer requests whose Host is one of these names (IP addresses, localhost and this machine's name always are)",
          parseHostNames,
        ),
      )
      .addOption(option('-v, --verbose', "also print the map's kernel memory, and libbpf's log on failure").default(false))
      .addOption(option('-q, --quiet', 'no status line under the banner (shown only when stderr is a terminal)').default(false))
      .addHelpText('after', closingText(width))
      // A flag's `(default: false)` and --serve's `(preset: ...)` say nothing to a user.
      .configureHelp({
        helpWidth: width,
        optionDescription(option) {
          return Help.prototype.optionDescription.call(this, option).replace(/ \((?:default: false|preset: "[^"]*")\)$/, '');
        },
      })
      .configureOutput({
        outputError: (message, write) => write(`syscallbypid: ${message.replace(/^error: /, '')}`.replace(/\n?$/, `${commandHint(program, message)}\n`)),
      })
      .exitOverride()
  );
}
