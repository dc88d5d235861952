// The count table's time columns (--time, --histogram), and interval mode's handling of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntervalCounts } from '../../src/core/intervals.js';
import { CountTable, type CountRow } from '../../src/core/rows.js';
import { SyscallNames } from '../../src/syscalls/names.js';
import { keyedColumns } from '../support.js';

const names = new SyscallNames('x64');
const timedRow = (count: number, timed: number, timeNs: number, maxNs: number, buckets?: number[]): CountRow => ({
  pid: 10,
  tid: 0,
  comm: 'a',
  id: 0,
  abi: 0,
  count,
  errors: 0,
  timed,
  timeNs,
  maxNs,
  ...(buckets ? { buckets } : {}),
});

test('a table of timed rows carries timed, timeNs, maxNs and buckets; row() gives them back', () => {
  const table = CountTable.of([timedRow(5, 4, 4000, 2500, [1, 0, 3]), { ...timedRow(2, 2, 10, 6, [2, 0, 0]), id: 1 }], names);
  assert.equal(table.hasTime, true);
  assert.equal(table.hasHistogram, true);
  assert.equal(table.bucketsPerRow, 3);
  assert.deepEqual([table.timed(0), table.timeNs(0), table.maxNs(0)], [4, 4000, 2500]);
  assert.deepEqual(Array.from(table.buckets(1)), [2, 0, 0]);
  assert.deepEqual(table.row(0), timedRow(5, 4, 4000, 2500, [1, 0, 3]));
});

test('a table without time columns says so and gives 0 and no buckets', () => {
  const table = CountTable.of([{ pid: 1, tid: 0, comm: 'a', id: 0, abi: 0, count: 3, errors: 0 }], names);
  assert.equal(table.hasTime, false);
  assert.equal(table.hasHistogram, false);
  assert.deepEqual([table.timed(0), table.timeNs(0), table.maxNs(0), table.buckets(0).length], [0, 0, 0, 0]);
  assert.equal('timed' in table.row(0), false);
});

test('an empty table keeps the shape it is given', () => {
  const empty = CountTable.of([], names, { hasTime: true, bucketsPerRow: 25 });
  assert.deepEqual([empty.hasTime, empty.hasHistogram, empty.bucketsPerRow], [true, true, 25]);
});

test('intervals add up timed, timeNs and buckets like counts, carry the longest call since the start, and keep the shape', () => {
  const intervals = new IntervalCounts(names);
  const columns = keyedColumns();
  intervals.add(columns([timedRow(5, 4, 4000, 2500, [1, 0, 3])]));
  assert.deepEqual(intervals.next().row(0), timedRow(5, 4, 4000, 2500, [1, 0, 3]));
  intervals.add(columns([timedRow(3, 3, 300, 100, [3, 0, 0])]));
  assert.deepEqual(intervals.next().row(0), timedRow(3, 3, 300, 2500, [3, 0, 0]));
  const idle = intervals.next();
  assert.deepEqual([idle.length, idle.hasTime, idle.bucketsPerRow], [0, true, 3]);
});

test('a timed count reported from a CPU slot is not reported again when it is drained', () => {
  const intervals = new IntervalCounts(names);
  const columns = keyedColumns();
  assert.deepEqual(intervals.next(columns([timedRow(2, 2, 50, 40, [2, 0, 0])])).row(0), timedRow(2, 2, 50, 40, [2, 0, 0]));
  intervals.add(columns([timedRow(3, 3, 950, 900, [2, 1, 0])])); // the slot's 2 calls and one more
  assert.deepEqual(intervals.next().row(0), timedRow(1, 1, 900, 900, [0, 1, 0]));
});

test("past the run's first room (1024 keys): time, the longest call and buckets grow with it, slots included", () => {
  const intervals = new IntervalCounts(names, { totals: true });
  const columns = keyedColumns();
  const key = (pid: number, count: number, maxNs: number): CountRow => ({ ...timedRow(count, count, 10 * count, maxNs, [count, 0, 0]), pid });
  const first = intervals.next(columns(Array.from({ length: 3000 }, (_, i) => key(i + 1, 1, i)))); // all in slots
  assert.equal(first.length, 3000);
  // Drained: the slots' calls and two more each; the longest call grows for the even pids.
  intervals.add(columns(Array.from({ length: 3000 }, (_, i) => key(i + 1, 3, i % 2 ? i : 5000 + i))));
  const second = intervals.next();
  assert.deepEqual(second.row(2999), key(3000, 2, 2999));
  assert.deepEqual(second.row(0), key(1, 2, 5000));
  const totals = intervals.totals();
  assert.deepEqual(totals.row(second.runRow(2999)), key(3000, 3, 2999));
  assert.deepEqual(intervals.table().row(1), key(2, 3, 1));
  assert.equal(intervals.rows, 3000);
});

test('-i keeps no totals: totals() and table() are for --live', () => {
  const intervals = new IntervalCounts(names);
  intervals.add(keyedColumns()([timedRow(1, 1, 10, 10, [1, 0, 0])]));
  assert.equal(intervals.next().length, 1);
  assert.throws(() => intervals.totals(), /with \{ totals: true \} only/);
  assert.throws(() => intervals.table(), /with \{ totals: true \} only/);
});
