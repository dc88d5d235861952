import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ENTRIES_CEILING } from '../../src/core/limits.js';
import { parseInteger } from '../../src/cli/options.js';
import { mapFullError, skippedError, suggestedMaxEntries } from '../../src/core/session.js';

test('parseInteger accepts whole decimal numbers within bounds only', () => {
  assert.equal(parseInteger('1', 1, 10), 1);
  assert.equal(parseInteger('10', 1, 10), 10);
  for (const bad of ['0', '11', '-1', '', ' 5', '5 ', '1.5', '1e3', '0x10', 'abc', '99999999999999999999']) {
    assert.throws(() => parseInteger(bad, 1, 10), /expected a whole number from 1 to 10/, JSON.stringify(bad));
  }
});

test('the map-full error gives the bound, the loss, the key rate measured and the bound it needs', () => {
  const error = mapFullError(2048, 17, { keys: 3000, seconds: 0.05 });
  assert.equal(error.exitCode, 3);
  assert.equal(
    error.message,
    'the count map is full (--max-entries 2048): 17 syscall completions could not be counted, so no table is printed. ' +
      'New (process, thread name, syscall) keys came faster than the map is emptied (3000 in 0.05 s, about 60000 a second); ' +
      'raise the bound to --max-entries 16384, or count per syscall with --by syscall (an entry per syscall, however many processes come and go)',
  );
  assert.match(mapFullError(MAX_ENTRIES_CEILING, 1, { keys: 10, seconds: 1 }).message, /at its ceiling: count per syscall with --by syscall/);
  assert.equal(suggestedMaxEntries(2048, 100), 4096, 'at least twice the bound that filled');
  assert.equal(suggestedMaxEntries(2048, 3000), 16384, 'room for four times the keys of one poll');
  assert.equal(suggestedMaxEntries(2048, 4096), 16384);
  assert.equal(suggestedMaxEntries(2048, 10_000_000), MAX_ENTRIES_CEILING);
});

test('completions the kernel skipped are a loss too: exit 3, no table', () => {
  const error = skippedError(2);
  assert.equal(error.exitCode, 3);
  assert.match(error.message, /^the kernel skipped the counter 2 times .* no table is printed/);
});
