// --live with -t: the totals keep each key's time (the last interval's, the run's, the longest call),
// the layout shows TIME/S, AVG and MAX, and the key d sorts by time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { actionsOf } from '../../src/live/keys.js';
import { TIME_FOOTER, layout, type Frame } from '../../src/live/layout.js';
import { Totals, type LiveRow } from '../../src/live/totals.js';
import { IntervalCounts } from '../../src/core/intervals.js';
import type { CountRow } from '../../src/core/rows.js';
import { SyscallNames } from '../../src/syscalls/names.js';
import { keyedColumns } from '../support.js';

const names = new SyscallNames('x64');
const READ = 0;
const NANOSLEEP = 35;
const MS = 1_000_000;

const timed = (pid: number, id: number, count: number, timedCalls: number, timeNs: number, maxNs: number): CountRow => ({
  pid,
  tid: pid,
  comm: `c${pid}`,
  id,
  abi: 0,
  count,
  errors: 0,
  timed: timedCalls,
  timeNs,
  maxNs,
});
const TIMED = { hasTime: true, bucketsPerRow: 0 };

/** The view's totals fed as a session feeds them: each interval's rows, drained, through IntervalCounts. */
function liveTotals(shape = TIMED) {
  const intervals = new IntervalCounts(names, { totals: true });
  const columns = keyedColumns(shape);
  const totals = new Totals(names);
  const add = (rows: CountRow[], seconds: number) => {
    intervals.add(columns(rows));
    totals.add(intervals.next(), intervals.totals(), seconds);
  };
  return { totals, add, table: () => intervals.table() };
}

describe('totals with time', () => {
  test('timed and timeNs add up, maxNs is the longest, TIME/S is the last interval over its seconds', () => {
    const { totals, add, table: runTable } = liveTotals();
    add([timed(3, NANOSLEEP, 4, 3, 300 * MS, 120 * MS), timed(7, READ, 10, 10, 5 * MS, 2 * MS)], 2);
    // An interval's maxNs is the longest since the start: 120 ms stays.
    add([timed(3, NANOSLEEP, 2, 2, 150 * MS, 120 * MS)], 0.5);
    const rows = totals.top('rate', 10).map((r) => [r.pid, r.rate, r.total, r.timeRate, r.avgNs, r.maxNs]);
    assert.deepEqual(rows, [
      [3, 4, 6, 300 * MS, 90 * MS, 120 * MS],
      [7, 0, 10, 0, 0.5 * MS, 2 * MS],
    ]);
    const table = runTable();
    assert.equal(table.hasTime, true);
    assert.deepEqual(
      table.indices().map((i) => table.row(i)),
      [timed(3, NANOSLEEP, 6, 5, 450 * MS, 120 * MS), timed(7, READ, 10, 10, 5 * MS, 2 * MS)],
    );
  });

  test("sort by time: the last interval's time, largest first, ties by total; none timed shows no average", () => {
    const { totals, add } = liveTotals();
    add([timed(1, READ, 100, 100, 1 * MS, 1 * MS), timed(2, NANOSLEEP, 1, 1, 900 * MS, 900 * MS), timed(3, READ, 5, 0, 0, 0)], 1);
    assert.deepEqual(
      totals.top('time', 3).map((r) => r.pid),
      [2, 1, 3],
    );
    assert.deepEqual(
      totals.top('time', 1).map((r) => r.pid),
      [2],
    );
    const untimed = totals.top('time', 3)[2]!;
    assert.deepEqual([untimed.timeRate, untimed.avgNs, untimed.maxNs], [0, undefined, undefined]);
    // The next interval: only pid 1 took time in it.
    add([timed(1, READ, 10, 10, 2 * MS, 1 * MS)], 1);
    assert.deepEqual(
      totals.top('time', 2).map((r) => [r.pid, r.timeRate]),
      [
        [1, 2 * MS],
        [3, 0], // ties by total: 5 calls before 1
      ],
    );
  });

  test("without time, rows carry no time fields and the run's table none", () => {
    const { totals, add, table } = liveTotals({ hasTime: false, bucketsPerRow: 0 });
    add([{ pid: 1, tid: 1, comm: 'a', id: READ, abi: 0, count: 2, errors: 0 }], 1);
    assert.deepEqual(Object.keys(totals.top('rate', 1)[0]!), ['pid', 'tid', 'cmd', 'syscall', 'rate', 'total', 'errors']);
    assert.equal(table().hasTime, false);
  });
});

