// The bench's process helpers: a tracer that exits on its own is reported, not a stack trace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuSeconds, launch, whileRunning } from '../../bench/proc.mjs';

test('whileRunning: a process that exited is reported with its exit status and stderr', async () => {
  const state = launch('sh', ['-c', 'echo "syscallbypid: the count map is full" >&2; exit 3']);
  await state.done;
  await assert.rejects(
    whileRunning(state, 'the idle-CPU measure', () => cpuSeconds(state.child.pid!)),
    { message: 'sh exited on its own during the idle-CPU measure (exit 3): syscallbypid: the count map is full' },
  );
});

test('whileRunning: a running process is read; other errors pass through', async () => {
  const state = launch('sleep', ['5']);
  try {
    assert.equal(typeof (await whileRunning(state, 'x', () => cpuSeconds(state.child.pid!))), 'number');
    await assert.rejects(
      whileRunning(state, 'x', (): unknown => JSON.parse('{')),
      SyntaxError,
    );
  } finally {
    state.child.kill();
    await state.done;
  }
});
