// Types of the helpers of proc.mjs that the tests share.
export function fdInfos(pid: number): string[];
export function mapMemory(pid: number): Record<string, { memlock: number; entries: number }>;
export interface Launched {
  child: import('node:child_process').ChildProcess;
  out: string;
  err: string;
  status?: { code: number | null; signal: NodeJS.Signals | null };
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
export function launch(command: string, args: string[], options?: object): Launched;
export function cpuSeconds(pid: number): number;
export function whileRunning<T>(state: Launched, during: string, read: () => T): Promise<T>;
