// The committed BPF object and skeleton must be what bpf/build.sh makes of the current sources.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../support.js';

const read = (file: string) => readFileSync(join(ROOT, 'bpf', file));

test('the skeleton was generated from the current BPF sources (else run `npm run build:bpf`)', () => {
  const sources = createHash('sha256')
    .update(Buffer.concat([read('syscallbypid.bpf.c'), read('syscallbypid.h')]))
    .digest('hex');
  const recorded = /sources-sha256: ([0-9a-f]{64})/.exec(read('syscallbypid.skel.h').toString())?.[1];
  assert.equal(recorded, sources, 'bpf/ sources changed without `npm run build:bpf`');
});

test('the skeleton embeds exactly the committed object', () => {
  const skeleton = read('syscallbypid.skel.h').toString();
  // bpftool writes the object as one C string literal of \0 and \xNN escapes, continued over lines.
  const body = /\*sz = \d+;\n\treturn \(const void \*\)"\\\n([\s\S]*?)";/.exec(skeleton)?.[1];
  assert.ok(body, 'object bytes not found in the skeleton');
  const escapes = body.replace(/\\\n/g, '').match(/\\(x[0-9a-f]{2}|0)/g) ?? [];
  assert.equal(escapes.join(''), body.replace(/\\\n/g, ''), 'unexpected characters in the object literal');
  const bytes = Buffer.from(escapes.map((e) => (e === '\\0' ? 0 : parseInt(e.slice(2), 16))));
  assert.deepEqual(bytes, read('syscallbypid.bpf.o'));
});

test("the CLI's default bound is the header's", () => {
  const header = /#define SBP_DEFAULT_MAX_ENTRIES (\d+)/.exec(read('syscallbypid.h').toString())?.[1];
  const cli = /export const DEFAULT_MAX_ENTRIES = (\d+);/.exec(readFileSync(join(ROOT, 'src/core/limits.ts'), 'utf8'))?.[1];
  assert.equal(header, '2048');
  assert.equal(cli, header);
});

test("a slot's seq steps are fetch atomics, ordered on weakly ordered CPUs too", () => {
  // struct sbp_cpu_slot's seq is at offset 56; the result-less `lock +=` would be relaxed on arm64.
  const code = execFileSync('llvm-objdump', ['-d', join(ROOT, 'bpf/syscallbypid.bpf.o')], { encoding: 'utf8' });
  const steps = code.split('\n').filter((line) => /\+ 56\)/.test(line) && /lock|atomic/.test(line));
  assert.ok(steps.length >= 2, code);
  for (const step of steps) assert.match(step, /= atomic_fetch_add\(\(u64 \*\)\(r\d+ \+ 56\), r\d+\)/);
});
