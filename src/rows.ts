// Count rows as the user sees them, and their order.
import type { NativeRow } from './native.js';
import type { SyscallNamer } from './syscalls/names.js';

export interface CountRow {
  pid: number;
  comm: string;
  id: number;
  syscall: string;
  count: number;
}

export function nameRows(rows: readonly NativeRow[], name: SyscallNamer): CountRow[] {
  return rows.map(({ pid, comm, id, count }) => ({ pid, comm, id, syscall: name(id), count }));
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Ascending by count, so the biggest rows end up next to the prompt; ties by pid, command, syscall. */
export function sortRows(rows: CountRow[]): CountRow[] {
  return rows.sort(
    (a, b) => a.count - b.count || a.pid - b.pid || byText(a.comm, b.comm) || byText(a.syscall, b.syscall) || a.id - b.id,
  );
}
