// The rules between --time, --histogram and the other options, and what --time asks of memory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTimeOptions, type TimeChoice } from '../../src/cli/options.js';
import { checkMemory } from '../../src/cli/environment.js';
import { COUNT_VALUE_BYTES, HISTOGRAM_VALUE_BYTES } from '../../src/core/memory.js';

const choice = (more: Partial<TimeChoice>): TimeChoice => ({ time: false, histogram: false, sort: 'count', output: 'table', live: false, ...more });

test('--sort time|avg|max need --time (or --histogram, which implies it); --histogram has no tsv or csv form nor a --live one', () => {
  for (const sort of ['time', 'avg', 'max'] as const) {
    assert.throws(() => checkTimeOptions(choice({ sort })), { message: `option '--sort ${sort}' orders by the calls' durations: add -t, --time` });
    checkTimeOptions(choice({ sort, time: true }));
    checkTimeOptions(choice({ sort, histogram: true }));
  }
  assert.throws(() => checkTimeOptions(choice({ histogram: true, output: 'tsv' })), { message: "option '--histogram' has no tsv form: use -o table, json or ndjson" });
  checkTimeOptions(choice({ time: true, output: 'csv' }));
  for (const output of ['table', 'json', 'ndjson'] as const) checkTimeOptions(choice({ histogram: true, output }));
  assert.throws(() => checkTimeOptions(choice({ histogram: true, live: true })), {
    message: "option '--histogram' has no --live form: use -t for the time columns, or --histogram without --live",
  });
  checkTimeOptions(choice({ live: true }));
  checkTimeOptions(choice({ live: true, time: true }));
});

test('--histogram asks for the larger entries: a bound that fits untimed can be refused with buckets', () => {
  const meminfo = `MemTotal: 1000000 kB\nMemAvailable: ${100 * 1024} kB\n`;
  checkMemory(100_000, 2, meminfo, COUNT_VALUE_BYTES);
  assert.throws(() => checkMemory(100_000, 2, meminfo, HISTOGRAM_VALUE_BYTES), {
    message: /^--max-entries 100000 needs about \d+ MiB of kernel memory with --serve \(2 count maps\), more than half of the 100 MiB available now; choose a smaller bound$/,
  });
});
