// The status line under the banner while tracing on a terminal: elapsed time, completions counted,
// the kernel map's fill and the rows drained out of it, rewritten in place a few times a second and
// erased before the table. It reads what the session already keeps, never per syscall.
import type { CountSession } from '../core/session.js';

const REFRESH_MS = 250;
/** From this fill on, the line warns: one more burst like it may overflow the map. */
export const WARN_FILL = 0.8;
/** Summing the map reads every entry in use: for big maps, less often. */
const ENTRIES_PER_REFRESH = 16_384;

const ERASE = '\r\x1b[K';

export interface StatusFacts {
  elapsedMs: number;
  completions: number;
  entries: number;
  maxEntries: number;
  rows: number;
  /** The fullest the map was seen, and the --max-entries that would hold such a burst. */
  peakEntries: number;
  suggestedMaxEntries: number;
}

const grouped = (n: number) => n.toLocaleString('en-US');

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return s < 3600 ? `${Math.floor(s / 60)}:${two(s % 60)}` : `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/** The line's text, without the terminal's control sequences. */
export function formatStatus(f: StatusFacts): string {
  const line =
    `${elapsed(f.elapsedMs)}  ${grouped(f.completions)} completions  ` +
    `kernel map ${grouped(f.entries)} of ${grouped(f.maxEntries)} entries  ${grouped(f.rows)} rows drained`;
  const peak = f.peakEntries / f.maxEntries;
  if (peak < WARN_FILL) return line;
  // First, so that a narrow terminal cuts the figures rather than the warning.
  return `map was ${Math.min(Math.round(peak * 100), 100)} % full, a full one ends the run: restart with --max-entries ${f.suggestedMaxEntries} or --by syscall | ${line}`;
}

export interface StatusLine {
  /** Erases the line until the next refresh (before writing a table to the same terminal). */
  erase(): void;
  /** Stops refreshing and erases the line. */
  stop(): void;
}

/** Starts refreshing the line on `stream` (a terminal), cut to the terminal's width. */
export function startStatus(stream: NodeJS.WriteStream, session: CountSession, maxEntries: number): StatusLine {
  const start = performance.now();
  let shown = false;
  let completions = 0;
  let summedAt = -Infinity;
  const refresh = () => {
    const now = performance.now();
    const fill = session.fill();
    if (now - summedAt >= REFRESH_MS * Math.max(1, fill.entries / ENTRIES_PER_REFRESH)) {
      completions = session.completions();
      summedAt = now;
    }
    const text = formatStatus({
      elapsedMs: now - start,
      completions,
      entries: fill.entries,
      maxEntries,
      rows: fill.rows,
      ...session.peakFill(),
    });
    const width = (stream.columns || 80) - 1; // a pseudo-terminal may report 0 columns
    stream.write(`${ERASE}${text.length > width ? text.slice(0, width) : text}`);
    shown = true;
  };
  const erase = () => {
    if (shown) stream.write(ERASE);
    shown = false;
  };
  const timer = setInterval(() => {
    try {
      refresh();
    } catch {
      // The session reports its own failures at its next poll; the line just stops changing.
    }
  }, REFRESH_MS);
  timer.unref();
  return {
    erase,
    stop: () => {
      clearInterval(timer);
      erase();
    },
  };
}
