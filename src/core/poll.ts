// The one loop of the modes that watch the kernel until told to stop.

/** Something the kernel wakes: a session whose count map is due for a drain, or lost counts (session.ts). */
export interface Wakes {
  /** Calls `listener` at each wake-up until the returned function is called. */
  onWake(listener: () => void): () => void;
}

/**
 * Calls `step` after `firstDelayMs`, then again after each delay it returns, and at once whenever
 * `wakes` is woken (`woken` is then true). Resolves when `stopped` does or `step` returns null;
 * rejects with what `step` throws, as soon as it throws.
 */
export function pollUntil(stopped: Promise<void>, wakes: Wakes, firstDelayMs: number, step: (woken: boolean) => number | null): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let unwatch = () => {};
  let settled = false;
  const polled = new Promise<void>((resolve, reject) => {
    const poll = (woken: boolean) => {
      clearTimeout(timer);
      if (settled) return;
      try {
        const next = step(woken);
        if (next === null) {
          settled = true;
          resolve();
        } else timer = setTimeout(poll, next, false);
      } catch (error) {
        settled = true;
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    unwatch = wakes.onWake(() => poll(true));
    timer = setTimeout(poll, firstDelayMs, false);
  });
  return Promise.race([stopped, polled]).finally(() => {
    settled = true;
    clearTimeout(timer);
    unwatch();
  });
}