test('the key d sorts by time', () => {
  assert.deepEqual(actionsOf('d'), [{ kind: 'sort', sort: 'time' }]);
});

describe('layout with time', () => {
  const rows: LiveRow[] = [
    { pid: 4242, tid: 4243, cmd: 'postgres', syscall: 'epoll_pwait', rate: 12, total: 1234, errors: 0, timeRate: 987.6 * MS, avgNs: 81.23 * MS, maxNs: 1.5e9 },
    { pid: 17, tid: 17, cmd: 'sshd', syscall: 'read', rate: 40, total: 99, errors: 1, timeRate: 12_345, avgNs: 850, maxNs: 31_000 },
    { pid: 9, tid: 9, cmd: 'init', syscall: 'wait4', rate: 0, total: 1, errors: 0, timeRate: 0, avgNs: undefined, maxNs: undefined },
  ];
  const frame = (more: Partial<Frame> = {}): Frame => ({
    rows,
    count: rows.length,
    sort: 'time',
    paused: false,
    elapsedMs: 61_000,
    rate: 52,
    fill: { entries: 3, bound: 2048 },
    columns: { byThread: false, errors: false, time: true },
    ...more,
  });

  test("a wide terminal: TIME/S (marked as the sort), AVG and MAX in the table's units, the d key in the footer", () => {
    assert.deepEqual(layout(frame(), 100, 30), [
      'syscallbypid   elapsed 0:01:01   52 calls/s   map 3/2048 (0%)   rows 3/3   sort: time',
      '┌──────┬──────────┬─────────────┬─────────┬───────┬─────────┬────────┬────────┐',
      '│ PID  │ CMD      │ SYSCALL     │ CALLS/S │ TOTAL │ TIME/S▼ │    AVG │    MAX │',
      '├──────┼──────────┼─────────────┼─────────┼───────┼─────────┼────────┼────────┤',
      '│ 4242 │ postgres │ epoll_pwait │      12 │ 1,234 │   988ms │ 81.2ms │  1.50s │',
      '│ 17   │ sshd     │ read        │      40 │    99 │  12.3us │  850ns │ 31.0us │',
      '│ 9    │ init     │ wait4       │       0 │     1 │       - │      - │      - │',
      '└──────┴──────────┴─────────────┴─────────┴───────┴─────────┴────────┴────────┘',
      TIME_FOOTER,
    ]);
    assert.equal(TIME_FOOTER, 'q quit  r rate  t total  d time  p pid  s syscall  space pause');
  });

  test('narrow terminals give up ERRORS, AVG, MAX, TOTAL, TID, PID in turn; TIME/S stays', () => {
    const choice = { byThread: true, errors: true, time: true };
    const heads = (w: number) =>
      layout(frame({ columns: choice }), w, 30)[2]!
        .split('│')
        .slice(1, -1)
        .map((c) => c.trim());
    const all = ['PID', 'TID', 'CMD', 'SYSCALL', 'CALLS/S', 'TOTAL', 'ERRORS', 'TIME/S▼', 'AVG', 'MAX'];
    const fits = (w: number) => layout(frame({ columns: choice }), w, 30).every((line) => [...line].length <= w);
    for (const w of [200, 100, 90, 80, 70, 60, 50, 40, 30, 20]) assert.ok(fits(w), `${w}`);
    const seen = [200, 90, 80, 70, 60, 50, 40].map(heads);
    assert.deepEqual(seen[0], all);
    const order = ['ERRORS', 'AVG', 'MAX', 'TOTAL', 'TID', 'PID'];
    for (const shown of seen) {
      const dropped = all.filter((c) => !shown.includes(c));
      assert.deepEqual(
        dropped,
        order.slice(0, dropped.length).sort((a, b) => all.indexOf(a) - all.indexOf(b)),
        shown.join(' '),
      );
    }
    assert.deepEqual(
      seen.slice(1).map((shown) => shown.length),
      [9, 8, 7, 6, 4, 4],
    );
    assert.deepEqual(seen.at(-1), ['CMD', 'SYSCALL', 'CALLS/S', 'TIME/S▼']);
    assert.equal(layout(frame(), 30, 30).at(-1), 'q quit  r/t/d/p/s sort  space…');
  });
});
