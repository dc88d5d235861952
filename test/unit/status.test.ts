// The status line's text; test/e2e/status.test.ts checks where it appears.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatStatus } from '../../src/cli/status.js';

const facts = { elapsedMs: 83_400, completions: 1_234_567, entries: 312, maxEntries: 2048, rows: 5230, peakEntries: 600, suggestedMaxEntries: 4096 };

test('the status line: elapsed, completions, the map fill and the rows drained', () => {
  assert.equal(formatStatus(facts), '1:23  1,234,567 completions  kernel map 312 of 2,048 entries  5,230 rows drained');
  assert.equal(formatStatus({ ...facts, elapsedMs: 3_725_000 }).slice(0, 8), '1:02:05 ');
});

test('from 80 % full it warns first, with the --max-entries to use', () => {
  assert.equal(formatStatus({ ...facts, peakEntries: 1638 }), formatStatus(facts), 'just under 80 %');
  assert.equal(
    formatStatus({ ...facts, peakEntries: 1700, suggestedMaxEntries: 8192 }),
    'map was 83 % full, a full one ends the run: restart with --max-entries 8192 or --by syscall | ' + formatStatus(facts),
  );
});
