import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CountTable, sortRows, topRows } from '../../src/core/rows.js';
import { SyscallNames } from '../../src/syscalls/names.js';

const raw = (pid: number, comm: string, id: number, count: number, tid = 0, errors = 0, abi = 0) => ({ pid, tid, comm, id, abi, count, errors });
type Raw = ReturnType<typeof raw>;

/** A table as the addon's columns would make it. */
const named = (raws: Raw[]) => CountTable.of(raws, new SyscallNames('x64'));
/** Rows of a table (all, or these indices) as "pid comm syscall count". */
const show = (table: CountTable, rows = table.indices()) => rows.map((i) => `${table.pid(i)} ${table.comm(i)} ${table.label(i)} ${table.count(i)}`);

// In key order (pid, tid, thread name, syscall number, ABI), as the addon gives rows.
const table = named([
  raw(7, 'a', 3, 2, 0, 0, 1),
  raw(10, 'a', 0, 5),
  raw(10, 'a', 1, 5),
  raw(10, 'z', 1, 5),
  raw(20, 'b', 0, 5),
  raw(30, 'a', 39, 900),
  raw(99, 'a', -1, 1),
]);

test('default order: ascending by count, ties by pid, command, syscall number', () => {
  assert.deepEqual(show(table, sortRows(table)), [
    '99 a rt_sigreturn 1',
    '7 a read/i386 2',
    '10 a read 5',
    '10 a write 5',
    '10 z write 5',
    '20 b read 5',
    '30 a getpid 900',
  ]);
});

test("ties keep the table's order, whatever the key", () => {
  const unordered = named([raw(20, 'b', 1, 5), raw(10, 'z', 0, 5), raw(10, 'a', 0, 5)]);
  assert.deepEqual(show(unordered, sortRows(unordered)), ['20 b write 5', '10 z read 5', '10 a read 5']);
  assert.deepEqual(show(unordered, sortRows(unordered, 'count', true)), ['10 a read 5', '10 z read 5', '20 b write 5']);
  assert.deepEqual(show(unordered, sortRows(unordered, 'syscall')), ['10 z read 5', '10 a read 5', '20 b write 5']);
  assert.deepEqual(show(unordered, sortRows(unordered, 'count', false, [2, 0, 1])), ['20 b write 5', '10 z read 5', '10 a read 5']);
});

test('counts of every size sort by value, past 2^32', () => {
  const counts = [2 ** 52 + 1, 3, 2 ** 32, 65_536, 2 ** 32 + 1, 0, 2 ** 52, 65_535, 2 ** 48 + 7, 1, 2 ** 48];
  const mixed = named(counts.map((count, i) => raw(i + 1, 'a', 0, count)));
  assert.deepEqual(
    sortRows(mixed).map((i) => mixed.count(i)),
    [...counts].sort((a, b) => a - b),
  );
  assert.deepEqual(
    sortRows(mixed, 'count', true).map((i) => mixed.count(i)),
    [...counts].sort((a, b) => b - a),
  );
});

test('--sort and --reverse', () => {
  assert.deepEqual(show(table, sortRows(table, 'count', true)), [
    '30 a getpid 900',
    '20 b read 5',
    '10 z write 5',
    '10 a write 5',
    '10 a read 5',
    '7 a read/i386 2',
    '99 a rt_sigreturn 1',
  ]);
  assert.deepEqual(
    show(table, sortRows(table, 'pid')).map((l) => l.split(' ')[0]),
    ['7', '10', '10', '10', '20', '30', '99'],
  );
  assert.deepEqual(
    show(table, sortRows(table, 'cmd')).map((l) => l.split(' ')[1]),
    ['a', 'a', 'a', 'a', 'a', 'b', 'z'],
  );
  assert.deepEqual(
    show(table, sortRows(table, 'syscall')).map((l) => l.split(' ')[2]),
    ['getpid', 'read', 'read', 'read/i386', 'rt_sigreturn', 'write', 'write'],
  );
});

test('--top keeps the largest counts', () => {
  assert.deepEqual(show(table, sortRows(table, 'count', false, topRows(table, 2))), ['20 b read 5', '30 a getpid 900']);
});
