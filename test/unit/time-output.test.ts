// --time and --histogram as the user reads them: durations, columns, totals, histograms, sorting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBound, formatDuration } from '../../src/output/durations.js';
import { formatHistograms, histogramGroups, jsonBuckets } from '../../src/output/histogram.js';
import { renderInterval, renderRun, type View } from '../../src/output/render.js';
import { CountTable, sortRows, topRows, type CountRow } from '../../src/core/rows.js';
import { SyscallNames } from '../../src/syscalls/names.js';

// 1 us to 8 s by doubling, as log2 buckets: bucket b holds calls of more than bound b-1, at most bound b.
const BOUNDS = Array.from({ length: 4 }, (_, k) => 1000 * 2 ** k); // 1us 2us 4us 8us, then +Inf
const names = new SyscallNames('x64');
const READ = 0;
const WRITE = 1;
const NANOSLEEP = 35;

/** A timed row: `buckets` has BOUNDS.length + 1 counts, which add up to `timed`. */
const timedRow = (pid: number, comm: string, id: number, count: number, timed: number, timeNs: number, maxNs: number, buckets: number[]): CountRow => ({
  pid,
  tid: 0,
  comm,
  id,
  abi: 0,
  count,
  errors: 0,
  timed,
  timeNs,
  maxNs,
  buckets,
});

const table = CountTable.of(
  [
    timedRow(10, 'sleeper', READ, 4, 4, 7000, 3000, [1, 1, 2, 0, 0]),
    timedRow(10, 'sleeper', NANOSLEEP, 100, 100, 1_003_456_789, 10_123_456, [0, 0, 0, 0, 100]),
    timedRow(20, 'cat', READ, 3, 2, 1500, 900, [2, 0, 0, 0, 0]),
    timedRow(20, 'cat', WRITE, 1, 0, 0, 0, [0, 0, 0, 0, 0]),
  ],
  names,
);
const view = (more: Partial<View> = {}): View => ({ format: 'table', sort: 'count', reverse: false, byThread: false, errors: false, time: true, ...more });
const info = { start: new Date(0), end: new Date(1000), arch: 'x86_64', maxEntries: 2048, options: {}, dropped: 0 };
const text = (rendered: string | Buffer) => rendered.toString();

test('durations: whole ns below 1 us, then three significant digits of us, ms, s; whole s from 1000 s', () => {
  const cases: Array<[number, string]> = [
    [0, '0ns'],
    [789, '789ns'],
    [999.4, '999ns'],
    [999.6, '1.00us'],
    [1024, '1.02us'],
    [12_345, '12.3us'],
    [456_000, '456us'],
    [999_500, '1.00ms'],
    [12_300_000, '12.3ms'],
    [1_234_000_000, '1.23s'],
    [999.4e9, '999s'],
    [12_345e9, '12345s'],
  ];
  assert.deepEqual(
    cases.map(([ns]) => formatDuration(ns)),
    cases.map(([, shown]) => shown),
  );
  assert.deepEqual([1000, 2000, 64_000, 1024, 65_536, 8_388_608_000].map(formatBound), ['1us', '2us', '64us', '1.02us', '65.5us', '8.39s']);
});

test('--time adds TIME AVG MAX, and UNTIMED when a row has calls in flight at start', () => {
  assert.equal(
    text(renderRun(table, view(), info)),
    [
      'PID      CMD              SYSCALL                     COUNT     TIME      AVG      MAX UNTIMED',
      '20       cat              write                           1        -        -        -       1',
      '20       cat              read                            3   1.50us    750ns    900ns       1',
      '10       sleeper          read                            4   7.00us   1.75us   3.00us       0',
      '10       sleeper          nanosleep                     100    1.00s   10.0ms   10.1ms       0',
      '',
    ].join('\n'),
  );
  const allTimed = CountTable.of([timedRow(10, 'sleeper', READ, 4, 4, 7000, 3000, [1, 1, 2, 0, 0])], names);
  assert.equal(
    text(renderRun(allTimed, view(), info)).split('\n')[0],
    'PID      CMD              SYSCALL                     COUNT     TIME      AVG      MAX',
  );
});

