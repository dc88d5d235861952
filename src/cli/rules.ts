// Every rule between options, in one table: the first rule a command line breaks is its usage error
// (one line, exit 2; test/fixtures/bad-usage.md has a row for each). Values are checked one at a time
// as the command line is read (options.ts, filters.ts); what is checked against the running system
// (PIDs, the cgroup, memory) is environment.ts's.
import { usage } from '../core/errors.js';
import { TIME_SORT_KEYS } from '../core/rows.js';
import type { Options } from './program.js';

/** What the rules look at besides the options: the command, and whether stdin and stdout are terminals. */
export interface Invocation {
  options: Options;
  command: string[];
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
}

type Rule = readonly [broken: (run: Invocation) => boolean, message: (run: Invocation) => string];

const serveExcludes = (what: string) => `option '--serve [address]' serves metrics over HTTP: ${what} does not apply`;
const timed = ({ options }: Invocation) => options.time || options.histogram;

/** In order: the first that applies is reported. -l runs stop after the first row (it lists, nothing else applies). */
export const RULES: readonly Rule[] = [
  [
    ({ options, command }) => options.listSyscalls && command.length > 0,
    ({ command }) => `option '-l, --list-syscalls' takes no arguments: got '${command.join(' ')}'`,
  ],
  // --live prints its table once, at the end.
  [
    ({ options }) => options.interval !== undefined && options.output === 'json' && !options.live,
    () => "option '-o, --output json' prints one document at the end: with --interval use --output ndjson",
  ],
  [({ options }) => options.follow && !options.pid, () => "option '--follow' follows the processes of -p: give -p <pid,...>"],
  [({ options, command }) => options.follow && command.length > 0, () => "option '--follow' is for -p; a command is always followed"],
  [
    ({ options, command }) => options.pid !== undefined && command.length > 0,
    () => "option '-p, --pid' and a command exclude each other: the command's own processes are counted",
  ],
  [({ options, command }) => options.interval !== undefined && command.length > 0, () => "option '-i, --interval' does not apply to command mode"],
  [
    ({ options, command }) => options.duration !== undefined && command.length > 0,
    () => "option '-d, --duration' does not apply to command mode: it ends with the command",
  ],
  [({ options, command }) => options.user !== undefined && command.length === 0, () => "option '-u, --user <name|uid>' is for command mode: -- COMMAND"],
  // --time and --histogram (--histogram implies --time).
  [
    (run) => TIME_SORT_KEYS.includes(run.options.sort) && !timed(run),
    ({ options }) => `option '--sort ${options.sort}' orders by the calls' durations: add -t, --time`,
  ],
  [
    ({ options }) => options.histogram && (options.output === 'tsv' || options.output === 'csv'),
    ({ options }) => `option '--histogram' has no ${options.output} form: use -o table, json or ndjson`,
  ],
  [
    ({ options }) => options.histogram && options.live,
    () => "option '--histogram' has no --live form: use -t for the time columns, or --histogram without --live",
  ],
  // --live draws on a terminal and reads its keys from it.
  [({ options, command }) => options.live && command.length > 0, () => "option '--live' does not apply to command mode"],
  [({ options }) => options.live && options.serve !== undefined, () => "option '--live' and '--serve [address]' exclude each other"],
  [
    ({ options, stdinIsTTY, stdoutIsTTY }) => options.live && !(stdinIsTTY && stdoutIsTTY),
    () => "option '--live' draws on a terminal and reads its keys: stdin and stdout must both be one (for a pipe or a file, use -i)",
  ],
  // --serve: Prometheus decides what is read and when; its own options go only with it.
  [({ options, command }) => options.serve !== undefined && command.length > 0, () => serveExcludes('a command')],
  [
    ({ options }) => options.serve !== undefined && options.interval !== undefined,
    () => serveExcludes("'-i, --interval' (Prometheus decides how often to scrape)"),
  ],
  [({ options }) => options.serve !== undefined && options.top !== undefined, () => serveExcludes("'-T, --top'")],
  [({ options }) => options.serve !== undefined && (options.sort !== 'count' || options.reverse), () => serveExcludes("'--sort' and '-r, --reverse'")],
  [({ options }) => options.serve !== undefined && options.output !== 'table', () => serveExcludes("'-o, --output' (the format is Prometheus')")],
  [({ options }) => options.serve !== undefined && options.outputFile !== undefined, () => serveExcludes("'--output-file'")],
  [({ options }) => options.serve !== undefined && options.by !== 'process', ({ options }) => serveExcludes(`'--by ${options.by}' (use --labels)`)],
  [({ options }) => options.serve === undefined && options.labels !== undefined, () => "option '--labels <label,...>' is for --serve"],
  [({ options }) => options.serve === undefined && options.maxSeries !== undefined, () => "option '--max-series <n>' is for --serve"],
  [({ options }) => options.serve === undefined && options.hostNames !== undefined, () => "option '--host-names <name,...>' is for --serve"],
];

/** Throws the usage error of the first rule the invocation breaks. */
export function checkRules(run: Invocation): void {
  for (const [index, [broken, message]] of RULES.entries()) {
    if (broken(run)) throw usage(message(run));
    if (index === 0 && run.options.listSyscalls) return;
  }
}
