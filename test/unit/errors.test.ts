import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainNativeError, kernelTooOld, type NativeError } from '../../src/core/errors.js';

const nativeError = (step: string, code: string, log: string[] = []): NativeError => Object.assign(new Error(`${step}: reason`), { step, code, log });

test('each addon failure becomes one actionable line with its exit code', () => {
  const cases: Array<[NativeError, number, RegExp]> = [
    [nativeError('reading kernel BTF /sys/kernel/btf/vmlinux', 'ENOENT'), 5, /no BTF type information.*CONFIG_DEBUG_INFO_BTF=y/],
    [nativeError('loading BPF program', 'EPERM'), 4, /^permission denied while loading BPF program: run it as root \(the same command after sudo/],
    [nativeError('attaching to raw_syscalls:sys_exit', 'EACCES'), 4, /^permission denied while attaching/],
    [nativeError('loading BPF program', 'ENOSYS'), 5, /^BPF is not available in this kernel/],
    [nativeError('reading BTF file /x', 'ELIBBPF'), 5, /^cannot use the BTF of --btf: reading BTF file \/x: reason$/],
    [
      nativeError('loading BPF program', 'EINVAL', ['libbpf: prog: verifier said no']),
      5,
      /^the kernel refused the tracer: loading BPF program: reason \(run with --verbose for libbpf's log\)$/,
    ],
    [nativeError('loading BPF program', 'EACCES', ['libbpf: R1 invalid mem access']), 5, /^the kernel refused the tracer/],
  ];
  for (const [error, exitCode, message] of cases) {
    const explained = explainNativeError(error, '6.1.0-40-amd64');
    assert.equal(explained.exitCode, exitCode, error.message);
    assert.match(explained.message, message);
    assert.deepEqual(explained.details, error.log);
  }
});

test('a kernel older than 5.12 that refuses the program is named as the cause', () => {
  const refused = nativeError('loading BPF program', 'EINVAL', ['libbpf: prog: unknown func bpf_get_current_task_btf#158']);
  const explained = explainNativeError(refused, '5.10.0-30-amd64');
  assert.equal(explained.exitCode, 5);
  assert.equal(
    explained.message,
    'this kernel (5.10.0-30-amd64) is too old for syscallbypid, which needs Linux 5.12 or newer built with CONFIG_DEBUG_INFO_BTF=y: loading BPF program: reason',
  );
  assert.match(explainNativeError(refused, '5.12.0').message, /^the kernel refused the tracer/);
  assert.deepEqual(['4.19.0', '5.4.0-150-generic', '5.10.209', '5.11.0', '5.12.0', '5.15.0-91-generic', '6.18.44-fc', 'weird'].map(kernelTooOld), [
    true,
    true,
    true,
    true,
    false,
    false,
    false,
    false,
  ]);
});
