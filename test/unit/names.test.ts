import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSyscalls } from '../../src/cli/filters.js';
import { SYSCALL_ABIS, SyscallNames, UNKNOWN_PREFIX, nativeAbi, syscallTable } from '../../src/syscalls/names.js';

test('well-known numbers of each generated table', () => {
  const expected: Record<string, Array<[number, string]>> = {
    x86_64: [
      [0, 'read'],
      [1, 'write'],
      [39, 'getpid'],
      [56, 'clone'],
      [59, 'execve'],
      [231, 'exit_group'],
      [435, 'clone3'],
    ],
    i386: [
      [3, 'read'],
      [4, 'write'],
      [11, 'execve'],
      [20, 'getpid'],
      [120, 'clone'],
      [252, 'exit_group'],
      [140, '_llseek'],
    ],
    // As the BPF program reports them: __X32_SYSCALL_BIT cleared.
    x32: [
      [0, 'read'],
      [39, 'getpid'],
      [520, 'execve'],
      [545, 'execveat'],
      [512, 'rt_sigaction'],
    ],
    arm64: [
      [56, 'openat'],
      [63, 'read'],
      [64, 'write'],
      [172, 'getpid'],
      [220, 'clone'],
      [221, 'execve'],
    ],
    arm: [
      [3, 'read'],
      [4, 'write'],
      [20, 'getpid'],
      [120, 'clone'],
      [11, 'execve'],
    ],
    riscv64: [
      [63, 'read'],
      [64, 'write'],
      [172, 'getpid'],
      [221, 'execve'],
    ],
    s390x: [
      [3, 'read'],
      [4, 'write'],
      [20, 'getpid'],
      [11, 'execve'],
    ],
    ppc64le: [
      [3, 'read'],
      [4, 'write'],
      [20, 'getpid'],
      [11, 'execve'],
    ],
    loongarch64: [
      [63, 'read'],
      [64, 'write'],
      [172, 'getpid'],
      [221, 'execve'],
    ],
  };
  assert.deepEqual([...SYSCALL_ABIS].sort(), Object.keys(expected).sort());
  for (const [abi, pairs] of Object.entries(expected)) {
    const table = syscallTable(abi);
    assert.ok(table.size > 300, `${abi} has ${table.size} calls`);
    for (const [id, syscall] of pairs) assert.equal(table.get(id), syscall, `${abi} ${id}`);
  }
  assert.throws(() => syscallTable('vax'), /no syscall table for ABI vax/);
});

test('x86_64 names each ABI from its own table: the native one bare, the others marked', () => {
  const names = new SyscallNames('x64');
  assert.deepEqual(names.abis, ['x86_64', 'i386', 'x32']);
  // 3 is close in the 64-bit table and read in the i386 one.
  assert.equal(names.label(3, 0), 'close');
  assert.equal(names.label(3, 1), 'read/i386');
  assert.equal(names.name(3, 1), 'read');
  assert.equal(names.abiName(1), 'i386');
  assert.equal(names.label(0, 2), 'read/x32');
  assert.equal(names.label(520, 2), 'execve/x32');
  assert.equal(names.label(545, 2), 'execveat/x32');
  assert.equal(names.label(59, 0), 'execve');
  assert.equal(names.label(11, 1), 'execve/i386');
});

test("an unknown number is one token containing it; -1 is named after the ABI's sigreturn", () => {
  const names = new SyscallNames('x64');
  assert.equal(names.label(99999, 0), 'syscall_99999');
  assert.equal(names.label(99999, 1), 'syscall_99999/i386');
  assert.equal(names.label(-1, 0), 'rt_sigreturn');
  assert.equal(names.label(-1, 2), 'rt_sigreturn/x32');
  // i386 has two sigreturns, and both report -1: one token with both names.
  assert.equal(names.label(-1, 1), 'sigreturn|rt_sigreturn/i386');
  assert.equal(names.name(-1, 1), 'sigreturn|rt_sigreturn');
  assert.equal(new SyscallNames('arm64').label(-1, 0), 'rt_sigreturn');
  assert.equal(names.label(-1, 9), 'syscall_-1/abi9');
  assert.equal(names.label(-7, 0), 'syscall_-7');
  assert.equal(names.abiName(9), 'abi9');
  assert.equal(names.label(0, 9), 'syscall_0/abi9');
});

