// --live: the keys, the counts it keeps, the screen's layout (pure), and the view as a person uses
// it, in a terminal: tmux runs it, sends keys and resizes, capture-pane reads the screen (root).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import stringWidth from 'string-width';
import { actionsOf } from '../../src/live/keys.js';
import { FOOTER, NARROW, cut, layout, type Frame } from '../../src/live/layout.js';
import { Totals, type LiveRow, type LiveSort } from '../../src/live/totals.js';
import { watchLive } from '../../src/live/view.js';
import { IntervalCounts } from '../../src/core/intervals.js';
import type { CountRow } from '../../src/core/rows.js';
import { SyscallNames } from '../../src/syscalls/names.js';
import { CLI, ROOT, collect, keyedColumns, parseFields, parseTable, rootSkipReason, runCli, startWorkloadAs, workload } from '../support.js';

const names = new SyscallNames('x64');
const GETPPID = 110;
const CLOCK_NANOSLEEP = 230;

const row = (pid: number, comm: string, id: number, count: number, errors = 0): CountRow => ({ pid, tid: 0, comm, id, abi: 0, count, errors });

describe('keys', () => {
  test('q, Q and Ctrl-C quit; r t p s sort; space pauses; several keys in one read', () => {
    assert.deepEqual(actionsOf('q'), [{ kind: 'quit' }]);
    assert.deepEqual(actionsOf('Q'), [{ kind: 'quit' }]);
    assert.deepEqual(actionsOf('\x03'), [{ kind: 'quit' }]);
    assert.deepEqual(actionsOf('tsp r '), [
      { kind: 'sort', sort: 'total' },
      { kind: 'sort', sort: 'syscall' },
      { kind: 'sort', sort: 'pid' },
      { kind: 'pause' },
      { kind: 'sort', sort: 'rate' },
      { kind: 'pause' },
    ]);
  });

  test('escape sequences are ignored whole: the letters of arrows and function keys do nothing', () => {
    assert.deepEqual(actionsOf('\x1b[A\x1bOP\x1b[15~\x1b[1;5D'), []);
    assert.deepEqual(actionsOf('\x1b[Bq'), [{ kind: 'quit' }]);
    assert.deepEqual(actionsOf('x7\x1b'), []);
  });
});

/** The view's totals fed as a session feeds them: each interval's rows, drained, through IntervalCounts. */
function liveTotals() {
  const intervals = new IntervalCounts(names, { totals: true });
  const columns = keyedColumns();
  const totals = new Totals(names);
  const add = (rows: CountRow[], seconds: number) => {
    intervals.add(columns(rows));
    totals.add(intervals.next(), intervals.totals(), seconds);
  };
  return { totals, add, table: () => intervals.table() };
}

