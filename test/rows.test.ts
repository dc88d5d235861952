import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Differ, countRows, sortRows, topRows, type CountRow } from '../src/rows.js';
import { SyscallNames } from '../src/syscalls/names.js';

const raw = (pid: number, comm: string, id: number, count: number, tid = 0, errors = 0, abi = 0) => ({ pid, tid, comm, id, abi, count, errors });
type Raw = ReturnType<typeof raw>;
const show = (rows: CountRow[]) => rows.map((r) => `${r.pid} ${r.comm} ${r.syscall} ${r.count}`);

/** Rows as the addon's columns would give them. */
const named = (raws: Raw[]) =>
  countRows(
    {
      pid: Uint32Array.from(raws, (r) => r.pid),
      tid: Uint32Array.from(raws, (r) => r.tid),
      id: Int32Array.from(raws, (r) => r.id),
      abi: Uint8Array.from(raws, (r) => r.abi),
      count: Float64Array.from(raws, (r) => r.count),
      errors: Float64Array.from(raws, (r) => r.errors),
      commIndex: Uint32Array.from(raws, (_, i) => i),
      comms: raws.map((r) => r.comm),
    },
    new SyscallNames('x64'),
  );

const rows = () => named([raw(20, 'b', 0, 5), raw(10, 'z', 1, 5), raw(10, 'a', 1, 5), raw(10, 'a', 0, 5), raw(30, 'a', 39, 900), raw(99, 'a', -1, 1)]);

test('default order: ascending by count, ties by pid, command, syscall number', () => {
  assert.deepEqual(show(sortRows(rows())), ['99 a sigreturn_or_skipped(-1) 1', '10 a read 5', '10 a write 5', '10 z write 5', '20 b read 5', '30 a getpid 900']);
});

test('--sort and --reverse', () => {
  assert.deepEqual(show(sortRows(rows(), 'count', true)), ['30 a getpid 900', '20 b read 5', '10 z write 5', '10 a write 5', '10 a read 5', '99 a sigreturn_or_skipped(-1) 1']);
  assert.deepEqual(show(sortRows(rows(), 'pid')).map((l) => l.split(' ')[0]), ['10', '10', '10', '20', '30', '99']);
  assert.deepEqual(show(sortRows(rows(), 'cmd')).map((l) => l.split(' ')[1]), ['a', 'a', 'a', 'a', 'b', 'z']);
  assert.deepEqual(show(sortRows(rows(), 'syscall')).map((l) => l.split(' ')[2]), ['getpid', 'read', 'read', 'sigreturn_or_skipped(-1)', 'write', 'write']);
});

test('--top keeps the largest counts', () => {
  assert.deepEqual(show(sortRows(topRows(rows(), 2))), ['20 b read 5', '30 a getpid 900']);
});

test('successive differences add up to the last read, none lost or repeated', () => {
  const differ = new Differ();
  const reads = [
    [raw(1, 'a', 0, 3)],
    [raw(1, 'a', 0, 3), raw(2, 'b', 1, 1, 0, 1)],
    [raw(1, 'a', 0, 10), raw(2, 'b', 1, 4, 0, 2)],
  ];
  const deltas = reads.map((read) => differ.next(named(read)));
  assert.deepEqual(deltas, [named([raw(1, 'a', 0, 3)]), named([raw(2, 'b', 1, 1, 0, 1)]), named([raw(1, 'a', 0, 7), raw(2, 'b', 1, 3, 0, 1)])]);
});

test('a read that misses counts in flight (lower, or without the key) is not counted again later', () => {
  const differ = new Differ();
  const reads = [
    [raw(1, 'a', 0, 10, 0, 2), raw(2, 'b', 1, 5)],
    [raw(1, 'a', 0, 7, 0, 1)], // 3 calls of key a moving from a CPU slot to the map; key b wholly
    [raw(1, 'a', 0, 12, 0, 2), raw(2, 'b', 1, 6)],
  ];
  const deltas = reads.map((read) => show(differ.next(named(read))));
  assert.deepEqual(deltas, [['1 a read 10', '2 b write 5'], [], ['1 a read 2', '2 b write 1']]);
  const sum = (n: number, rows: string[]) => n + rows.reduce((m, r) => m + Number(r.split(' ')[3]), 0);
  assert.equal(deltas.reduce(sum, 0), 12 + 6, 'the intervals add up to the last read');
});
