// The addon's JS surface: argument checks need no privileges; the lifecycle needs root.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import type { Addon } from '../src/native.js';
import { rootSkipReason } from './support.js';

const addon = createRequire(import.meta.url)('../build/Release/syscallbypid.node') as Addon;

test('exports the constants of bpf/syscallbypid.h', () => {
  assert.equal(addon.defaultMaxEntries, 2048);
  assert.equal(addon.commLength, 16);
});

test('rejects bad options before touching the kernel', () => {
  // @ts-expect-error: checking the runtime guard
  assert.throws(() => new addon.Tracer(), { name: 'TypeError', message: 'Tracer: expected an options object' });
  for (const maxEntries of [0, -1, 1.5, 2 ** 32, Number.NaN, '10']) {
    // @ts-expect-error: checking the runtime guard
    assert.throws(() => new addon.Tracer({ maxEntries }), { name: 'RangeError' }, String(maxEntries));
  }
});

describe('lifecycle', { skip: rootSkipReason() }, () => {
  test('counts, detaches, reads, and refuses calls after an idempotent close', () => {
    const tracer = new addon.Tracer({ maxEntries: 64 });
    try {
      for (let i = 0; i < 100; i++) statSync('/');
      tracer.detach();
      const rows = tracer.read();
      assert.ok(rows.length > 0 && rows.length <= 64);
      const own = rows.filter((row) => row.pid === process.pid);
      assert.ok(own.some((row) => row.count >= 100), 'our 100 stat calls are not in the map');
      for (const row of rows) {
        assert.deepEqual(Object.keys(row), ['pid', 'comm', 'id', 'count']);
        assert.ok(Number.isInteger(row.pid) && Number.isInteger(row.id) && row.count >= 1);
      }
      assert.equal(tracer.dropped(), 0);
    } finally {
      tracer.close();
    }
    tracer.close();
    assert.throws(() => tracer.read(), /Tracer is closed/);
    assert.throws(() => tracer.dropped(), /Tracer is closed/);
  });

  test('a full map counts the completions it could not hold', () => {
    const tracer = new addon.Tracer({ maxEntries: 1 });
    try {
      const deadline = Date.now() + 5000;
      while (tracer.dropped() === 0 && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      assert.ok(tracer.dropped() > 0);
      tracer.detach();
      assert.equal(tracer.read().length, 1);
    } finally {
      tracer.close();
    }
  });
});
