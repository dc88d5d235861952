// Syscall numbers to names and back, per ABI, from the generated kernel tables.
import { syscallTableTexts } from './tables.generated.js';

/**
 * The number sys_exit reports for a sigreturn: the kernel sets it to -1 so that the interrupted call
 * is not restarted. A call that a ptrace tracer skipped reports -1 too (README, "What is counted").
 */
export const SIGRETURN_ID = -1;

/**
 * What -1 is named in an ABI: its sigreturn (`rt_sigreturn` on x86_64, x32, arm64), or, where the
 * ABI has two (i386: sigreturn and rt_sigreturn, both -1 at sys_exit), both joined by `|`, one token
 * that `grep -w` finds under either name. The names of the ABI's table, so undefined if it has none.
 */
export function sigreturnName(table: ReadonlyMap<number, string>): string | undefined {
  const names = [...table.values()].filter((name) => /^(rt_)?sigreturn$/.test(name)).sort((a, b) => a.length - b.length);
  return names.length > 0 ? names.join('|') : undefined;
}

/** What an unknown number is named after: syscall_<number>. */
export const UNKNOWN_PREFIX = 'syscall_';

/**
 * Node's process.arch -> the syscall ABIs of that architecture, indexed like enum sbp_abi in
 * bpf/syscallbypid.h: native, compat (32-bit programs), x32. The BPF program tells i386 and x32 apart
 * on x86_64; on arm64 it does not tell 32-bit arm apart yet, so `arm` names are never used there.
 */
const ABIS_OF_ARCH: Readonly<Record<string, readonly string[]>> = {
  x64: ['x86_64', 'i386', 'x32'],
  ia32: ['i386'],
  arm64: ['arm64', 'arm'],
  arm: ['arm'],
  riscv64: ['riscv64'],
  s390x: ['s390x'],
  ppc64: ['ppc64le'],
  loong64: ['loongarch64'],
};

/** The architectures whose syscall number the BPF program knows where to read (syscall_of()). */
export const TRACED_ARCHS: readonly string[] = ['x64', 'arm64'];

export function nativeAbi(arch: string): string | undefined {
  return ABIS_OF_ARCH[arch]?.[0];
}

/** The ABIs with a generated table. */
export const SYSCALL_ABIS: readonly string[] = Object.keys(syscallTableTexts);

const tables = new Map<string, ReadonlyMap<number, string>>();

/** One ABI's table, number -> name, read from its generated text on first use. */
export function syscallTable(abi: string): ReadonlyMap<number, string> {
  let table = tables.get(abi);
  if (!table) {
    const text = syscallTableTexts[abi];
    if (text === undefined) throw new Error(`no syscall table for ABI ${abi}`);
    const entries = text
      .trim()
      .split('\n')
      .map((line): [number, string] => {
        const space = line.indexOf(' ');
        return [Number(line.slice(0, space)), line.slice(space + 1)];
      });
    tables.set(abi, (table = new Map(entries)));
  }
  return table;
}

/** A call as the kernel dispatched it: a number in one ABI's table (enum sbp_abi's index). */
export interface Syscall {
  id: number;
  abi: number;
}

/**
 * Names the calls of one architecture. A native call's label is its name alone; another ABI's call
 * is marked with its ABI after a slash (`read/i386`), so that every label stays one whitespace-free
 * token. An unknown number still gets a name a user can grep: syscall_<number>.
 */
export class SyscallNames {
  readonly abis: readonly string[];
  /** Known calls' labels by ABI index and number, made on first use. */
  private readonly labels: (string | undefined)[][] = [];
  private readonly sigreturnLabels: string[] = [];

  constructor(arch: string) {
    const abis = ABIS_OF_ARCH[arch];
    if (!abis) throw new Error(`no syscall table for architecture ${arch}`);
    this.abis = abis;
  }

  /** The ABI's name; `abi<n>` for one this architecture does not have. */
  abiName(abi: number): string {
    return this.abis[abi] ?? `abi${abi}`;
  }

  /** The call's name in its ABI's table, unmarked. */
  name(id: number, abi: number): string {
    const table = abi < this.abis.length ? syscallTable(this.abis[abi]!) : undefined;
    const name = table && (id === SIGRETURN_ID ? sigreturnName(table) : table.get(id));
    return name ?? `${UNKNOWN_PREFIX}${id}`;
  }

  /**
   * The table's token for the call: the name, marked with the ABI unless it is the native one.
   * `name` saves working the name out again when the caller has it.
   */
  label(id: number, abi: number, name = this.name(id, abi)): string {
    return abi === 0 ? name : `${name}/${this.abiName(abi)}`;
  }

  /**
   * The label as a table writes it: a known call's label, made once; an unknown native call as its
   * number alone, for the table to write after UNKNOWN_PREFIX without making a string per row.
   */
  tableLabel(id: number, abi: number): string | number {
    const label = id >= 0 ? this.labelsOf(abi)[id] : undefined;
    if (label !== undefined) return label;
    if (abi === 0 && id >= 0) return id;
    return id === SIGRETURN_ID ? (this.sigreturnLabels[abi] ??= this.label(id, abi)) : this.label(id, abi);
  }

  // Arrays by number rather than maps: the lookup is made for every row of a table.
  private labelsOf(abi: number): (string | undefined)[] {
    let labels = this.labels[abi];
    if (!labels) {
      labels = [];
      if (abi < this.abis.length) for (const id of syscallTable(this.abis[abi]!).keys()) if (id >= 0) labels[id] = this.label(id, abi);
      this.labels[abi] = labels;
    }
    return labels;
  }

  /** Every known call of every ABI, native first, each by number. */
  *calls(): Generator<Syscall & { name: string; label: string }> {
    for (let abi = 0; abi < this.abis.length; abi++) {
      for (const [id, name] of syscallTable(this.abis[abi]!)) yield { id, abi, name, label: this.label(id, abi) };
    }
  }
}
