// Types of the helpers of abuse.mjs that the tests share.
export function abuse(
  port: number,
  stopped: () => boolean,
): Promise<{ scrapes: number; failedScrapes: number; probes: number; failedProbes: number; failures: string[]; connections: number }>;
