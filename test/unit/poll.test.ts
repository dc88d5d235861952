// pollUntil: the modes' loop, woken by the kernel (a session's onWake) and by its own timer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pollUntil, type Wakes } from '../../src/core/poll.js';

/** A Wakes whose wake() calls the listeners now, as the addon does from the event loop. */
function fakeWakes() {
  const listeners = new Set<() => void>();
  return {
    onWake(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    wake: () => listeners.forEach((listener) => listener()),
    listening: () => listeners.size,
  } satisfies Wakes & Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a wake-up runs the step at once, told it was woken; the timer then starts over from the delay it returns', async () => {
  const wakes = fakeWakes();
  const steps: boolean[] = [];
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const polled = pollUntil(stopped, wakes, 60_000, (woken) => {
    steps.push(woken);
    return woken ? 20 : 60_000;
  });
  assert.equal(wakes.listening(), 1);
  wakes.wake();
  assert.deepEqual(steps, [true]);
  await sleep(200); // the 20 ms the woken step asked for, then 60 s: one timed step
  assert.deepEqual(steps, [true, false]);
  stop();
  await polled;
  assert.equal(wakes.listening(), 0, 'no listener left once stopped');
  wakes.wake();
  assert.deepEqual(steps, [true, false], 'no step after the end');
});

test('a step that throws rejects at once, and a later wake-up runs nothing; null ends the loop', async () => {
  const wakes = fakeWakes();
  let steps = 0;
  const failing = pollUntil(new Promise(() => {}), wakes, 60_000, () => {
    steps++;
    throw new Error('the count map is full');
  });
  wakes.wake();
  await assert.rejects(failing, /the count map is full/);
  wakes.wake();
  assert.equal(steps, 1);
  assert.equal(wakes.listening(), 0);
  const ending = pollUntil(new Promise(() => {}), wakes, 0, () => null);
  await ending;
  assert.equal(wakes.listening(), 0);
});
