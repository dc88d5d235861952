// PID namespaces: syscallbypid started inside one (unshare -pf --mount-proc) works with the PIDs it
// sees there, like every other tool in it, and counts the right processes. Needs root.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CLI, collect, rootSkipReason, workload, type Result } from '../support.js';

interface Row {
  pid: number;
  cmd: string;
  syscall: string;
  count: number;
}

const UNSHARE = ['unshare', '--pid', '--fork', '--mount-proc'];

/** Runs `argv` in a new PID namespace, with `input` on stdin. */
async function inNamespace(argv: string[], input = ''): Promise<Result> {
  const child = spawn(UNSHARE[0]!, [...UNSHARE.slice(1), ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(input);
  return collect(child, 60_000);
}

const rowsOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { rows: Row[] }).rows;

/**
 * In a new PID namespace: starts the workload (ARGS) waiting at its start, traces it with
 * `syscallbypid -p <its pid as seen there> OPTIONS`, runs it, stops the tracer. Returns that pid and
 * the rows.
 */
async function traceByNamespacePid(workloadArgs: string[], options: string[]): Promise<{ pid: number; rows: Row[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'syscallbypid-ns-'));
  const script = join(dir, 'run.sh');
  writeFileSync(
    script,
    `set -e
mkfifo "$D/go"
"$WORKLOAD" "$@" < "$D/go" > /dev/null &
wl=$!
"$NODE" "$CLI" -p $wl $OPTIONS -o json --output-file "$D/out.json" 2> "$D/err" &
tool=$!
until grep -q Tracing "$D/err"; do sleep 0.05; done
echo go > "$D/go"
wait $wl
kill -INT $tool
wait $tool
echo $wl
`,
  );
  const env = { ...process.env, D: dir, WORKLOAD: workload(), NODE: process.execPath, CLI, OPTIONS: options.join(' ') };
  const child = spawn(UNSHARE[0]!, [...UNSHARE.slice(1), '/bin/sh', script, ...workloadArgs], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const result = await collect(child, 60_000);
  assert.equal(result.code, 0, `${result.stderr}${readFileSync(join(dir, 'err'), 'utf8')}`);
  return { pid: Number(result.stdout.trim()), rows: rowsOf(join(dir, 'out.json')) };
}

describe('PID namespaces', { skip: rootSkipReason() }, () => {
  test('command mode in a namespace: exact counts, under the PID the namespace gives the command', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'syscallbypid-ns-')), 'out.json');
    const command = ['/bin/sh', '-c', `echo $$; exec ${workload()} getppid 1234 1`];
    const result = await inNamespace([process.execPath, CLI, '-o', 'json', '--output-file', file, '--', ...command], 'go\n');
    assert.equal(result.code, 0, result.stderr);
    const [pid, done] = result.stdout.split('\n');
    assert.equal(done, 'done');
    const rows = rowsOf(file);
    assert.ok(Number(pid) > 1 && Number(pid) < 100, `a PID of the new namespace: ${pid}`);
    assert.ok(
      rows.every((r) => r.pid === Number(pid)),
      JSON.stringify(rows.map((r) => r.pid)),
    );
    assert.equal(rows.find((r) => r.cmd === 'wl-worker' && r.syscall === 'getppid')?.count, 1234);
  });

  test("command mode in a namespace follows the command's children", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'syscallbypid-ns-')), 'out.json');
    const result = await inNamespace([process.execPath, CLI, '-s', 'getppid', '-o', 'json', '--output-file', file, '--', workload(), 'fork', '3'], 'go\n');
    assert.equal(result.code, 0, result.stderr);
    const rows = rowsOf(file);
    assert.deepEqual(
      rows.map((r) => [r.cmd, r.syscall, r.count]),
      Array(3).fill(['workload', 'getppid', 1]),
    );
    assert.equal(new Set(rows.map((r) => r.pid)).size, 3);
    assert.ok(
      rows.every((r) => r.pid < 100),
      JSON.stringify(rows),
    );
  });

  test("a namespace nested in the tool's is seen, with the PIDs of the tool's namespace", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'syscallbypid-ns-')), 'out.json');
    const nested = [...UNSHARE.slice(0, 3), workload(), 'getppid', '500', '1'];
    const result = await inNamespace([process.execPath, CLI, '-s', 'getppid', '-o', 'json', '--output-file', file, '--', ...nested], 'go\n');
    assert.equal(result.code, 0, result.stderr);
    const rows = rowsOf(file);
    assert.deepEqual(
      rows.map((r) => [r.cmd, r.syscall, r.count]),
      [['wl-worker', 'getppid', 500]],
    );
    assert.ok(rows[0]!.pid > 1 && rows[0]!.pid < 100);
  });

  test('-p with a PID of the namespace counts that process, and only it', async () => {
    const { pid, rows } = await traceByNamespacePid(['getppid', '4321', '2'], []);
    assert.ok(rows.length > 0);
    assert.ok(
      rows.every((r) => r.pid === pid),
      JSON.stringify(rows.map((r) => [r.pid, r.cmd])),
    );
    assert.equal(rows.find((r) => r.cmd === 'wl-worker' && r.syscall === 'getppid')?.count, 2 * 4321);
  });

  test('a namespace without its own /proc is refused: PIDs would not match what the user sees', async () => {
    const child = spawn('unshare', ['--pid', '--fork', process.execPath, CLI, '--', '/bin/true'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result = await collect(child, 60_000);
    assert.deepEqual(
      [result.code, result.stdout, result.stderr],
      [
        5,
        '',
        "syscallbypid: this PID namespace's /proc is not mounted: /proc shows another namespace's processes, so PIDs " +
          'would not match what you see; mount it (unshare --pid --fork --mount-proc), or run syscallbypid outside the namespace\n',
      ],
    );
  });

  test('-p PID --follow in a namespace counts the children it creates', async () => {
    const { pid, rows } = await traceByNamespacePid(['fork', '4'], ['-s', 'getppid', '--follow']);
    assert.deepEqual(
      rows.map((r) => [r.cmd, r.syscall, r.count]),
      Array(4).fill(['workload', 'getppid', 1]),
    );
    assert.equal(new Set(rows.map((r) => r.pid)).size, 4);
    assert.ok(
      rows.every((r) => r.pid !== pid && r.pid < 100),
      JSON.stringify(rows),
    );
  });
});
