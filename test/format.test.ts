import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeComm, formatTable } from '../src/format.js';
import type { CountRow } from '../src/rows.js';

const row = (pid: number, comm: string, syscall: string, count: number): CountRow => ({ pid, comm, id: 0, syscall, count });

test('columns are aligned like printf("%-8s %-16s %-24s %8s")', () => {
  const text = formatTable([row(4282, 'bash', 'read', 1), row(14405, 'sshd', 'rt_sigprocmask', 196)]);
  const printf = (a: string, b: string, c: string, d: string) => `${a.padEnd(8)} ${b.padEnd(16)} ${c.padEnd(24)} ${d.padStart(8)}`;
  assert.equal(
    text,
    [
      printf('PID', 'CMD', 'SYSCALL', 'COUNT'),
      printf('4282', 'bash', 'read', '1'),
      printf('14405', 'sshd', 'rt_sigprocmask', '196'),
      '',
    ].join('\n'),
  );
});

test('a column grows to its widest cell instead of truncating it', () => {
  const text = formatTable([row(1, 'x', 'sigreturn_or_skipped(-1)_longer', 123456789012)]);
  const [header, line] = text.split('\n');
  assert.equal(line, `1        x                sigreturn_or_skipped(-1)_longer 123456789012`);
  assert.equal(header, `PID      CMD              SYSCALL                                COUNT`);
});

test('an empty table is the header alone', () => {
  assert.equal(formatTable([]), 'PID      CMD              SYSCALL                     COUNT\n');
});

test('thread names stay one whitespace-free token', () => {
  assert.equal(escapeComm('Web Content'), 'Web\\040Content');
  assert.equal(escapeComm('a\tb\nc\\d'), 'a\\011b\\012c\\134d');
  assert.equal(escapeComm('kworker/0:1H'), 'kworker/0:1H');
  assert.equal(escapeComm('naïve'), 'naïve');
  const fields = formatTable([row(7, 'Web Content', 'read', 3)]).split('\n')[1]!.trim().split(/\s+/);
  assert.deepEqual(fields, ['7', 'Web\\040Content', 'read', '3']);
});

test('wide characters in thread names count as two columns', () => {
  const [, line] = formatTable([row(1, '日本語', 'read', 2)]).split('\n');
  assert.equal(line, `1        日本語           read                            2`);
});