describe('totals', () => {
  test('intervals add up to the totals; the rate is the last interval over its seconds', () => {
    const { totals, add, table: runTable } = liveTotals();
    add([row(3, 'a', GETPPID, 4, 1), row(7, 'b', GETPPID, 10)], 2);
    add([row(3, 'a', CLOCK_NANOSLEEP, 8), row(7, 'b', GETPPID, 6)], 0.5);
    assert.equal(totals.size, 3);
    assert.equal(totals.rate(), 28);
    assert.deepEqual(
      totals.top('rate', 10).map((r) => [r.pid, r.cmd, r.syscall, r.rate, r.total, r.errors]),
      [
        [3, 'a', 'clock_nanosleep', 16, 8, 0],
        [7, 'b', 'getppid', 12, 16, 0],
        [3, 'a', 'getppid', 0, 4, 1],
      ],
    );
    // The run's table is in the addon's key order (pid, tid, name, syscall number), as ties print.
    const table = runTable();
    assert.deepEqual(
      table.indices().map((i) => table.row(i)),
      [row(3, 'a', GETPPID, 4, 1), row(3, 'a', CLOCK_NANOSLEEP, 8), row(7, 'b', GETPPID, 16)],
    );
  });

  test('sorts: rate and total descending, pid and syscall ascending, ties by total; the first n of many', () => {
    const { totals, add } = liveTotals();
    add([row(20, 'x', 0, 50), row(10, 'y', 1, 10), row(30, 'z', 3, 70)], 1); // read, write, close
    add([row(20, 'x', 0, 5), row(10, 'y', 1, 9), row(30, 'z', 3, 5)], 1);
    const order = (sort: LiveSort, n = 3) => totals.top(sort, n).map((r) => r.pid);
    assert.deepEqual(order('rate'), [10, 30, 20]);
    assert.deepEqual(order('total'), [30, 20, 10]);
    assert.deepEqual(order('pid'), [10, 20, 30]);
    assert.deepEqual(order('syscall'), [30, 20, 10]);
    assert.deepEqual(order('total', 2), [30, 20]);
    assert.deepEqual(order('rate', 0), []);

    // The first n of a thousand rows, in one pass, are the first n of the whole order.
    const { totals: many, add: addMany } = liveTotals();
    const counts = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    addMany(
      counts.map((count, i) => row(i + 1, 'm', GETPPID, count + 1)),
      1,
    );
    assert.deepEqual(
      many.top('total', 5).map((r) => r.total),
      [1000, 999, 998, 997, 996],
    );
    assert.deepEqual(
      many.top('pid', 3).map((r) => r.pid),
      [1, 2, 3],
    );
  });

  test('a frozen snapshot (pause) keeps its rows while the totals grow', () => {
    const { totals, add } = liveTotals();
    add([row(3, 'a', GETPPID, 4)], 1);
    const frozen = totals.freeze();
    add([row(3, 'a', GETPPID, 6), row(4, 'b', GETPPID, 1)], 1);
    assert.deepEqual([frozen.size, frozen.rate(), frozen.top('rate', 5).map((r) => [r.rate, r.total])], [1, 4, [[4, 4]]]);
    assert.deepEqual(
      [totals.size, totals.rate(), totals.top('rate', 5).map((r) => [r.rate, r.total])],
      [
        2,
        7,
        [
          [6, 10],
          [1, 1],
        ],
      ],
    );
  });
});

