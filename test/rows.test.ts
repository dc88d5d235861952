import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameRows, sortRows } from '../src/rows.js';
import { syscallNamer } from '../src/syscalls/names.js';

test('rows are named for the ABI and sorted by count, ties by pid, command, syscall', () => {
  const rows = nameRows(
    [
      { pid: 20, comm: 'b', id: 0, count: 5 },
      { pid: 10, comm: 'z', id: 1, count: 5 },
      { pid: 10, comm: 'a', id: 1, count: 5 },
      { pid: 10, comm: 'a', id: 0, count: 5 },
      { pid: 30, comm: 'a', id: 39, count: 900 },
      { pid: 99, comm: 'a', id: -1, count: 1 },
    ],
    syscallNamer('x86_64'),
  );
  assert.deepEqual(
    sortRows(rows).map((r) => `${r.pid} ${r.comm} ${r.syscall} ${r.count}`),
    ['99 a sigreturn_or_skipped(-1) 1', '10 a read 5', '10 a write 5', '10 z write 5', '20 b read 5', '30 a getpid 900'],
  );
});
