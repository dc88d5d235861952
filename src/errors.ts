// The tool's failures, each with its documented exit code (README "Exit codes").
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  countsLost: 3,
  permission: 4,
  kernel: 5,
  addon: 6,
} as const;

/** A failure the user can act on: printed as one line, never as a stack trace. */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** libbpf's lines, shown with --verbose. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

/** What the addon throws: a Node-style system error naming the step that failed. */
export interface NativeError extends Error {
  code?: string;
  errno?: number;
  step?: string;
  log?: string[];
}

/** Explains an addon error: what failed, why, and what to do. */
export function explainNativeError(error: NativeError): ToolError {
  const log = error.log ?? [];
  const step = error.step ?? 'tracing';
  if (step.startsWith('reading kernel BTF')) {
    return new ToolError(
      'this kernel has no BTF type information (/sys/kernel/btf/vmlinux is missing): ' +
        'syscallbypid needs Linux 5.6 or newer built with CONFIG_DEBUG_INFO_BTF=y',
      ExitCode.kernel,
      log,
    );
  }
  if (step.startsWith('reading BTF file')) {
    return new ToolError(`cannot use the BTF of --btf: ${error.message}`, ExitCode.kernel, log);
  }
  if (error.code === 'EPERM' || (error.code === 'EACCES' && step !== 'loading BPF program')) {
    return new ToolError(
      `permission denied while ${step}: run as root (sudo syscallbypid), or with CAP_BPF and CAP_PERFMON`,
      ExitCode.permission,
      log,
    );
  }
  if (error.code === 'ENOSYS') {
    return new ToolError(
      `BPF is not available in this kernel (${step}: ${error.code}): it needs CONFIG_BPF_SYSCALL=y`,
      ExitCode.kernel,
      log,
    );
  }
  return new ToolError(
    `the kernel refused the tracer: ${error.message}` +
      (log.length > 0 ? ' (run with --verbose for libbpf\'s log)' : ''),
    ExitCode.kernel,
    log,
  );
}
