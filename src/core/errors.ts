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

/** A wrong command line: one line on stderr, exit 2. */
export const usage = (message: string) => new ToolError(message, ExitCode.usage);

/** What the addon throws: a Node-style system error naming the step that failed. */
export interface NativeError extends Error {
  code?: string;
  errno?: number;
  step?: string;
  log?: string[];
}

/**
 * The oldest kernel with everything the program uses: BTF tracepoints (5.5), batch map reads (5.6)
 * bpf_get_current_task_btf() (5.11) and value-returning atomics (5.12).
 */
export const MIN_KERNEL = [5, 12] as const;

/** Whether a kernel release (uname -r) is older than MIN_KERNEL; false when it cannot be read. */
export function kernelTooOld(release: string): boolean {
  const match = /^(\d+)\.(\d+)/.exec(release);
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major < MIN_KERNEL[0] || (major === MIN_KERNEL[0] && minor < MIN_KERNEL[1]);
}

const NEEDED_KERNEL = `Linux ${MIN_KERNEL.join('.')} or newer built with CONFIG_DEBUG_INFO_BTF=y`;

/**
 * Explains an addon error: what failed, why, and what to do. `release` is the running kernel's: the
 * program is not refused by version up front (distributions backport), but a kernel that refuses it
 * and is older than MIN_KERNEL is named as the cause.
 */
export function explainNativeError(error: NativeError, release = ''): ToolError {
  const log = error.log ?? [];
  const step = error.step ?? 'tracing';
  if (step.startsWith('reading kernel BTF')) {
    return new ToolError(
      `this kernel has no BTF type information (/sys/kernel/btf/vmlinux is missing): syscallbypid needs ${NEEDED_KERNEL}`,
      ExitCode.kernel,
      log,
    );
  }
  if (step.startsWith('matching /proc')) {
    return new ToolError(
      "this PID namespace's /proc is not mounted: /proc shows another namespace's processes, so PIDs would not " +
        'match what you see; mount it (unshare --pid --fork --mount-proc), or run syscallbypid outside the namespace',
      ExitCode.kernel,
      log,
    );
  }
  if (step.startsWith('reading BTF file')) {
    return new ToolError(`cannot use the BTF of --btf: ${error.message}`, ExitCode.kernel, log);
  }
  if (error.code === 'EPERM' || (error.code === 'EACCES' && step !== 'loading BPF program')) {
    return new ToolError(
      `permission denied while ${step}: run it as root (the same command after sudo, e.g. sudo npx syscallbypid), or with CAP_BPF and CAP_PERFMON`,
      ExitCode.permission,
      log,
    );
  }
  if (error.code === 'ENOSYS') {
    return new ToolError(`BPF is not available in this kernel (${step}: ${error.code}): it needs CONFIG_BPF_SYSCALL=y`, ExitCode.kernel, log);
  }
  if ((step.startsWith('loading') || step.startsWith('attaching')) && kernelTooOld(release)) {
    return new ToolError(`this kernel (${release}) is too old for syscallbypid, which needs ${NEEDED_KERNEL}: ${error.message}`, ExitCode.kernel, log);
  }
  return new ToolError(
    `the kernel refused the tracer: ${error.message}` + (log.length > 0 ? " (run with --verbose for libbpf's log)" : ''),
    ExitCode.kernel,
    log,
  );
}
