import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nativeAbi, syscallNamer } from '../src/syscalls/names.js';
import { syscallTables } from '../src/syscalls/tables.generated.js';

test('well-known numbers of each generated table', () => {
  const expected: Record<string, Array<[number, string]>> = {
    x86_64: [[0, 'read'], [1, 'write'], [39, 'getpid'], [56, 'clone'], [59, 'execve'], [231, 'exit_group'], [435, 'clone3']],
    i386: [[3, 'read'], [4, 'write'], [11, 'execve'], [20, 'getpid'], [120, 'clone'], [252, 'exit_group']],
    x32: [[0x40000000, 'read'], [0x40000000 + 39, 'getpid'], [0x40000000 + 520, 'execve']],
    arm64: [[56, 'openat'], [63, 'read'], [64, 'write'], [172, 'getpid'], [220, 'clone'], [221, 'execve']],
    arm: [[3, 'read'], [4, 'write'], [20, 'getpid'], [120, 'clone'], [11, 'execve']],
    riscv64: [[63, 'read'], [64, 'write'], [172, 'getpid'], [221, 'execve']],
    s390x: [[3, 'read'], [4, 'write'], [20, 'getpid'], [11, 'execve']],
    ppc64le: [[3, 'read'], [4, 'write'], [20, 'getpid'], [11, 'execve']],
    loongarch64: [[63, 'read'], [64, 'write'], [172, 'getpid'], [221, 'execve']],
  };
  assert.deepEqual(Object.keys(syscallTables).sort(), Object.keys(expected).sort());
  for (const [abi, pairs] of Object.entries(expected)) {
    const name = syscallNamer(abi);
    for (const [id, syscall] of pairs) assert.equal(name(id), syscall, `${abi} ${id}`);
  }
});

test('an unknown number is one token containing it; -1 is named for what reports it', () => {
  const name = syscallNamer('x86_64');
  assert.equal(name(99999), 'syscall_99999');
  assert.equal(name(-1), 'sigreturn_or_skipped(-1)');
  assert.equal(name(-7), 'syscall_-7');
});

test("Node's architectures map to their native ABI", () => {
  assert.equal(nativeAbi('x64'), 'x86_64');
  assert.equal(nativeAbi('arm64'), 'arm64');
  assert.equal(nativeAbi('ppc64'), 'ppc64le');
  assert.equal(nativeAbi('mips'), undefined);
  assert.throws(() => syscallNamer('vax'), /no syscall table for ABI vax/);
});
