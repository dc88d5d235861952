// scripts/check-build-deps.cjs: a machine without the build's system pieces gets one line naming
// the packages, before node-gyp could print a compiler error dump.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../support.js';

/** Runs the check with PATH holding only `tools` (name -> shell script body). */
function check(tools: Record<string, string>) {
  const bin = mkdtempSync(join(tmpdir(), 'syscallbypid-path-'));
  for (const [name, body] of Object.entries(tools)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return spawnSync(process.execPath, [join(ROOT, 'scripts/check-build-deps.cjs')], { env: { PATH: bin }, encoding: 'utf8' });
}

test('names every missing tool and its package in one line', () => {
  const result = check({});
  assert.equal(result.status, 1);
  assert.equal(
    result.stderr,
    'syscallbypid: cannot build the native addon, missing cc (package gcc), c++ (package g++), make (package make), ' +
      'python3 (package python3): run apt-get install gcc g++ make python3\n',
  );
});

test('names zlib1g-dev when the compiler cannot find zlib.h', () => {
  const result = check({ cc: '/bin/grep -q zlib.h && exit 1; exit 0', 'c++': 'true', make: 'true', python3: 'true' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /^syscallbypid: cannot build the native addon, missing zlib headers \(package zlib1g-dev\): run apt-get install zlib1g-dev\n$/);
});

test('passes silently on this machine', () => {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/check-build-deps.cjs')], { encoding: 'utf8' });
  assert.deepEqual([result.status, result.stdout, result.stderr], [0, '', '']);
});
