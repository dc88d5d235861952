// The tool's bounds and defaults, in one place: the CLI's grammar, the session and the exporter read them here.

/** The count map's default size: SBP_DEFAULT_MAX_ENTRIES in bpf/syscallbypid.h; a test keeps them equal. */
export const DEFAULT_MAX_ENTRIES = 2048;

/** The highest --max-entries: a map of this size takes about 480 MiB of kernel memory. */
export const MAX_ENTRIES_CEILING = 4_194_304;

/** The longest --duration: Node's timers hold at most 2^31-1 ms (24.8 days). */
export const MAX_SECONDS = 2_000_000;

/** --serve's default and highest --max-series. */
export const DEFAULT_MAX_SERIES = 10_000;
export const MAX_SERIES_CEILING = 1_000_000;

/**
 * The count map is drained once a quarter full (DRAIN_FILL): the program wakes user space then, and
 * when counts are first lost, so that nothing polls its fill. User space also looks every POLL_MS,
 * for what the program cannot tell (the kernel's count of skipped runs).
 */
export const DRAIN_FILL = 1 / 4;
export const POLL_MS = 1000;