describe('layout', () => {
  const rows: LiveRow[] = [
    { pid: 4242, tid: 4243, cmd: 'postgres\\040main', syscall: 'epoll_pwait', rate: 12345, total: 1234567, errors: 3 },
    { pid: 17, tid: 17, cmd: 'sshd', syscall: 'read', rate: 40, total: 99, errors: 0 },
  ];
  const frame = (more: Partial<Frame> = {}): Frame => ({
    rows,
    count: more.rows?.length ?? rows.length,
    sort: 'rate',
    paused: false,
    elapsedMs: 3_723_000,
    rate: 12385,
    fill: { entries: 2, bound: 2048 },
    columns: { byThread: false, errors: false },
    ...more,
  });
  const width = (line: string) => [...line].length;

  test('a wide terminal: header, every column, the sort marked, the footer of keys', () => {
    assert.deepEqual(layout(frame(), 100, 30), [
      'syscallbypid   elapsed 1:02:03   12,385 calls/s   map 2/2048 (0%)   rows 2/2   sort: rate',
      '┌──────┬──────────────────┬─────────────┬──────────┬───────────┐',
      '│ PID  │ CMD              │ SYSCALL     │ CALLS/S▼ │     TOTAL │',
      '├──────┼──────────────────┼─────────────┼──────────┼───────────┤',
      '│ 4242 │ postgres\\040main │ epoll_pwait │   12,345 │ 1,234,567 │',
      '│ 17   │ sshd             │ read        │       40 │        99 │',
      '└──────┴──────────────────┴─────────────┴──────────┴───────────┘',
      FOOTER,
    ]);
  });

  test('--by thread and --errors add TID and ERRORS; paused and the sort show in the header', () => {
    const lines = layout(frame({ columns: { byThread: true, errors: true }, sort: 'pid', paused: true }), 100, 30);
    assert.equal(lines[0], 'syscallbypid   elapsed 1:02:03   12,385 calls/s   map 2/2048 (0%)   rows 2/2   sort: pid   PAUSED');
    assert.equal(lines[2], '│ PID▲ │ TID  │ CMD              │ SYSCALL     │ CALLS/S │     TOTAL │ ERRORS │');
    assert.equal(lines[4], '│ 4242 │ 4243 │ postgres\\040main │ epoll_pwait │  12,345 │ 1,234,567 │      3 │');
  });

  test('narrow terminals give up ERRORS, TOTAL, TID, PID in turn, then cut names visibly; nothing is wider', () => {
    const choice = { byThread: true, errors: true };
    const heads = (w: number) =>
      layout(frame({ columns: choice }), w, 30)[2]!
        .split('│')
        .slice(1, -1)
        .map((c) => c.trim());
    // Names take 16 and 11 columns; before a column is given up they are cut to 10 and 11 (12).
    assert.deepEqual(heads(74), ['PID', 'TID', 'CMD', 'SYSCALL', 'CALLS/S▼', 'TOTAL', 'ERRORS']);
    assert.deepEqual(heads(73), ['PID', 'TID', 'CMD', 'SYSCALL', 'CALLS/S▼', 'TOTAL']);
    assert.deepEqual(heads(64), ['PID', 'TID', 'CMD', 'SYSCALL', 'CALLS/S▼']);
    assert.deepEqual(heads(52), ['PID', 'CMD', 'SYSCALL', 'CALLS/S▼']);
    assert.deepEqual(heads(45), ['CMD', 'SYSCALL', 'CALLS/S▼']);
    assert.equal(layout(frame({ columns: choice }), 74, 30)[4], '│ 4242 │ 4243 │ postgres\\… │ epoll_pwait │   12,345 │ 1,234,567 │      3 │');
    const narrow = layout(frame({ columns: choice }), 30, 30);
    assert.equal(narrow[4], '│ postg… │ epoll… │   12,345 │');
    for (const w of [100, 70, 50, 40, 30, 20, 10]) {
      for (const line of layout(frame({ columns: choice, paused: true }), w, 30)) assert.ok(width(line) <= w, `${w}: ${line}`);
    }
  });

  test('the header leaves out what does not fit, the name first, rather than cut the rate', () => {
    assert.equal(layout(frame(), 70, 30)[0], 'elapsed 1:02:03   12,385 calls/s   map 2/2048 (0%)   sort: rate');
    assert.equal(layout(frame({ paused: true }), 41, 30)[0], 'elapsed 1:02:03   12,385 calls/s   PAUSED');
    assert.equal(layout(frame({ paused: true }), 40, 30)[0], '12,385 calls/s   PAUSED');
    assert.equal(layout(frame(), 30, 30).at(-1), 'q quit  r/t/p/s sort  space p…');
  });

  test('the rows that fit the height; the header counts them; no fill shown when unknown', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ ...rows[1]!, pid: i + 1 }));
    const lines = layout(frame({ rows: many, fill: undefined }), 100, 12);
    assert.equal(lines.length, 12);
    assert.equal(lines[0], 'syscallbypid   elapsed 1:02:03   12,385 calls/s   rows 6/50   sort: rate');
    assert.deepEqual(layout(frame(), 100, 3), [lines[0].replace('rows 6/50', 'rows 0/2').replace('calls/s   rows', 'calls/s   map 2/2048 (0%)   rows')]);
  });

  test('wide characters in a cell take two columns in the table too (cli-table3 measures them as the view does)', () => {
    const wide = [{ ...rows[0]!, cmd: '日本語のプロセス' }, rows[1]!];
    const table = layout(frame({ rows: wide }), 100, 30).slice(1, -1);
    assert.equal(table[3], '│ 4242 │ 日本語のプロセス │ epoll_pwait │   12,345 │ 1,234,567 │');
    for (const line of table) assert.equal(stringWidth(line), stringWidth(table[0]!), line);
  });

  test('the characters measured without string-width are one column wide to string-width too', () => {
    let narrow = 0;
    for (let code = 0; code < 0x3000; code++) {
      const char = String.fromCodePoint(code);
      if (!NARROW.test(char)) continue;
      assert.equal(stringWidth(char), 1, `U+${code.toString(16)}`);
      narrow++;
    }
    assert.equal(narrow, 95 + 1 + 128 + 2);
  });

  test('cut marks what it cut; wide characters count twice', () => {
    assert.equal(cut('abcdef', 6), 'abcdef');
    assert.equal(cut('abcdefg', 6), 'abcde…');
    assert.equal(cut('日本語の名前', 7), '日本語…');
  });
});

