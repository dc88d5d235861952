// --live: a full-screen view of the busiest rows, redrawn every interval from the counts interval
// mode reads (one drain of the map an interval: nothing is added per syscall), until q, Ctrl-C, a
// stop signal or --duration; then the run's table, as a normal run prints it.
import type { ReadStream, WriteStream } from 'node:tty';
import type { ColumnChoice } from '../output/columns.js';
import { POLL_MS } from '../core/limits.js';
import { pollUntil, type Wakes } from '../core/poll.js';
import type { CountTable } from '../core/rows.js';
import type { SyscallNames } from '../syscalls/names.js';
import { actionsOf } from './keys.js';
import { layout, rowsThatFit, type Fill } from './layout.js';
import { Screen } from './screen.js';
import { Totals, type LiveSort, type Snapshot } from './totals.js';

/** What the view needs of a CountSession. */
export interface LiveSession extends Wakes {
  /** The counts since the previous call (session.ts); runRow(i) is the row's row in totals(). */
  interval(): CountTable;
  /** The counts reported so far, a row a key. */
  totals(): CountTable;
  /** Detaches and returns the counts since the last interval(). */
  stop(): CountTable;
  /** The whole run's counts in key order (after stop(): every count). */
  table(): CountTable;
  /** Throws when counts were lost; drains the count map when due. The delay before the next poll. */
  poll(): number;
}

export interface LiveOptions {
  intervalMs: number;
  columns: ColumnChoice;
  /** At most this many rows on screen (-T). */
  top?: number;
  names: SyscallNames;
  /** The bound of the count map (--max-entries). */
  maxEntries: number;
  /**
   * The kernel map's entries in use, when the session can tell (undefined: not shown). Without it,
   * the keys seen since the start, which is the same as long as the map keeps every key.
   */
  fill?: () => Fill | undefined;
  input: ReadStream;
  output: WriteStream & { fd: number };
}

/**
 * Shows the view until `stopped` resolves or a key quits, restores the terminal, and returns the
 * whole run's counts. `quitting` is called when a key quits, so that the CLI can give the stop
 * signals their default action back (a second Ctrl-C, now a signal again, kills at once).
 */
export async function watchLive(session: LiveSession, stopped: Promise<void>, quitting: () => void, options: LiveOptions): Promise<CountTable> {
  const totals = new Totals(options.names);
  const start = Date.now();
  let readAt = start;
  let sort: LiveSort = 'rate';
  let frozen: Snapshot | undefined; // the rows at the moment of pausing
  let quit = () => {};
  const quitted = new Promise<void>((resolve) => (quit = resolve));
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));

  const redraw = () => {
    const shown = frozen ?? totals;
    const fit = rowsThatFit(screen.height);
    const frame = {
      rows: shown.top(sort, options.top === undefined ? fit : Math.min(fit, options.top)),
      count: shown.size,
      sort,
      paused: frozen !== undefined,
      elapsedMs: readAt - start,
      rate: shown.rate(),
      fill: options.fill ? options.fill() : { entries: totals.size, bound: options.maxEntries },
      columns: options.columns,
    };
    screen.draw(layout(frame, screen.width, screen.height));
  };
  // A failure in a timer or a key handler (an overflow, a bug) ends the view like a stop does.
  const guarded =
    <A extends unknown[]>(work: (...args: A) => void) =>
    (...args: A) => {
      try {
        work(...args);
      } catch (error) {
        fail(error);
      }
    };
  const screen = new Screen(options.input, options.output, {
    key: guarded((input: string) => {
      for (const action of actionsOf(input)) {
        if (action.kind === 'quit') {
          quitting();
          quit();
          return;
        }
        if (action.kind === 'pause') frozen = frozen ? undefined : totals.freeze();
        else if (action.sort !== 'time' || options.columns.time)
          sort = action.sort; // no time to sort by without -t
        else continue;
        redraw();
      }
    }),
    resize: guarded(redraw),
  });
  const tick = setInterval(
    guarded(() => {
      const table = session.interval();
      const now = Date.now();
      totals.add(table, session.totals(), (now - readAt) / 1000);
      readAt = now;
      if (!frozen) redraw();
    }),
    options.intervalMs,
  );
  const ended = Promise.race([stopped, quitted]);
  const polled = pollUntil(Promise.race([ended, failed.catch(() => {})]), session, POLL_MS, () => session.poll());
  try {
    screen.enter();
    redraw();
    await Promise.race([ended, failed, polled]);
  } finally {
    clearInterval(tick);
    screen.restore();
  }
  session.stop();
  return session.table();
}
