// Under load: process storms, several instances at once. Needs root.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { collect, countOf, parseTable, rootSkipReason, runWorkload, startTracing, workload } from '../support.js';

describe('load', { skip: rootSkipReason() }, () => {
  test("an exec storm overflows a bound smaller than one process's keys: exit 3 while the storm is still running", async () => {
    workload();
    // The default bound keeps up with a storm by draining (test/e2e/longrun.test.ts); 16 entries hold
    // less than the keys of one exec'd process, which arrive at once, however fast the machine.
    const tracing = await startTracing(['--max-entries', '16']);
    const started = Date.now();
    const storm = spawn(workload(), ['exec', '3000'], { stdio: ['pipe', 'pipe', 'inherit'] });
    storm.stdin.end('go\n');
    const stormDone = collect(storm, 120_000);
    const result = await tracing.result;
    const noticedAfter = Date.now() - started;
    storm.kill('SIGKILL');
    await stormDone;
    assert.equal(result.code, 3, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /the count map is full \(--max-entries 16\)/);
    assert.ok(noticedAfter < 2500, `noticed ${noticedAfter} ms after the storm began`);
  });

  test('an exec storm under a large enough bound: one execve per process started', async () => {
    workload();
    const tracing = await startTracing(['--max-entries', '262144']);
    const parent = await runWorkload('exec', '2000');
    tracing.child.kill('SIGINT');
    const result = await tracing.result;
    assert.equal(result.code, 0, result.stderr);
    const rows = parseTable(result.stdout);
    const execs = rows.filter((r) => r.cmd === 'workload' && r.syscall === 'execve' && r.pid !== parent);
    assert.equal(execs.length, 2000);
    assert.ok(execs.every((r) => r.count === 1));
    assert.equal(countOf(rows, parent, 'workload', 'clone'), 2000);
  });

  for (const instances of [2, 4]) {
    test(`${instances} instances at once are exact and independent`, async () => {
      workload();
      const tracers = [];
      for (let i = 0; i < instances; i++) tracers.push(await startTracing(['--max-entries', String(4096 << i)]));
      const first = await runWorkload('getppid', '20000', '2');
      // Stopping one must not disturb the others.
      tracers[0]!.child.kill('SIGINT');
      const stopped = await tracers[0]!.result;
      const second = await runWorkload('getppid', '30000', '1');
      for (const tracer of tracers.slice(1)) tracer.child.kill('SIGTERM');
      const results = [stopped, ...(await Promise.all(tracers.slice(1).map((t) => t.result)))];
      results.forEach((result, i) => {
        assert.equal(result.code, 0, result.stderr);
        const rows = parseTable(result.stdout);
        assert.equal(countOf(rows, first, 'wl-worker', 'getppid'), 40_000, `instance ${i}, first workload`);
        assert.equal(countOf(rows, second, 'wl-worker', 'getppid'), i === 0 ? undefined : 30_000, `instance ${i}, second workload`);
      });
    });
  }
});
