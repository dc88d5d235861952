// The lines on stderr that say the tool is counting: what a user (and a test) waits for.
export const BANNER = 'Tracing syscall completions... Hit Ctrl-C to end.';

/** With --duration the run ends by itself: the banner says when. */
export const banner = (duration: number | undefined) =>
  duration === undefined ? BANNER : `Tracing syscall completions for ${duration} s (Ctrl-C ends it sooner).`;

export const SERVING = 'Serving syscall counts at ';

/** --serve's line once the server listens: where to scrape, and until when. */
export const servingLine = (url: string, duration: number | undefined) =>
  `${SERVING}${url}${duration === undefined ? '. Hit Ctrl-C to end.' : ` for ${duration} s (Ctrl-C ends it sooner).`}`;
