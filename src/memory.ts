// Kernel memory of the count map, so that a bound too big for this machine is refused up front.

// A preallocated hash map element: struct htab_elem (48 bytes on 64-bit kernels) followed by the
// key and value, each rounded up to 8 bytes; the bucket array has a power-of-two length of
// struct bucket (16 bytes).
const ELEMENT_HEADER = 48;
const KEY_BYTES = 40; // sizeof(struct sbp_key)
const VALUE_BYTES = 16; // sizeof(struct sbp_value)
const BUCKET_BYTES = 16;

/** Bytes of kernel memory a count map of `maxEntries` takes, all allocated when it is created. */
export function countMapBytes(maxEntries: number): number {
  const buckets = 2 ** Math.ceil(Math.log2(maxEntries));
  return maxEntries * (ELEMENT_HEADER + KEY_BYTES + VALUE_BYTES) + buckets * BUCKET_BYTES;
}

/** MemAvailable of /proc/meminfo, in bytes. */
export function memAvailable(meminfo: string): number | undefined {
  const kib = /^MemAvailable:\s+(\d+) kB$/m.exec(meminfo)?.[1];
  return kib === undefined ? undefined : Number(kib) * 1024;
}

export const mebibytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MiB`;

/** Why a map of `maxEntries` should not be created with `available` bytes free, or undefined if it may. */
export function mapTooBig(maxEntries: number, available: number | undefined): string | undefined {
  const needed = countMapBytes(maxEntries);
  if (available === undefined || needed <= available / 2) return undefined;
  return (
    `--max-entries ${maxEntries} needs about ${mebibytes(needed)} of kernel memory, more than half of the ` +
    `${mebibytes(available)} available now; choose a smaller bound`
  );
}
