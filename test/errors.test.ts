import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainNativeError, type NativeError } from '../src/errors.js';

const nativeError = (step: string, code: string, log: string[] = []): NativeError =>
  Object.assign(new Error(`${step}: reason`), { step, code, log });

test('each addon failure becomes one actionable line with its exit code', () => {
  const cases: Array<[NativeError, number, RegExp]> = [
    [nativeError('reading kernel BTF /sys/kernel/btf/vmlinux', 'ENOENT'), 5, /no BTF type information.*CONFIG_DEBUG_INFO_BTF=y/],
    [nativeError('loading BPF program', 'EPERM'), 4, /^permission denied while loading BPF program: run as root/],
    [nativeError('attaching to raw_syscalls:sys_exit', 'EACCES'), 4, /^permission denied while attaching/],
    [nativeError('loading BPF program', 'ENOSYS'), 5, /^BPF is not available in this kernel/],
    [nativeError('reading BTF file /x', 'ELIBBPF'), 5, /^cannot use the BTF of --btf: reading BTF file \/x: reason$/],
    [nativeError('loading BPF program', 'EINVAL', ['libbpf: prog: verifier said no']), 5, /^the kernel refused the tracer: loading BPF program: reason \(run with --verbose for libbpf's log\)$/],
    [nativeError('loading BPF program', 'EACCES', ['libbpf: R1 invalid mem access']), 5, /^the kernel refused the tracer/],
  ];
  for (const [error, exitCode, message] of cases) {
    const explained = explainNativeError(error);
    assert.equal(explained.exitCode, exitCode, error.message);
    assert.match(explained.message, message);
    assert.deepEqual(explained.details, error.log);
  }
});
