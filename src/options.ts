// Option values: parsed and checked when the command line is read, each with a one-line error.

/** The highest --max-entries: a preallocated map of this size takes about 400 MiB of kernel memory. */
export const MAX_ENTRIES_CEILING = 4_194_304;

/** Parses a whole decimal number within [min, max]; throws a message naming what is accepted. */
export function parseInteger(text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`expected a whole number from ${min} to ${max}`);
  }
  return value;
}
