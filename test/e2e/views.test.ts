// The views: filters (in the kernel), errors, threads, intervals, top, sort and output formats,
// each against a deterministic workload with a distractor running beside it. Needs root.
import assert from 'node:assert/strict';
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { cgroup2Mounts } from '../../src/cli/environment.js';
import { nativeAbi, syscallTable } from '../../src/syscalls/names.js';
import { parseFields, parseTable, rootSkipReason, runCli, startHelper, startTracing, startWorkload, workload, type Result } from '../support.js';

/** Starts the workloads, then the tracer with `args` (which may name their pids), then runs them. */
async function traceWorkloads(args: (pids: number[]) => string[], ...workloads: string[][]): Promise<{ result: Result; pids: number[] }> {
  workload();
  const started = workloads.map((w) => startWorkload(...w));
  const pids = started.map((w) => w.pid);
  const tracing = await startTracing(args(pids));
  await Promise.all(started.map((w) => w.go()));
  tracing.child.kill('SIGINT');
  const result = await tracing.result;
  assert.equal(result.code, 0, result.stderr);
  return { result, pids };
}

describe('views', { skip: rootSkipReason() }, () => {
  test('-p: only that process, exactly', async () => {
    const { result, pids } = await traceWorkloads((p) => ['-p', String(p[0])], ['getppid', '3000', '2'], ['getppid', '7000', '1']);
    const rows = parseTable(result.stdout);
    assert.ok(rows.length > 0 && rows.every((r) => r.pid === pids[0]), result.stdout);
    assert.equal(rows.find((r) => r.cmd === 'wl-worker' && r.syscall === 'getppid')?.count, 6000);
  });

  test('-c: only threads with those names', async () => {
    const { result, pids } = await traceWorkloads(() => ['-c', 'wl-worker,nosuchname'], ['getppid', '3000', '2']);
    const rows = parseTable(result.stdout);
    assert.ok(rows.length > 0 && rows.every((r) => r.cmd === 'wl-worker'), result.stdout);
    assert.equal(rows.find((r) => r.pid === pids[0] && r.syscall === 'getppid')?.count, 6000);
  });

  test('-s: only those syscalls, by name or number', async () => {
    const table = syscallTable(nativeAbi(process.arch)!);
    const getppid = [...table].find(([, name]) => name === 'getppid')![0];
    const { result, pids } = await traceWorkloads(() => ['-s', `${getppid},dup`], ['getppid', '4000', '1'], ['errors', '50', '20']);
    const rows = parseTable(result.stdout);
    assert.ok(rows.length > 0 && rows.every((r) => r.syscall === 'getppid' || r.syscall === 'dup'), result.stdout);
    assert.equal(rows.find((r) => r.pid === pids[0] && r.syscall === 'getppid')?.count, 4000);
    assert.equal(rows.find((r) => r.pid === pids[1] && r.syscall === 'dup')?.count, 20);
    assert.ok(!rows.some((r) => r.pid === pids[1] && r.syscall === 'getppid'));
  });

  test('-s rt_sigreturn: the sigreturns, which complete as -1', async () => {
    const { result, pids } = await traceWorkloads(() => ['-s', 'rt_sigreturn'], ['signal', '1234'], ['getppid', '1000', '1']);
    const rows = parseTable(result.stdout);
    assert.ok(
      rows.every((r) => r.syscall === 'rt_sigreturn'),
      result.stdout,
    );
    assert.equal(rows.find((r) => r.pid === pids[0])?.count, 1234);
    assert.ok(!rows.some((r) => r.pid === pids[1]), result.stdout);
  });

  test('--cgroup: only tasks in that cgroup v2 directory', async () => {
    const mount = cgroup2Mounts()[0];
    assert.ok(mount, 'no cgroup2 mount');
    const dir = join(mount, `syscallbypid-test-${process.pid}`);
    mkdirSync(dir);
    try {
      workload();
      const inside = startWorkload('getppid', '2500', '1');
      const outside = startWorkload('getppid', '2500', '1');
      writeFileSync(join(dir, 'cgroup.procs'), String(inside.pid));
      const tracing = await startTracing(['--cgroup', dir]);
      await Promise.all([inside.go(), outside.go()]);
      tracing.child.kill('SIGINT');
      const result = await tracing.result;
      assert.equal(result.code, 0, result.stderr);
      const rows = parseTable(result.stdout);
      assert.ok(rows.length > 0 && rows.every((r) => r.pid === inside.pid), result.stdout);
      assert.equal(rows.find((r) => r.syscall === 'getppid')?.count, 2500);
    } finally {
      rmdirSync(dir);
    }
  });

  test('--errors counts failures beside completions; -x counts failures only', async () => {
    const errorsColumn = (stdout: string, pid: number) =>
      new Map(
        parseFields(stdout, ['PID', 'CMD', 'SYSCALL', 'COUNT', 'ERRORS'])
          .filter((f) => Number(f[0]) === pid)
          .map((f) => [f[2], f.slice(3).map(Number)]),
      );
    const both = await traceWorkloads((p) => ['-p', String(p[0]), '--errors'], ['errors', '300', '200']);
    const all = errorsColumn(both.result.stdout, both.pids[0]!);
    assert.deepEqual(
      [all.get('close'), all.get('dup')],
      [
        [500, 300],
        [200, 0],
      ],
    );
    const failed = await traceWorkloads((p) => ['-p', String(p[0]), '-x', '--errors'], ['errors', '300', '200']);
    const only = errorsColumn(failed.result.stdout, failed.pids[0]!);
    assert.deepEqual([only.get('close'), only.get('dup')], [[300, 300], undefined]);
  });

  test('--by thread: a TID column and a row per thread', async () => {
    const { result, pids } = await traceWorkloads((p) => ['-p', String(p[0]), '--by', 'thread', '-s', 'getppid'], ['getppid', '1500', '3']);
    const rows = parseFields(result.stdout, ['PID', 'TID', 'CMD', 'SYSCALL', 'COUNT']);
    assert.equal(rows.length, 3);
    assert.ok(rows.every((f) => Number(f[0]) === pids[0] && Number(f[1]) !== pids[0] && f[4] === '1500'));
    assert.equal(new Set(rows.map((f) => f[1])).size, 3);
  });

  /**
   * Traces one workload at intervals as ndjson, filtered to it and to `syscalls`; its records. The
   * workload's calls are spread over `spreadMs` at least, so that they span intervals on any machine.
   */
  async function intervalRecords(interval: string, spreadMs: number, syscalls: string, ...workloadArgs: string[]) {
    workload();
    const target = startHelper(workload(), workloadArgs, { ...process.env, WL_SPREAD_MS: String(spreadMs) });
    const tracing = await startTracing(['-i', interval, '-o', 'ndjson', '-p', String(target.pid), '-s', syscalls]);
    await target.go();
    tracing.child.kill('SIGINT');
    const result = await tracing.result;
    assert.equal(result.code, 0, result.stderr);
    return result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { time: string; count: number; syscall: string });
  }

  test('--interval: the intervals add up to the exact total', async () => {
    const records = await intervalRecords('0.2', 1000, 'getppid', 'getppid', '200000', '2');
    assert.ok(new Set(records.map((r) => r.time)).size >= 2, 'the workload spanned several intervals');
    assert.equal(
      records.reduce((n, r) => n + r.count, 0),
      400_000,
    );
  });

  test('--interval: exact too while counts keep moving from CPU slots into the map', async () => {
    // Alternating calls that share a slot move a count into the map at every call, so reads often
    // land in the middle of such a move.
    const records = await intervalRecords('0.1', 1000, 'getppid,getuid', 'collide', '300000');
    assert.ok(new Set(records.map((r) => r.time)).size >= 3, 'the workload spanned several intervals');
    for (const syscall of ['getppid', 'getuid']) {
      assert.equal(
        records.filter((r) => r.syscall === syscall).reduce((n, r) => n + r.count, 0),
        300_000,
        syscall,
      );
    }
  });

  test('--interval as a table: a timestamp line before each table', async () => {
    const result = await runCli(['-i', '0.2', '-d', '0.7', '-s', 'getppid']);
    assert.equal(result.code, 0, result.stderr);
    const stamps = result.stdout.split('\n').filter((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(l));
    assert.ok(stamps.length >= 3, result.stdout);
    assert.equal(result.stdout.split('\n').filter((l) => /^PID\s+CMD/.test(l)).length, stamps.length);
  });

  test('-T keeps the largest rows; --sort and -r order them', async () => {
    const { result } = await traceWorkloads(() => ['-T', '3', '--sort', 'pid', '-r'], ['getppid', '50000', '1']);
    const rows = parseTable(result.stdout);
    assert.equal(rows.length, 3);
    assert.ok(rows.some((r) => r.count === 50000));
    assert.deepEqual(
      rows.map((r) => r.pid),
      rows.map((r) => r.pid).sort((a, b) => b - a),
    );
  });

  test('every output format parses with a standard parser and carries the same numbers', async () => {
    const target = (format: string) => traceWorkloads((p) => ['-p', String(p[0]), '--errors', '-o', format], ['errors', '30', '20']);
    // The table has no id column: compare without it.
    const normalise = (records: Array<Record<string, unknown>>) =>
      records
        .filter((r) => r.cmd !== undefined)
        .map((r) => [r.cmd, r.syscall, r.count, r.errors].map(String).join(' '))
        .sort();
    const table = await target('table');
    const expected = parseFields(table.result.stdout, ['PID', 'CMD', 'SYSCALL', 'COUNT', 'ERRORS'])
      .map((f) => `${f[1]} ${f[2]} ${f[3]} ${f[4]}`)
      .sort();
    const json = JSON.parse((await target('json')).result.stdout) as {
      rows: Array<Record<string, unknown>>;
      arch: string;
      max_entries: number;
      dropped: number;
    };
    assert.equal(json.max_entries, 2048);
    assert.equal(json.dropped, 0);
    const ndjson = (await target('ndjson')).result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const csv = parseCsv<Record<string, unknown>>((await target('csv')).result.stdout, { columns: true, cast: true });
    const tsvText = (await target('tsv')).result.stdout.trim().split('\n');
    const tsvKeys = tsvText[0]!.split('\t');
    const tsv = tsvText
      .slice(1)
      .map((l) => Object.fromEntries(l.split('\t').map((v, i): [string, unknown] => [tsvKeys[i]!, /^-?\d+$/.test(v) ? Number(v) : v])));
    for (const [name, records] of Object.entries({ json: json.rows, ndjson, csv, tsv })) {
      assert.deepEqual(normalise(records), expected, name);
      assert.ok(
        records.some((r) => r.syscall === 'close' && r.count === 50 && r.errors === 30),
        name,
      );
    }
  });

  test('thread names set with prctl, empty or not UTF-8, print as one field and round-trip in every format', async () => {
    const names = [Buffer.from('bad\xff\xfe', 'latin1'), Buffer.alloc(0), Buffer.from('a b\\c'), Buffer.from([0x78, 0xe6, 0x97]), Buffer.from('日本')];
    const unescape = (text: string, escapes: Record<string, string>) =>
      Buffer.concat(
        text
          .split(/(\\[0-7]{3}|\\[\\tnr])/)
          .map((part) =>
            /^\\[0-7]{3}$/.test(part) ? Buffer.from([parseInt(part.slice(1), 8)]) : /^\\.$/.test(part) ? Buffer.from(escapes[part[1]!]!) : Buffer.from(part),
          ),
      );
    for (const format of ['table', 'tsv', 'csv', 'ndjson', 'json']) {
      workload();
      const started = names.map((name) => startHelper(workload(), ['getppid', '300', '1'], { ...process.env, WL_COMM_HEX: name.toString('hex') }));
      const tracing = await startTracing(['-p', started.map((w) => w.pid).join(','), '-s', 'getppid', '-o', format]);
      await Promise.all(started.map((w) => w.go()));
      tracing.child.kill('SIGINT');
      const result = await tracing.result;
      assert.equal(result.code, 0, result.stderr);
      let cmds: Array<[number, string]>;
      if (format === 'table') cmds = parseTable(result.stdout).map((r) => [r.pid, r.cmd]);
      else if (format === 'tsv')
        cmds = result.stdout
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split('\t'))
          .map((f) => [Number(f[0]), f[1]!]);
      else if (format === 'csv') cmds = parseCsv<{ pid: string; cmd: string }>(result.stdout, { columns: true }).map((r) => [Number(r.pid), r.cmd]);
      else {
        const records =
          format === 'json'
            ? (JSON.parse(result.stdout) as { rows: unknown[] }).rows
            : result.stdout
                .trim()
                .split('\n')
                .map((l) => JSON.parse(l) as unknown);
        cmds = (records as Array<{ pid: number; cmd: string }>).map((r) => [r.pid, r.cmd]);
      }
      const escapes: Record<string, string> =
        format === 'table' ? {} : format === 'tsv' || format === 'csv' ? { '\\': '\\', t: '\t', n: '\n', r: '\r' } : { '\\': '\\' };
      started.forEach((w, i) => {
        const cmd = cmds.find(([pid]) => pid === w.pid)?.[1];
        assert.ok(cmd !== undefined, `${format}: no row of ${names[i]!.toString('hex')}: ${result.stdout}`);
        if (format === 'table') assert.equal(cmd, ['bad\\377\\376', '\\000', 'a\\040b\\134c', 'x\\346\\227', '日本'][i], format);
        // The table's \000 is the NUL that ends the empty name.
        const back = unescape(cmd, escapes);
        assert.deepEqual(format === 'table' && i === 1 ? back.subarray(0, back.indexOf(0)) : back, names[i], `${format}: ${cmd}`);
      });
    }
  });

  test("-l lists this machine's syscalls", async () => {
    const table = await runCli(['-l']);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /^SYSCALL +ID ABI\nread +0 x86_64\nwrite +1 x86_64\n/);
    assert.match(table.stdout, /\nread\/i386 +3 i386\n/);
    // The machine formats' fields are the trace's: syscall (unmarked), id, abi.
    const json = JSON.parse((await runCli(['-l', '-o', 'json'])).stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(json.slice(0, 2), [
      { syscall: 'read', id: 0, abi: 'x86_64' },
      { syscall: 'write', id: 1, abi: 'x86_64' },
    ]);
    assert.deepEqual(
      json.find((e) => e.abi === 'i386' && e.id === 3),
      { syscall: 'read', id: 3, abi: 'i386' },
    );
    const csv = (await runCli(['-l', '-o', 'csv'])).stdout.split('\n');
    assert.deepEqual(csv.slice(0, 2), ['syscall,id,abi', 'read,0,x86_64']);
    assert.ok(csv.includes('read,3,i386'));
  });
});