describe('the view loop, on a fake terminal', () => {
  /** A terminal whose output is a file (the screen's writes are synchronous) and whose keys are emitted. */
  function fakeTerminal() {
    const path = join(mkdtempSync(join(tmpdir(), 'syscallbypid-live-')), 'screen');
    const input = Object.assign(new EventEmitter(), {
      raw: false,
      setRawMode(raw: boolean) {
        this.raw = raw;
        return this;
      },
      setEncoding: () => input,
      resume: () => input,
      pause: () => input,
    });
    const output = Object.assign(new EventEmitter(), { fd: openSync(path, 'w'), columns: 80, rows: 20 });
    const written = () => readFileSync(path, 'utf8');
    return { input, output, written, restored: () => !input.raw && written().endsWith(LEAVE) && written().includes(ENTER) };
  }
  const ENTER = '\x1b[?1049h';
  const LEAVE = '\x1b[?25h\x1b[?1049l';

  /** A session whose every interval drained `interval()`'s rows, and the rest at stop(). */
  function fakeSession(interval: () => CountRow[]) {
    let stopped = false;
    const intervals = new IntervalCounts(names, { totals: true });
    const columns = keyedColumns();
    const read = (rows: CountRow[]) => (intervals.add(columns(rows)), intervals.next());
    return {
      interval: () => read(interval()),
      totals: () => intervals.totals(),
      table: () => intervals.table(),
      poll: () => 1000,
      onWake: () => () => {},
      stop: () => ((stopped = true), read([row(5, 'last', GETPPID, 2)])),
      stopped: () => stopped,
    };
  }

  function watch(session: ReturnType<typeof fakeSession>, stopped: Promise<void> = new Promise(() => {})) {
    const term = fakeTerminal();
    let quitting = 0;
    const options = { intervalMs: 10, columns: { byThread: false, errors: false }, names, maxEntries: 2048 };
    const view = watchLive(session, stopped, () => quitting++, { ...options, input: term.input as never, output: term.output as never });
    return { term, view, quitting: () => quitting };
  }

  test('q: the terminal restored, the CLI told (a second Ctrl-C is a signal again), the intervals and the rest added up', async () => {
    const session = fakeSession(() => [row(5, 'last', GETPPID, 3)]);
    const { term, view, quitting } = watch(session);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(term.input.raw, 'raw mode while the view is up');
    term.input.emit('data', 'q');
    const table = await view;
    assert.equal(quitting(), 1);
    assert.ok(term.restored());
    assert.ok(session.stopped());
    assert.equal(table.length, 1);
    assert.ok(table.count(0) >= 5 && (table.count(0) - 2) % 3 === 0, `${table.count(0)}`);
  });

  test('an error in a read (an internal error, an overflow) ends the view with the terminal restored, and comes out', async () => {
    const session = fakeSession(() => {
      throw new Error('boom');
    });
    const { term, view } = watch(session);
    await assert.rejects(view, /boom/);
    assert.ok(term.restored());
    assert.ok(!session.stopped(), 'no table after a failure');
  });

  test('a stop signal restores the terminal at once, before the view has ended', async () => {
    let stop = () => {};
    const { term, view } = watch(
      fakeSession(() => []),
      new Promise<void>((resolve) => (stop = resolve)),
    );
    process.emit('SIGHUP' as never);
    const restored = term.restored();
    stop();
    await view;
    assert.ok(restored, 'restored within the signal');
  });
});

