// Parsers of the filter options' values: lists of PIDs, thread names and syscalls. Pure: whether a
// PID or cgroup exists is checked by the CLI against the running system.
import { Buffer } from 'node:buffer';
import { SIGRETURN_ID, type Syscall, type SyscallNames } from '../syscalls/names.js';

const PID_MAX = 4_194_304; // the kernel's PID_MAX_LIMIT

function items(text: string, what: string, emptyHint = ''): string[] {
  if (text.trim() === '') throw new RangeError(`the list of ${what} is empty${emptyHint}`);
  const list = text.split(',');
  if (list.some((item) => item === '')) throw new RangeError(`expected a comma-separated list of ${what}`);
  return list;
}

export function parsePids(text: string): number[] {
  // An empty list is usually a $(pgrep ...) that matched nothing.
  return items(text, 'PIDs', ' (if it came from pgrep or pidof, nothing matched)').map((item) => {
    const pid = /^\d+$/.test(item) ? Number(item) : Number.NaN;
    if (!(pid >= 1 && pid <= PID_MAX)) throw new RangeError(`'${item}' is not a PID (a whole number from 1 to ${PID_MAX})`);
    return pid;
  });
}

export function parseComms(text: string): string[] {
  return items(text, 'thread names').map((item) => {
    const bytes = Buffer.byteLength(item);
    if (bytes > 15) throw new RangeError(`'${item}' is ${bytes} bytes long; thread names are at most 15 bytes`);
    return item;
  });
}

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known names nearest to a misspelt one. */
export function nearestNames(name: string, names: Iterable<string>, n = 3): string[] {
  return [...names]
    .map((candidate) => ({ candidate, d: distance(name, candidate) }))
    .sort(
      (a, b) => a.d - b.d || Math.abs(a.candidate.length - name.length) - Math.abs(b.candidate.length - name.length) || (a.candidate < b.candidate ? -1 : 1),
    )
    .slice(0, n)
    .map(({ candidate }) => candidate);
}

/**
 * Syscalls as the table labels them (`read`, or `read/i386` for another ABI's call) or by number
 * (`0`, `3/i386`), resolved with this machine's tables.
 */
export function parseSyscalls(text: string, names: SyscallNames): Syscall[] {
  const byLabel = new Map<string, Syscall[]>();
  for (const { id, abi, label } of names.calls()) byLabel.set(label, [{ id, abi }]);
  // A sigreturn completes as -1 (SIGRETURN_ID), under the label the table gives -1; by name it
  // selects -1 and its own number (which only a sigreturn that fails reports).
  for (let abi = 0; abi < names.abis.length; abi++) {
    const label = names.label(SIGRETURN_ID, abi);
    const all: Syscall[] = [{ id: SIGRETURN_ID, abi }];
    for (const name of names.name(SIGRETURN_ID, abi).split('|')) {
      const own = byLabel.get(names.label(0, abi, name));
      if (!own) continue;
      all.push(...own);
      own.unshift({ id: SIGRETURN_ID, abi });
    }
    if (all.length > 1) byLabel.set(label, all);
  }
  return items(text, 'syscall names or numbers').flatMap((item): Syscall[] => {
    const numbered = /^(\d+)(?:\/(.*))?$/.exec(item);
    if (numbered) {
      const abi = numbered[2] === undefined ? 0 : names.abis.indexOf(numbered[2]);
      if (abi < 0) throw new RangeError(`unknown ABI in '${item}'; this machine's are ${names.abis.join(', ')}`);
      const id = Number(numbered[1]);
      if (id > 0x7fffffff) throw new RangeError(`'${item}' is not a syscall number`);
      return [{ id, abi }];
    }
    const call = byLabel.get(item);
    if (call) return call;
    throw new RangeError(`unknown syscall '${item}'; did you mean ${nearestNames(item, byLabel.keys()).join(', ')}?`);
  });
}
