// Syscall numbers to names, per ABI, from the generated kernel tables.
import { syscallTables } from './tables.generated.js';

/**
 * The number sys_exit reports for rt_sigreturn, which sets it to -1 so that the interrupted call is
 * not restarted, and for a call that a tracer (ptrace) skipped by setting it to -1. Which of the two
 * cannot be told apart at sys_exit; outside a tracer it is rt_sigreturn.
 */
export const SIGRETURN_OR_SKIPPED_ID = -1;
export const SIGRETURN_OR_SKIPPED_NAME = 'sigreturn_or_skipped(-1)';

// Node's process.arch -> the ABI of that architecture's native syscalls.
const NATIVE_ABI: Readonly<Record<string, string>> = {
  x64: 'x86_64',
  ia32: 'i386',
  arm64: 'arm64',
  arm: 'arm',
  riscv64: 'riscv64',
  s390x: 's390x',
  ppc64: 'ppc64le',
  loong64: 'loongarch64',
};

export type SyscallNamer = (id: number) => string;

/** The architectures whose syscall number the BPF program knows where to read (syscall_id()). */
export const TRACED_ARCHS: readonly string[] = ['x64', 'arm64'];

export function nativeAbi(arch: string): string | undefined {
  return NATIVE_ABI[arch];
}

/** A namer for one ABI. Every id gets one whitespace-free token: unknown ones print as syscall_<id>. */
export function syscallNamer(abi: string): SyscallNamer {
  const table = syscallTables[abi];
  if (!table) throw new Error(`no syscall table for ABI ${abi}`);
  return (id) => (id === SIGRETURN_OR_SKIPPED_ID ? SIGRETURN_OR_SKIPPED_NAME : table.get(id) ?? `syscall_${id}`);
}