test('--help lists --live and its keys', async () => {
  const result = await runCli(['--help']);
  assert.equal(result.code, 0);
  const help = result.stdout.replace(/\s+/g, ' ');
  for (const text of [
    '--live',
    'redrawn every interval (-i, default 1 s)',
    'q or Ctrl-C quit and print the table',
    'r t p s sort by rate, total, pid, syscall (with -t, d by time)',
    'space pause',
  ]) {
    assert.ok(help.includes(text), `help lacks ${text}`);
  }
});

// --- In a terminal -------------------------------------------------------------------------------

const SOCKET = `syscallbypid-live-${process.pid}`;
const WAIT_MS = 90_000;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

/** A shell in a detached tmux window of the given size. */
function terminal(name: string, width: number, height: number) {
  tmux('new-session', '-d', '-s', name, '-x', String(width), '-y', String(height), 'bash --norc --noprofile');
  tmux('set-option', '-t', name, 'history-limit', '5000');
  return {
    type: (line: string) => {
      tmux('send-keys', '-t', name, '-l', line);
      tmux('send-keys', '-t', name, 'Enter');
    },
    keys: (...keys: string[]) => tmux('send-keys', '-t', name, ...keys),
    screen: () => tmux('capture-pane', '-p', '-t', name),
    /** The whole pane, scrollback included. */
    history: () => tmux('capture-pane', '-p', '-S', '-', '-t', name),
    show: (format: string) => tmux('display-message', '-p', '-t', name, format).trim(),
    resize: (w: number, h: number) => tmux('resize-window', '-t', name, '-x', String(w), '-y', String(h)),
    /** Polls the screen until `check` returns something (not machine speed: a generous bound). */
    async until<T>(what: string, check: (screen: string) => T | undefined | false): Promise<T> {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const screen = tmux('capture-pane', '-p', '-t', name);
        const found = check(screen);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${what} on the screen within ${WAIT_MS} ms:\n${screen}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** The view's table rows as cells. */
function viewRows(screen: string): string[][] {
  return screen
    .split('\n')
    .filter((line) => line.startsWith('│') && !line.includes('CALLS/S'))
    .map((line) =>
      line
        .split('│')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

const number = (text: string) => Number(text.replace(/,/g, ''));

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };
/** A duration as the tables print it (three significant digits: 81.2ms), in ns. */
function nsOf(text: string): number {
  const [, digits, unit] = /^([\d.]+)(ns|us|ms|s)$/.exec(text) ?? [];
  if (!unit) throw new Error(`not a duration: ${text}`);
  return Number(digits) * UNIT_NS[unit]!;
}
/** Three significant digits are within 0.5 % of the value. */
const PRINTED = 1.005;

/**
 * test/helpers/timed.c started outside the pane, waiting for its go line: `go()` lets it make its
 * calls and returns what it measured around them ("wall SUM MAX", ns).
 */
function startTimed(...args: string[]): { pid: number; go(): Promise<number[]> } {
  const path = join(mkdtempSync(join(tmpdir(), 'syscallbypid-live-')), 'timed');
  execFileSync('cc', ['-O2', '-Wall', '-o', path, join(ROOT, 'test/helpers/timed.c')]);
  const child = spawn(path, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const result = collect(child, 120_000);
  return {
    pid: child.pid!,
    go: async () => {
      child.stdin.end('go\n');
      const { code, stdout } = await result;
      const wall = /^wall (\d+) (\d+)$/m.exec(stdout);
      if (code !== 0 || !wall || !stdout.endsWith('done\n')) throw new Error(`timed ${args.join(' ')} failed: ${code} ${stdout}`);
      return [Number(wall[1]), Number(wall[2])];
    },
  };
}

/** The tracer started in the pane: the shell's child. */
function tracerPid(shellPid: string): number {
  return Number(execFileSync('ps', ['-o', 'pid=', '--ppid', shellPid], { encoding: 'utf8' }).trim());
}

describe('in a terminal (tmux)', { skip: rootSkipReason(), timeout: 300_000 }, () => {
  test('header, a paced workload with its rate, sort keys, resize, q restores the screen and prints the exact table', async () => {
    workload();
    const comm = `lv${process.pid % 100_000}`;
    const calls = 400;
    const usec = 20_000; // at most 50 calls a second, whatever the machine's speed
    const wl = startWorkloadAs(comm, 'paced', String(calls), String(usec));
    const term = terminal('q', 100, 30);
    try {
      term.type(`${process.execPath} ${CLI} --live -c ${comm} 2>/dev/null; echo "exit=$?"`);
      await term.until('header', (s) => /^syscallbypid {3}elapsed \d:\d\d:\d\d {3}0 calls\/s {3}map 0\/2048 \(0%\) {3}rows 0\/0 {3}sort: rate$/m.test(s));
      assert.equal(term.show('#{alternate_on} #{cursor_flag}'), '1 0');
      const done = wl.go();

      const rate = await term.until('the workload at a rate', (s) => {
        const getppid = viewRows(s).find((r) => r[1] === comm && r[2] === 'getppid');
        return getppid && number(getppid[3]!) > 0 && getppid;
      });
      assert.equal(rate[0], String(wl.pid));
      assert.ok(number(rate[3]!) <= 1.5 * (1e6 / usec), `a rate above the workload's pace: ${rate[3]}`);
      assert.ok(number(rate[4]!) >= 1 && number(rate[4]!) <= calls, `total ${rate[4]}`);

      term.keys('s');
      await term.until('the syscall sort', (s) => {
        const order = viewRows(s).map((r) => r[2]);
        return s.includes('sort: syscall') && s.includes('SYSCALL▲') && order.indexOf('clock_nanosleep') === 0 && order.indexOf('getppid') === 1;
      });
      term.keys('t');
      await term.until('the total sort', (s) => s.includes('sort: total') && s.includes('TOTAL▼') && !s.includes('SYSCALL▲'));
      term.keys('r');

      term.resize(45, 14);
      const narrow = await term.until('the narrow view', (s) => s.includes('CALLS/S▼') && !s.includes('TOTAL') && /clock_n[a-z_]*…/.test(s) && s);
      for (const line of narrow.split('\n')) assert.ok([...line].length <= 45, line);
      term.resize(100, 30);
      await term.until('the wide view again', (s) => s.includes('TOTAL') && s.includes('clock_nanosleep'));

      await done;
      term.keys('q');
      const after = await term.until('the shell', (s) => /^exit=\d+$/m.test(s) && s);
      assert.match(after, /^exit=0$/m);
      assert.equal(term.show('#{alternate_on} #{cursor_flag}'), '0 1');
      // The final table, printed where the command was typed, as a normal run prints it.
      const lines = term.history().split('\n');
      const table = lines.slice(
        lines.findIndex((l) => /^PID\s+CMD\s+SYSCALL\s+COUNT$/.test(l)),
        lines.findIndex((l) => l === 'exit=0'),
      );
      const rows = parseTable(table.join('\n'));
      assert.equal(rows.find((r) => r.pid === wl.pid && r.cmd === comm && r.syscall === 'getppid')?.count, calls);
      assert.equal(rows.find((r) => r.pid === wl.pid && r.cmd === comm && r.syscall === 'clock_nanosleep')?.count, calls);
    } finally {
      tmux('kill-session', '-t', 'q');
    }
  });

  test('-t: TIME/S, AVG and MAX of nanosleeps within what the caller measured; d sorts by time; q prints the exact --time table', async () => {
    const calls = 60;
    const ms = 50; // at least 3 s of sleeps, spanning intervals whatever the machine's speed
    const helper = startTimed('nanosleep', String(calls), String(ms));
    const term = terminal('time', 120, 30);
    try {
      term.type(`${process.execPath} ${CLI} --live -t -c tm-nanosleep 2>/dev/null; echo "exit=$?"`);
      await term.until('the view', (s) => s.includes('sort: rate') && s.includes('TIME/S') && s.includes('d time'));
      const done = helper.go();
      // PID CMD SYSCALL CALLS/S TOTAL TIME/S AVG MAX
      const shown = await term.until('the sleeps taking time', (s) => {
        const sleeps = viewRows(s).find((r) => r[0] === String(helper.pid) && r[2] === 'nanosleep');
        return sleeps && nsOf(sleeps[5]!) > 0 && sleeps;
      });
      term.keys('d');
      await term.until('the time sort', (s) => s.includes('sort: time') && s.includes('TIME/S▼'));
      const [wallSum, wallMax] = await done;
      // One thread: the calls that ended in an interval took at most the interval and the one call
      // that began before it, so a second of time per second, with a generous margin for the reads.
      const timeRate = nsOf(shown[5]!);
      assert.ok(timeRate <= 2e9, `TIME/S ${shown[5]}`);
      for (const cell of [shown[6]!, shown[7]!]) {
        assert.ok(nsOf(cell) >= ms * 1e6 && nsOf(cell) <= wallMax! * PRINTED, `${cell}: a sleep of ${ms} ms, at most ${wallMax} ns`);
      }

      term.keys('q');
      await term.until('the shell', (s) => /^exit=0$/m.test(s));
      const lines = term.history().split('\n');
      const start = lines.findIndex((l) => /^PID\s+CMD\s+SYSCALL\s+COUNT\s+TIME\s+AVG\s+MAX/.test(l));
      const table = lines.slice(
        start,
        lines.findIndex((l) => l === 'exit=0'),
      );
      const header = table[0]!.trim().split(/\s+/);
      const fields = parseFields(table.join('\n'), header);
      const sleeps = fields.find((f) => f[0] === String(helper.pid) && f[1] === 'tm-nanosleep' && f[2] === 'nanosleep');
      assert.ok(sleeps, table.join('\n'));
      const at = (column: string) => sleeps[header.indexOf(column)]!;
      assert.equal(at('COUNT'), String(calls));
      assert.ok(nsOf(at('TIME')) >= calls * ms * 1e6 && nsOf(at('TIME')) <= wallSum! * PRINTED, `TIME ${at('TIME')}, the caller measured ${wallSum} ns`);
      assert.ok(nsOf(at('AVG')) >= ms * 1e6 && nsOf(at('AVG')) <= (wallSum! / calls) * PRINTED, `AVG ${at('AVG')}`);
      assert.ok(nsOf(at('MAX')) >= ms * 1e6 && nsOf(at('MAX')) <= wallMax! * PRINTED, `MAX ${at('MAX')}`);
    } finally {
      tmux('kill-session', '-t', 'time');
    }
  });

  test('SIGTERM restores the screen and writes the exact table (--output-file); --by thread and --errors show', async () => {
    workload();
    const comm = `lt${process.pid % 100_000}`;
    const out = join(mkdtempSync(join(tmpdir(), 'syscallbypid-live-')), 'table.txt');
    const wl = startWorkloadAs(comm, 'paced', '50', '10000');
    const term = terminal('term', 120, 30);
    try {
      term.type(`${process.execPath} ${CLI} --live -c ${comm} --by thread --errors --output-file ${out} 2>/dev/null; echo "exit=$?"`);
      await term.until('the view', (s) => s.includes('sort: rate') && s.includes('TID') && s.includes('ERRORS'));
      await wl.go();
      await term.until('the whole workload', (s) => viewRows(s).some((r) => r[2] === comm && r[3] === 'getppid' && r[5] === '50'));
      process.kill(tracerPid(term.show('#{pane_pid}')), 'SIGTERM');
      await term.until('the shell', (s) => /^exit=0$/m.test(s));
      assert.equal(term.show('#{alternate_on} #{cursor_flag}'), '0 1');
      const fields = parseFields(readFileSync(out, 'utf8'), ['PID', 'TID', 'CMD', 'SYSCALL', 'COUNT', 'ERRORS']);
      const count = (syscall: string) => fields.find((f) => f[0] === String(wl.pid) && f[2] === comm && f[3] === syscall)?.slice(4);
      assert.deepEqual(count('getppid'), ['50', '0']);
      assert.deepEqual(count('clock_nanosleep'), ['50', '0']);
    } finally {
      tmux('kill-session', '-t', 'term');
    }
  });

  test('an overflow ends the view: the screen restored, the one-line error, exit 3', async () => {
    workload();
    const comm = `lo${process.pid % 100_000}`;
    const wl = startWorkloadAs(comm, 'paced', '20', '1000');
    const term = terminal('overflow', 100, 30);
    try {
      term.type(`${process.execPath} ${CLI} --live -c ${comm} --max-entries 1; echo "exit=$?"`);
      await term.until('the view', (s) => s.includes('sort: rate'));
      await wl.go();
      const after = await term.until('the shell', (s) => /^exit=\d+$/m.test(s) && s);
      assert.match(after, /^exit=3$/m);
      assert.match(after.replace(/\n/g, ''), /syscallbypid: the count map is full \(--max-entries 1\)/);
      assert.equal(term.show('#{alternate_on} #{cursor_flag}'), '0 1');
    } finally {
      tmux('kill-session', '-t', 'overflow');
    }
  });

  test('Ctrl-C quits like q; SIGHUP (the terminal closed) still writes the exact table', async () => {
    workload();
    const keyed = terminal('ctrlc', 100, 30);
    try {
      keyed.type(`${process.execPath} ${CLI} --live -c nothing-here; echo "exit=$?"`);
      await keyed.until('the view', (s) => s.includes('sort: rate'));
      keyed.keys('C-c');
      const after = await keyed.until('the shell', (s) => /^exit=\d+$/m.test(s) && s);
      assert.match(after, /^exit=0$/m);
      assert.match(after, /^PID\s+CMD\s+SYSCALL\s+COUNT$/m);
      assert.equal(keyed.show('#{alternate_on} #{cursor_flag}'), '0 1');
    } finally {
      tmux('kill-session', '-t', 'ctrlc');
    }

    const comm = `lh${process.pid % 100_000}`;
    const out = join(mkdtempSync(join(tmpdir(), 'syscallbypid-live-')), 'table.txt');
    const wl = startWorkloadAs(comm, 'paced', '30', '1000');
    const term = terminal('hangup', 100, 30);
    term.type(`${process.execPath} ${CLI} --live -c ${comm} --output-file ${out}`);
    await term.until('the view', (s) => s.includes('sort: rate'));
    const tracer = tracerPid(term.show('#{pane_pid}'));
    await wl.go();
    await term.until('the whole workload', (s) => viewRows(s).some((r) => r[1] === comm && r[2] === 'getppid' && r[4] === '30'));
    tmux('kill-session', '-t', 'hangup');
    const deadline = Date.now() + WAIT_MS;
    while (existsSync(`/proc/${tracer}`)) {
      if (Date.now() > deadline) throw new Error('the tracer outlived its terminal');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const rows = parseTable(readFileSync(out, 'utf8'));
    assert.equal(rows.find((r) => r.pid === wl.pid && r.cmd === comm && r.syscall === 'getppid')?.count, 30);
  });
});

process.on('exit', () => {
  try {
    execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // no server left: each test ends its session
  }
});
