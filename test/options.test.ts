import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ENTRIES_CEILING, parseInteger } from '../src/options.js';
import { mapFullError, skippedError } from '../src/session.js';

test('parseInteger accepts whole decimal numbers within bounds only', () => {
  assert.equal(parseInteger('1', 1, 10), 1);
  assert.equal(parseInteger('10', 1, 10), 10);
  for (const bad of ['0', '11', '-1', '', ' 5', '5 ', '1.5', '1e3', '0x10', 'abc', '99999999999999999999']) {
    assert.throws(() => parseInteger(bad, 1, 10), /expected a whole number from 1 to 10/, JSON.stringify(bad));
  }
});

test('the map-full error gives the bound, the loss, the cause and a larger bound', () => {
  const error = mapFullError(2048, 17);
  assert.equal(error.exitCode, 3);
  assert.match(error.message, /count map is full \(--max-entries 2048\): 17 syscall completions could not be counted/);
  assert.match(error.message, /no table is printed/);
  assert.match(error.message, /short-lived processes/);
  assert.match(error.message, /--max-entries 8192$/);
  assert.match(mapFullError(MAX_ENTRIES_CEILING, 1).message, /at its ceiling/);
});

test('completions the kernel skipped are a loss too: exit 3, no table', () => {
  const error = skippedError(2);
  assert.equal(error.exitCode, 3);
  assert.match(error.message, /^the kernel skipped the counter 2 times .* no table is printed/);
});
