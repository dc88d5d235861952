// The terminal as the live view uses it: the alternate screen, no cursor, keys one by one (raw
// mode), and its restoration, which happens however the view ends.
import { writeSync } from 'node:fs';
import type { ReadStream, WriteStream } from 'node:tty';

const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J'; // alternate screen, cursor hidden, cleared
const LEAVE = '\x1b[?25h\x1b[?1049l'; // cursor shown, back to the normal screen and its contents
const HOME = '\x1b[H';
const CLEAR_LINE_END = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';
const RESTORE_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface ScreenEvents {
  key(input: string): void;
  resize(): void;
}

export class Screen {
  private active = false;
  private readonly onData = (input: string) => this.events.key(input);
  private readonly onResize = () => this.events.resize();
  // Restores at once on a stop signal, before anything else runs, and then leaves the signal to the
  // CLI's own listener (which ends the view), so a second one gets the default action.
  private readonly onSignal = () => this.restore();
  private readonly onExit = () => this.restore();

  constructor(
    private readonly input: ReadStream,
    private readonly output: WriteStream & { fd: number },
    private readonly events: ScreenEvents,
  ) {}

  get width(): number {
    return this.output.columns || 80;
  }

  get height(): number {
    return this.output.rows || 24;
  }

  enter(): void {
    this.active = true;
    for (const signal of RESTORE_SIGNALS) process.once(signal, this.onSignal);
    process.once('exit', this.onExit);
    this.output.on('resize', this.onResize);
    this.input.setRawMode(true);
    this.input.setEncoding('utf8');
    this.input.on('data', this.onData);
    this.input.resume();
    this.write(ENTER);
  }

  /** Draws the lines from the top, each no wider than the screen, and clears what is left of the last frame. */
  draw(lines: string[]): void {
    if (!this.active) return;
    this.write(`${HOME}${lines.join(`${CLEAR_LINE_END}\r\n`)}${CLEAR_LINE_END}${CLEAR_BELOW}`);
  }

  /** Gives the terminal back as it was: idempotent, synchronous (it also runs on process exit). */
  restore(): void {
    if (!this.active) return;
    this.active = false;
    for (const signal of RESTORE_SIGNALS) process.off(signal, this.onSignal);
    process.off('exit', this.onExit);
    this.output.off('resize', this.onResize);
    this.input.off('data', this.onData);
    try {
      this.input.setRawMode(false);
    } catch {
      // the terminal went away (SIGHUP): nothing to give back
    }
    this.input.pause();
    this.write(LEAVE);
  }

  private write(text: string): void {
    try {
      writeSync(this.output.fd, text);
    } catch {
      // the terminal went away (SIGHUP): nothing to draw on
    }
  }
}
