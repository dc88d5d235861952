// Durations as the table prints them: three significant digits and a unit, so that a column of them
// reads at a glance and right-aligned cells of the same unit line up (789ns, 12.3us, 456us, 1.23ms, 4.56s).
// Machine formats carry integer nanoseconds instead.

const UNITS: Array<[number, string]> = [
  [1e3, 'us'],
  [1e6, 'ms'],
  [1e9, 's'],
];

/**
 * `ns` nanoseconds in the table's units: whole nanoseconds below 1 us, then three significant digits
 * of us, ms or s (trailing zeros kept, so that cells have the same shape), whole seconds from 1000 s.
 */
export function formatDuration(ns: number): string {
  if (Math.round(ns) < 1000) return `${Math.round(ns)}ns`;
  for (const [scale, unit] of UNITS) {
    const digits = (ns / scale).toPrecision(3);
    if (Number(digits) < 1000) return `${digits}${unit}`;
  }
  return `${Math.round(ns / 1e9)}s`;
}

/** A bucket bound, as short as it reads exactly enough: trailing zeros dropped (1us, 2us, 65.5us). */
export function formatBound(ns: number): string {
  return formatDuration(ns)
    .replace(/(\.\d*?)0+([a-z]+)$/, '$1$2')
    .replace(/\.([a-z]+)$/, '$1');
}
