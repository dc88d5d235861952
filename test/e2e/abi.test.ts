// Syscall ABIs on x86_64: a 32-bit program's calls carry the i386 names, told apart in the kernel
// per call (a 64-bit program's int 0x80 is an i386 call too). Needs root, and IA32 emulation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import {
  CLI,
  collect,
  i386Helper,
  ia32SkipReason,
  parseTable,
  rootSkipReason,
  startHelper,
  startTracing,
  startWorkload,
  workload,
  type TableRow,
} from '../support.js';

function abiSkipReason(): string | false {
  return rootSkipReason() || ia32SkipReason();
}

/** Traces the 32-bit helper and two 64-bit workloads in one run. */
async function traceMixed(args: string[]) {
  const helper32 = i386Helper(); // compile before attaching
  workload();
  const programs = [startHelper(helper32), startWorkload('getppid', '2000', '1'), startWorkload('int80', '500')];
  const tracing = await startTracing(args);
  await Promise.all(programs.map((p) => p.go()));
  tracing.child.kill('SIGINT');
  const result = await tracing.result;
  assert.equal(result.code, 0, result.stderr);
  const [i386, native, int80] = programs.map((p) => p.pid);
  return { result, i386: i386!, native: native!, int80: int80! };
}

const rowsOf = (rows: TableRow[], pid: number) => Object.fromEntries(rows.filter((r) => r.pid === pid).map((r) => [`${r.cmd} ${r.syscall}`, r.count]));

describe('syscall ABIs', { skip: abiSkipReason() }, () => {
  test('a 32-bit program gets the i386 names and exact counts; 64-bit programs keep theirs', async () => {
    const { result, i386, native, int80 } = await traceMixed([]);
    const rows = parseTable(result.stdout);
    // Its whole life after the start line: the wait's read, then the measured calls. In the
    // 64-bit table, 3 would be close, 6 lstat, 20 writev, 2 open and 4 stat. Its fork's second
    // return, in the child, is not counted: the child's only call, exit, never returns.
    assert.deepEqual(rowsOf(rows, i386), {
      'i386 read/i386': 301,
      'i386 getpid/i386': 1000,
      'i386 close/i386': 200,
      'i386 fork/i386': 1,
      'i386 waitpid/i386': 1,
      'i386 write/i386': 1,
    });
    assert.deepEqual(
      rows.filter((r) => r.cmd === 'i386' && r.pid !== i386),
      [],
      'the child shows no return from fork',
    );
    assert.equal(rowsOf(rows, native)['wl-worker getppid'], 2000);
    // int 0x80 from a 64-bit program enters the i386 table: the ABI is the call's, not the binary's.
    const fromInt80 = rowsOf(rows, int80);
    assert.equal(fromInt80['workload getpid/i386'], 500);
    assert.equal(fromInt80['workload write'], 1, 'its other calls stay 64-bit');
  });

  test('machine formats carry the ABI as a field, the name unmarked; --syscall takes marked names', async () => {
    const { result, i386, int80 } = await traceMixed(['-o', 'ndjson', '--errors', '-s', 'read/i386,getpid/i386,close']);
    const records = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const own = records.filter((r) => r.pid === i386).sort((a, b) => Number(a.id) - Number(b.id));
    assert.deepEqual(own, [
      { pid: i386, cmd: 'i386', syscall: 'read', id: 3, abi: 'i386', count: 301, errors: 300 },
      { pid: i386, cmd: 'i386', syscall: 'getpid', id: 20, abi: 'i386', count: 1000, errors: 0 },
    ]);
    assert.deepEqual(
      records.filter((r) => r.pid === int80),
      [{ pid: int80, cmd: 'workload', syscall: 'getpid', id: 20, abi: 'i386', count: 500, errors: 0 }],
    );
    assert.ok(records.every((r) => (r.abi === 'i386' && (r.syscall === 'read' || r.syscall === 'getpid')) || (r.abi === 'x86_64' && r.syscall === 'close')));
  });

  test("command mode starts counting a 32-bit command at its execve, named in the caller's ABI (x86_64)", async () => {
    const child = spawn(process.execPath, [CLI, '--', i386Helper()], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end('go\n');
    const result = await collect(child, 60_000);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'done\n');
    const rows = parseTable(result.stderr);
    // A 64-bit process made the execve (strace agrees); the exec switched the task to i386 before it returned.
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.syscall, r.count])), {
      execve: 1,
      'read/i386': 301,
      'getpid/i386': 1000,
      'close/i386': 200,
      'fork/i386': 1,
      'waitpid/i386': 1,
      'write/i386': 1,
    });
  });

  test('an execve from i386 to x86_64 is named in i386, the ABI it was called in', async () => {
    // The 64-bit tool execs the 32-bit helper (an x86_64 execve), which execs /bin/true (an i386 one).
    const child = spawn(process.execPath, [CLI, '-s', 'execve,execve/i386', '--', i386Helper(), '/bin/true'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result = await collect(child, 60_000);
    assert.equal(result.code, 0, result.stderr);
    const rows = parseTable(result.stderr);
    assert.deepEqual(rows.map((r) => [r.cmd, r.syscall, r.count]).sort(), [
      ['i386', 'execve', 1],
      ['true', 'execve/i386', 1],
    ]);
  });
});
