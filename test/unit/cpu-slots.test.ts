// The CPUs' slot reader (native/cpu_slots.cc) over fake slots: a slot being written is never fatal.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../support.js';

test('a busy slot is left out while counting goes on, and waited for once detached', () => {
  const binary = join(mkdtempSync(join(tmpdir(), 'syscallbypid-test-')), 'cpu-slots');
  execFileSync('g++', ['-std=gnu++17', '-O2', '-pthread', '-o', binary, join(ROOT, 'test/helpers/cpu-slots.cc'), join(ROOT, 'native/cpu_slots.cc')]);
  assert.equal(execFileSync(binary, { encoding: 'utf8' }), 'counting 5,9 0\nsettled 5,8,9 0\n');
});
