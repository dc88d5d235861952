// Which runs --live can watch: it draws on a terminal and reads keys from it.
import { usage } from '../core/errors.js';

export function checkLiveOptions(options: { serve?: unknown }, command: string[], stdinIsTTY: boolean, stdoutIsTTY: boolean): void {
  if (command.length > 0) throw usage("option '--live' does not apply to command mode");
  if (options.serve) throw usage("option '--live' and '--serve [address]' exclude each other");
  if (!stdinIsTTY || !stdoutIsTTY) {
    throw usage("option '--live' draws on a terminal and reads its keys: stdin and stdout must both be one (for a pipe or a file, use -i)");
  }
}
