// The one loop of the modes that poll the kernel until told to stop, and its pace.
import { BUSY_MS, BUSY_POLL_MS, POLL_MS } from './limits.js';

/**
 * Calls `step` after `firstDelayMs`, then again after each delay it returns. Resolves when `stopped`
 * does or `step` returns null; rejects with what `step` throws, as soon as it throws.
 */
export function pollUntil(stopped: Promise<void>, firstDelayMs: number, step: () => number | null): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const polled = new Promise<void>((resolve, reject) => {
    const poll = () => {
      try {
        const next = step();
        if (next === null) resolve();
        else timer = setTimeout(poll, next);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    timer = setTimeout(poll, firstDelayMs);
  });
  return Promise.race([stopped, polled]).finally(() => clearTimeout(timer));
}

/** The delay before the next look at the count map: shorter while keys pour in (limits.ts). */
export class Pacer {
  private last = { time: performance.now(), keys: 0 };
  private busyUntil = 0;

  constructor(private readonly maxEntries: number) {}

  /** Told the keys ever inserted into (or refused by) the count map now. */
  next(keys: number, time = performance.now()): number {
    const perPoll = ((keys - this.last.keys) * POLL_MS) / Math.max(time - this.last.time, 1);
    this.last = { time, keys };
    if (perPoll * 64 >= this.maxEntries) this.busyUntil = time + BUSY_MS;
    return time < this.busyUntil ? BUSY_POLL_MS : POLL_MS;
  }
}
