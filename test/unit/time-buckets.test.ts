// --histogram's bucket choice: the kernel's (sbp_time_bucket() in bpf/syscallbypid.h, which the BPF program
// calls) agrees exactly with the bounds the addon publishes, Prometheus `le` style, at every bound.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadAddon } from '../../src/core/native.js';
import { ROOT } from '../support.js';

/** sbp_time_bucket(ns) for each ns, run as C from the header itself. */
function kernelBuckets(durations: bigint[]): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'sbp-buckets-'));
  const source = join(dir, 'buckets.c');
  writeFileSync(
    source,
    `#include <stdio.h>\n#include <stdlib.h>\n#include "syscallbypid.h"\n` +
      `int main(int argc, char **argv) { for (int i = 1; i < argc; i++) printf("%u\\n", sbp_time_bucket(strtoull(argv[i], 0, 10))); return 0; }\n`,
  );
  execFileSync('cc', ['-O2', '-Wall', '-Werror', '-I', join(ROOT, 'bpf'), '-o', join(dir, 'buckets'), source]);
  const out = execFileSync(join(dir, 'buckets'), durations.map(String), { encoding: 'utf8' });
  return out.trim().split('\n').map(Number);
}

test('the bounds are log2-spaced from 1.024 us to 8.59 s', () => {
  const bounds = loadAddon().histogramBoundsNs;
  assert.equal(bounds.length, 24);
  assert.deepEqual(
    bounds,
    Array.from({ length: 24 }, (_, b) => 2 ** (10 + b)),
  );
});

test('a call of exactly a bound is in its bucket, one ns more in the next; the last bucket is +Inf', () => {
  const bounds = loadAddon().histogramBoundsNs.map(BigInt);
  const durations = [0n, 1n, ...bounds.flatMap((b) => [b - 1n, b, b + 1n]), 2n ** 40n, 2n ** 64n - 1n];
  const expected = [0, 0, ...bounds.flatMap((_, i) => [i, i, i + 1]), bounds.length, bounds.length];
  // 2^10 - 1 is in bucket 0 as 2^10 is; from 2^11 - 1 on, b - 1 shares b's bucket.
  assert.deepEqual(kernelBuckets(durations), expected);
  // Each duration's bucket is the first bound it does not exceed, as Prometheus reads `le`.
  const first = (ns: bigint) => {
    const at = bounds.findIndex((b) => ns <= b);
    return at === -1 ? bounds.length : at;
  };
  assert.deepEqual(durations.map(first), expected);
});
