// Count rows as the user sees them: named, ordered, cut to the top, and differenced between reads.
import type { NativeColumns } from './native.js';
import type { SyscallNames } from './syscalls/names.js';

/** One count: a process (or thread) and thread name, a syscall, how often it completed. */
export interface CountRow {
  pid: number;
  /** Thread id when counting by thread, else 0. */
  tid: number;
  comm: string;
  id: number;
  /** The ABI whose table `id` belongs to: x86_64, i386, x32, ... */
  abi: string;
  /** The call's name in that table. */
  syscall: string;
  /** The table's token: the name, marked `name/abi` unless the ABI is the native one. */
  label: string;
  count: number;
  errors: number;
}

export const SORT_KEYS = ['count', 'pid', 'cmd', 'syscall'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Named rows out of the addon's columns, each built by one literal so that all share one shape. */
export function countRows(columns: NativeColumns, names: SyscallNames): CountRow[] {
  const { pid, tid, id, abi, count, errors, commIndex, comms } = columns;
  const rows: CountRow[] = new Array(pid.length);
  for (let i = 0; i < pid.length; i++) {
    const syscall = names.name(id[i]!, abi[i]!);
    rows[i] = {
      pid: pid[i]!,
      tid: tid[i]!,
      comm: comms[commIndex[i]!]!,
      id: id[i]!,
      abi: names.abiName(abi[i]!),
      syscall,
      label: names.label(id[i]!, abi[i]!, syscall),
      count: count[i]!,
      errors: errors[i]!,
    };
  }
  return rows;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const FIRST: Record<SortKey, (a: CountRow, b: CountRow) => number> = {
  count: (a, b) => a.count - b.count,
  pid: (a, b) => a.pid - b.pid || a.tid - b.tid,
  cmd: (a, b) => byText(a.comm, b.comm),
  syscall: (a, b) => byText(a.label, b.label),
};

// Ties fall through to the other keys, so the order is total and the output deterministic. The
// syscall's number stands in for its name here: comparing a million distinct strings takes seconds.
const TIES = (a: CountRow, b: CountRow) =>
  a.count - b.count || a.pid - b.pid || a.tid - b.tid || (a.comm === b.comm ? 0 : byText(a.comm, b.comm)) || a.id - b.id || (a.abi === b.abi ? 0 : byText(a.abi, b.abi));

/**
 * Sorts in place, ascending by `key` (by default the count, so the biggest rows end up next to the
 * prompt), descending with `reverse`.
 */
export function sortRows(rows: CountRow[], key: SortKey = 'count', reverse = false): CountRow[] {
  const first = FIRST[key];
  return rows.sort(reverse ? (a, b) => first(b, a) || TIES(b, a) : (a, b) => first(a, b) || TIES(a, b));
}

/** The `n` rows with the largest counts, in no particular order. */
export function topRows(rows: CountRow[], n: number): CountRow[] {
  return sortRows([...rows], 'count', true).slice(0, n);
}

const keyOf = (row: CountRow) => `${row.pid}/${row.tid}/${row.label}/${row.comm}`;

/**
 * What happened between two reads of the ever-growing counts: each key's growth. A read can miss
 * counts that are moving inside the kernel at that moment (from a CPU's slot into the map), but never
 * counts one twice; so each interval reports a key's growth past the largest count seen of it
 * before, and the intervals add up to the last read (made after detaching, exact) exactly.
 */
export class Differ {
  private largest = new Map<string, { count: number; errors: number }>();

  next(current: readonly CountRow[]): CountRow[] {
    const changed: CountRow[] = [];
    for (const row of current) {
      const key = keyOf(row);
      const before = this.largest.get(key);
      if (!before) {
        this.largest.set(key, { count: row.count, errors: row.errors });
        changed.push({ ...row });
        continue;
      }
      const count = Math.max(row.count - before.count, 0);
      const errors = Math.max(row.errors - before.errors, 0);
      if (count > 0 || errors > 0) changed.push({ ...row, count, errors });
      before.count += count;
      before.errors += errors;
    }
    return changed;
  }
}
