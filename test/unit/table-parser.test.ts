// The tests' one table parser (test/support.ts) reads the plain table as awk would, and refuses
// what is not the table it was told to expect, so a test cannot pass on the wrong output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TABLE_COLUMNS, parseFields, parseTable } from '../support.js';

test('fields by whitespace after the header, thread names as one escaped token', () => {
  const stdout = 'PID      CMD              SYSCALL   COUNT\n7        Web\\040Content  read          3\n12       x                getppid      40\n';
  assert.deepEqual(parseFields(stdout, TABLE_COLUMNS), [
    ['7', 'Web\\040Content', 'read', '3'],
    ['12', 'x', 'getppid', '40'],
  ]);
  assert.deepEqual(parseTable(stdout), [
    { pid: 7, cmd: 'Web\\040Content', syscall: 'read', count: 3 },
    { pid: 12, cmd: 'x', syscall: 'getppid', count: 40 },
  ]);
  assert.deepEqual(parseFields('SYSCALL COUNT\n', ['SYSCALL', 'COUNT']), []);
});

test('another header, a row with a field too many or too few, or no header at all is refused', () => {
  assert.throws(() => parseFields('PID CMD SYSCALL COUNT ERRORS\n1 x read 3 0\n', TABLE_COLUMNS), /^Error: no PID CMD SYSCALL COUNT header in: PID CMD/);
  assert.throws(() => parseFields('PID CMD SYSCALL COUNT\n1 Web Content read 3\n', TABLE_COLUMNS), /^Error: row with 5 fields, not 4: 1 Web Content read 3$/);
  assert.throws(() => parseFields('PID CMD SYSCALL COUNT\n1 x 3\n', TABLE_COLUMNS), /^Error: row with 3 fields, not 4: 1 x 3$/);
  assert.throws(() => parseFields('', TABLE_COLUMNS), /^Error: no PID CMD SYSCALL COUNT header in: $/);
});
