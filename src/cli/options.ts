// Option values: parsed and checked when the command line is read, each with a one-line error.
import { MAX_SECONDS } from '../core/limits.js';
import { LABELS, type Label } from '../exporter/series.js';
import { DEFAULT_PORT, parseListenAddress, type ListenAddress } from '../exporter/address.js';

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

/** --serve's address: `host:port`, `[v6]:port` or a port alone (on 127.0.0.1). */
export function parseServeAddress(text: string): ListenAddress {
  const address = parseListenAddress(text);
  if (!address)
    throw new RangeError(`expected <address>:<port> or <port>, such as 127.0.0.1:${DEFAULT_PORT}, 0.0.0.0:${DEFAULT_PORT} or [::1]:${DEFAULT_PORT}`);
  return address;
}

/** --labels: some of pid, comm, syscall, cgroup, each once. */
export function parseLabels(text: string): Label[] {
  const labels = text.split(',').map((label) => label.trim());
  for (const label of labels) {
    if (!(LABELS as readonly string[]).includes(label)) throw new RangeError(`expected some of ${LABELS.join(', ')}, separated by commas; got '${label}'`);
  }
  if (new Set(labels).size !== labels.length) throw new RangeError('a label is given twice');
  return labels as Label[];
}

/** The highest uid a user can have: 4294967295 is (uid_t)-1, "no change" to setresuid. */
export const MAX_UID = 4294967294;

/** --user: a name, or a decimal uid within uid_t (a larger number must not wrap around to root). */
export function parseUser(text: string): string {
  if (/^\d+$/.test(text) && !(Number(text) <= MAX_UID)) throw new RangeError(`expected a user name or a uid from 0 to ${MAX_UID}`);
  return text;
}
