import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { exitStatus, resolveCommand } from '../../src/cli/command.js';

test('commands are found as a shell finds them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'syscallbypid-path-'));
  const other = mkdtempSync(join(tmpdir(), 'syscallbypid-path-'));
  writeFileSync(join(dir, 'tool'), '');
  writeFileSync(join(other, 'tool'), '#!/bin/sh\n');
  chmodSync(join(other, 'tool'), 0o755);
  assert.deepEqual(resolveCommand('tool', `${dir}:${other}`), { path: join(other, 'tool') }, 'the first executable one wins');
  assert.deepEqual(resolveCommand('tool', dir), { error: `${join(dir, 'tool')}: Permission denied`, exitCode: 126 });
  assert.deepEqual(resolveCommand('nope', dir), { error: 'nope: command not found', exitCode: 127 });
  assert.deepEqual(resolveCommand(join(other, 'tool'), ''), { path: join(other, 'tool') });
  assert.deepEqual(resolveCommand(join(dir, 'missing'), ''), { error: `${join(dir, 'missing')}: No such file or directory`, exitCode: 127 });
  assert.deepEqual(resolveCommand(dir, ''), { error: `${dir}: Permission denied`, exitCode: 126 }, 'a directory is not a command');
});

test("the command's status becomes the tool's, like time(1)", () => {
  assert.equal(exitStatus({ code: 0, signal: null }), 0);
  assert.equal(exitStatus({ code: 7, signal: null }), 7);
  assert.equal(exitStatus({ code: null, signal: 15 }), 143);
  assert.equal(exitStatus({ code: null, signal: 9 }), 137);
});