test('the machine formats carry integer nanoseconds: timed, time_ns, avg_ns, max_ns', () => {
  assert.equal(
    text(renderRun(table, view({ format: 'csv', sort: 'pid' }), info)),
    [
      'pid,cmd,syscall,id,abi,count,timed,time_ns,avg_ns,max_ns',
      '10,sleeper,read,0,x86_64,4,4,7000,1750,3000',
      '10,sleeper,nanosleep,35,x86_64,100,100,1003456789,10034568,10123456',
      '20,cat,read,0,x86_64,3,2,1500,750,900',
      '20,cat,write,1,x86_64,1,0,0,0,0',
      '',
    ].join('\n'),
  );
  const [first] = text(renderRun(table, view({ format: 'ndjson', sort: 'pid' }), info)).split('\n');
  assert.deepEqual(JSON.parse(first!), {
    pid: 10,
    cmd: 'sleeper',
    syscall: 'read',
    id: 0,
    abi: 'x86_64',
    count: 4,
    timed: 4,
    time_ns: 7000,
    avg_ns: 1750,
    max_ns: 3000,
  });
  const document = JSON.parse(text(renderRun(table, view({ format: 'json', sort: 'pid', histogramBoundsNs: BOUNDS }), info))) as {
    rows: Array<Record<string, unknown>>;
  };
  assert.deepEqual(document.rows[0], {
    pid: 10,
    cmd: 'sleeper',
    syscall: 'read',
    id: 0,
    abi: 'x86_64',
    count: 4,
    timed: 4,
    time_ns: 7000,
    avg_ns: 1750,
    max_ns: 3000,
    buckets: [
      { le_ns: 1000, count: 1 },
      { le_ns: 2000, count: 1 },
      { le_ns: 4000, count: 2 },
    ],
  });
  assert.deepEqual(document.rows[1]!.buckets, [{ le_ns: null, count: 100 }], 'the last bucket has no bound: +Inf');
  const tsv = text(renderInterval(table, view({ format: 'tsv', sort: 'pid' }), new Date(0), true)).split('\n');
  assert.equal(tsv[0], 'time\tpid\tcmd\tsyscall\tid\tabi\tcount\ttimed\ttime_ns\tavg_ns\tmax_ns');
});

test("command mode: % time of the table's whole time and a totals line, in the table format only", () => {
  const lines = text(renderRun(table, view({ timeShare: true, totals: true, sort: 'time', reverse: true }), info)).split('\n');
  assert.deepEqual(lines, [
    'PID      CMD              SYSCALL                     COUNT  %TIME     TIME      AVG      MAX UNTIMED',
    '10       sleeper          nanosleep                     100  100.0    1.00s   10.0ms   10.1ms       0',
    '10       sleeper          read                            4    0.0   7.00us   1.75us   3.00us       0',
    '20       cat              read                            3    0.0   1.50us    750ns    900ns       1',
    '20       cat              write                           1    0.0        -        -        -       1',
    '                          total                         108  100.0    1.00s   9.47ms   10.1ms       2',
    '',
  ]);
  const csv = text(renderRun(table, view({ format: 'csv', timeShare: true, totals: true }), info));
  assert.ok(!csv.includes('total'), 'no totals line in the machine formats');
});

test('--sort time, avg, max order by the durations; -T with them keeps the slowest rows', () => {
  const order = (key: 'time' | 'avg' | 'max') => sortRows(table, key).map((i) => `${table.pid(i)} ${table.label(i)}`);
  assert.deepEqual(order('time'), ['20 write', '20 read', '10 read', '10 nanosleep']);
  assert.deepEqual(order('avg'), ['20 write', '20 read', '10 read', '10 nanosleep']);
  assert.deepEqual(order('max'), ['20 write', '20 read', '10 read', '10 nanosleep']);
  const slow = CountTable.of([timedRow(1, 'a', READ, 1000, 1000, 1000, 5, [0, 0, 0, 0, 0]), timedRow(2, 'b', READ, 1, 1, 9000, 9000, [0, 0, 0, 0, 1])], names);
  assert.deepEqual(
    sortRows(slow, 'avg', true).map((i) => slow.pid(i)),
    [2, 1],
  );
  assert.deepEqual(
    sortRows(slow, 'time').map((i) => slow.pid(i)),
    [1, 2],
  );
  assert.deepEqual(
    topRows(slow, 1, 'max').map((i) => slow.pid(i)),
    [2],
    'the slowest, not the most frequent',
  );
  assert.deepEqual(
    topRows(slow, 1, 'pid').map((i) => slow.pid(i)),
    [1],
    'other keys: the largest count',
  );
});

test('--histogram: one per syscall over the printed rows, bpftrace-shaped, after the table', () => {
  const groups = histogramGroups(table, sortRows(table, 'pid'), false);
  assert.deepEqual(
    groups.map((g) => [g.title, g.timed, g.buckets]),
    [
      ['read', 6, [3, 1, 2, 0, 0]],
      ['nanosleep', 100, [0, 0, 0, 0, 100]],
      ['write', 0, [0, 0, 0, 0, 0]],
    ],
  );
  assert.equal(
    formatHistograms(groups, BOUNDS),
    [
      'read: 6 timed calls',
      '[0, 1us]   3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
      '(1us, 2us] 1 |@@@@@@@@@@@@@                           |',
      '(2us, 4us] 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@              |',
      '',
      'nanosleep: 100 timed calls',
      '(8us, +Inf) 100 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
      '',
      'write: 0 timed calls',
      '',
    ].join('\n'),
  );
  const perRow = histogramGroups(table, [0, 2], true);
  assert.deepEqual(
    perRow.map((g) => g.title),
    ['10 sleeper', '20 cat'],
    '--by pid: one per row',
  );
  const rendered = text(renderRun(table, view({ sort: 'pid', top: 1, histogramBoundsNs: BOUNDS }), info));
  assert.equal(
    rendered.split('\n\n')[1],
    'nanosleep: 100 timed calls\n(8us, +Inf) 100 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n',
    '-T narrows the histograms too',
  );
  assert.deepEqual(jsonBuckets([0, 2, 0, 0, 1], BOUNDS), [
    { le_ns: 2000, count: 2 },
    { le_ns: null, count: 1 },
  ]);
});
