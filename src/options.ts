// Option values: parsed and checked when the command line is read, each with a one-line error.

/** The highest --max-entries: a map of this size takes about 450 MiB of kernel memory. */
export const MAX_ENTRIES_CEILING = 4_194_304;

/** The longest --duration: Node's timers hold at most 2^31-1 ms (24.8 days). */
export const MAX_SECONDS = 2_000_000;

/** Parses a whole decimal number within [min, max]; throws a message naming what is accepted. */
export function parseInteger(text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`expected a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Parses a positive number of seconds, such as 5 or 0.5, up to MAX_SECONDS. */
export function parseSeconds(text: string): number {
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0 && value <= MAX_SECONDS)) {
    throw new RangeError(`expected a number of seconds greater than 0 and at most ${MAX_SECONDS}, such as 5 or 0.5`);
  }
  return value;
}
