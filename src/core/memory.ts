// Kernel memory of the count map, so that a bound too big for this machine is refused up front.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

// What the kernel charges a preallocated hash map (htab_map_mem_usage(), the memlock of its
// fdinfo): struct bpf_htab; a power-of-two array of struct bucket; per possible CPU, 8 bucket
// locks and a free-element pointer; and max_entries elements plus one spare per CPU, each a
// struct htab_elem (48 bytes) followed by the key and value rounded up to 8 bytes.
const HTAB_BYTES = 832; // sizeof(struct bpf_htab) in 6.x kernels
const BUCKET_BYTES = 16;
const PER_CPU_BYTES = 8 * 4 + 8;
const ELEMENT_BYTES = 48 + 40; // htab_elem, sizeof(struct sbp_key)
/** sizeof(struct sbp_value): a count map entry's value. */
export const COUNT_VALUE_BYTES = 16;
/** sizeof(struct sbp_time_value), with --time: the counts, timed calls, their total and longest time. */
export const TIME_VALUE_BYTES = 40;
/** sizeof(struct sbp_hist_value), with --histogram: the same and 25 buckets. */
export const HISTOGRAM_VALUE_BYTES = 240;

/** The number of possible CPUs (/sys/devices/system/cpu/possible, "0-3" or "0,2-5"). */
export function possibleCpus(list = readPossible()): number {
  let cpus = 0;
  for (const range of list.trim().split(',')) {
    const [first, last = first] = range.split('-').map(Number);
    cpus += last! - first! + 1;
  }
  return cpus > 0 ? cpus : availableParallelism();
}

function readPossible(): string {
  try {
    return readFileSync('/sys/devices/system/cpu/possible', 'utf8');
  } catch {
    return '';
  }
}

/**
 * Bytes of kernel memory a count map of `maxEntries` takes, all allocated when it is created; with --time,
 * pass TIME_VALUE_BYTES (an entry is 24 bytes larger), with --histogram HISTOGRAM_VALUE_BYTES (224 larger).
 */
export function countMapBytes(maxEntries: number, cpus = possibleCpus(), valueBytes = COUNT_VALUE_BYTES): number {
  const buckets = 2 ** Math.ceil(Math.log2(maxEntries));
  return HTAB_BYTES + buckets * BUCKET_BYTES + cpus * PER_CPU_BYTES + (maxEntries + cpus) * (ELEMENT_BYTES + valueBytes);
}

/** MemAvailable of /proc/meminfo, in bytes. */
export function memAvailable(meminfo: string): number | undefined {
  const kib = /^MemAvailable:\s+(\d+) kB$/m.exec(meminfo)?.[1];
  return kib === undefined ? undefined : Number(kib) * 1024;
}

export const mebibytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MiB`;

/**
 * Why a map of `maxEntries` (values of `valueBytes`) should not be created with `available` bytes free, or
 * undefined if it may.
 */
export function mapTooBig(maxEntries: number, available: number | undefined, valueBytes = COUNT_VALUE_BYTES): string | undefined {
  const needed = countMapBytes(maxEntries, possibleCpus(), valueBytes);
  if (available === undefined || needed <= available / 2) return undefined;
  return (
    `--max-entries ${maxEntries} needs about ${mebibytes(needed)} of kernel memory, more than half of the ` +
    `${mebibytes(available)} available now; choose a smaller bound`
  );
}
