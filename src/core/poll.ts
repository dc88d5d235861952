// The one loop of the modes that poll the kernel until told to stop.

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
