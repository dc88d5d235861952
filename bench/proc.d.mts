// Types of the helpers of proc.mjs that the tests share.
export function fdInfos(pid: number): string[];
export function mapMemory(pid: number): Record<string, { memlock: number; entries: number }>;