test("a table's label is the label, an unknown native call's given as its number", () => {
  const names = new SyscallNames('x64');
  for (let abi = 0; abi <= 3; abi++) {
    for (let id = -3; id <= 600; id++) {
      const label = names.tableLabel(id, abi);
      assert.equal(typeof label === 'number' ? `${UNKNOWN_PREFIX}${label}` : label, names.label(id, abi), `${id}/${abi}`);
    }
  }
  assert.equal(names.tableLabel(99999, 0), 99999);
  assert.equal(names.tableLabel(3, 1), 'read/i386');
});

test("Node's architectures map to their ABIs", () => {
  assert.equal(nativeAbi('x64'), 'x86_64');
  assert.equal(nativeAbi('arm64'), 'arm64');
  assert.equal(nativeAbi('ppc64'), 'ppc64le');
  assert.equal(nativeAbi('mips'), undefined);
  assert.deepEqual(new SyscallNames('arm64').abis, ['arm64', 'arm']);
  assert.equal(new SyscallNames('arm64').label(3, 1), 'read/arm');
  assert.throws(() => new SyscallNames('vax'), /no syscall table for architecture vax/);
});

test('--syscall takes labels and numbers, marked with an ABI or not', () => {
  const names = new SyscallNames('x64');
  assert.deepEqual(parseSyscalls('read,read/i386,execve/x32', names), [
    { id: 0, abi: 0 },
    { id: 3, abi: 1 },
    { id: 520, abi: 2 },
  ]);
  assert.deepEqual(parseSyscalls('39,20/i386', names), [
    { id: 39, abi: 0 },
    { id: 20, abi: 1 },
  ]);
  assert.throws(() => parseSyscalls('3/vax', names), /unknown ABI in '3\/vax'; this machine's are x86_64, i386, x32/);
  assert.throws(() => parseSyscalls('raed/i386', names), /unknown syscall 'raed\/i386'; did you mean read\/i386/);
  assert.throws(() => parseSyscalls('getpdi', names), /did you mean getpid/);
  assert.throws(() => parseSyscalls('4294967296', names), /is not a syscall number/);
});

test('--syscall takes a sigreturn by name: -1 as it completes, and its own number', () => {
  const names = new SyscallNames('x64');
  assert.deepEqual(parseSyscalls('rt_sigreturn', names), [
    { id: -1, abi: 0 },
    { id: 15, abi: 0 },
  ]);
  assert.deepEqual(parseSyscalls('rt_sigreturn/x32', names), [
    { id: -1, abi: 2 },
    { id: 513, abi: 2 },
  ]);
  assert.deepEqual(parseSyscalls('sigreturn|rt_sigreturn/i386', names), [
    { id: -1, abi: 1 },
    { id: 119, abi: 1 },
    { id: 173, abi: 1 },
  ]);
  assert.deepEqual(parseSyscalls('sigreturn/i386', names), [
    { id: -1, abi: 1 },
    { id: 119, abi: 1 },
  ]);
  assert.deepEqual(parseSyscalls('rt_sigreturn/i386', names), [
    { id: -1, abi: 1 },
    { id: 173, abi: 1 },
  ]);
  // By number, a number.
  assert.deepEqual(parseSyscalls('15', names), [{ id: 15, abi: 0 }]);
  assert.deepEqual(parseSyscalls('rt_sigreturn', new SyscallNames('arm64')), [
    { id: -1, abi: 0 },
    { id: 139, abi: 0 },
  ]);
});
