// Kernel memory of a timed count map: the same map with 40-byte values (--time) or 240-byte ones (--histogram).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COUNT_VALUE_BYTES, HISTOGRAM_VALUE_BYTES, TIME_VALUE_BYTES, countMapBytes, mapTooBig } from '../../src/core/memory.js';

test('a timed entry is 24 bytes larger, one with a histogram 224: htab_elem, key and the value', () => {
  assert.deepEqual([COUNT_VALUE_BYTES, TIME_VALUE_BYTES, HISTOGRAM_VALUE_BYTES], [16, 40, 240]);
  assert.equal(countMapBytes(3000, 4), 832 + 4096 * 16 + 4 * 40 + 3004 * (48 + 40 + 16));
  assert.equal(countMapBytes(3000, 4, TIME_VALUE_BYTES) - countMapBytes(3000, 4), 3004 * 24);
  assert.equal(countMapBytes(3000, 4, HISTOGRAM_VALUE_BYTES) - countMapBytes(3000, 4), 3004 * 224);
});

test('the refusal of a bound too big counts timed entries when told', () => {
  const available = 2 * countMapBytes(100_000) + 1;
  assert.equal(mapTooBig(100_000, available), undefined);
  assert.match(mapTooBig(100_000, available, HISTOGRAM_VALUE_BYTES) ?? '', /^--max-entries 100000 needs about \d+ MiB of kernel memory/);
});
