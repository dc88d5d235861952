// What the live view's keys do. Raw mode delivers Ctrl-C as a byte, not as SIGINT.
import type { LiveSort } from './totals.js';

export type Action = { kind: 'quit' } | { kind: 'pause' } | { kind: 'sort'; sort: LiveSort };

const CTRL_C = '\x03';

const KEYS: Record<string, Action> = {
  q: { kind: 'quit' },
  Q: { kind: 'quit' },
  [CTRL_C]: { kind: 'quit' },
  ' ': { kind: 'pause' },
  r: { kind: 'sort', sort: 'rate' },
  t: { kind: 'sort', sort: 'total' },
  d: { kind: 'sort', sort: 'time' },
  p: { kind: 'sort', sort: 'pid' },
  s: { kind: 'sort', sort: 'syscall' },
};

/**
 * The actions of one read of the terminal, which may hold several keys (typed ahead, pasted). An
 * escape sequence (arrows, function keys) is ignored whole, so that its letters do not count.
 */
export function actionsOf(input: string): Action[] {
  const actions: Action[] = [];
  const keys = input.replace(/\x1b(\[[0-?]*[ -/]*[@-~]|O.|.)?/gs, '');
  for (const key of keys) {
    const action = KEYS[key];
    if (action) actions.push(action);
  }
  return actions;
}
