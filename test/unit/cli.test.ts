// The spawned binary's answers to bad and informational invocations: no privileges needed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { execFileSync, spawn } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cgroup2Mounts } from '../../src/cli/environment.js';
import { CLI, ROOT, collect, runCli } from '../support.js';

/** The rows of the bad usage contract (the README links it): the command's arguments and its one line of stderr. */
function badUsageTable(): Array<{ args: string[]; stderr: string }> {
  const section = readFileSync(join(ROOT, 'test/fixtures/bad-usage.md'), 'utf8');
  const mount = cgroup2Mounts()[0] ?? '/sys/fs/cgroup';
  return [...section.matchAll(/^\| `syscallbypid ?([^`]*)` \| `([^`]+)` \|$/gm)].map(([, args, stderr]) => ({
    args: args!.split(' ').filter(Boolean),
    // Markdown escapes | inside a table; MOUNT is the machine's cgroup v2 mount.
    stderr: stderr!.replace(/\\\|/g, '|').replace('MOUNT', mount),
  }));
}

describe('the bad usage table (test/fixtures/bad-usage.md): that one line on stderr, nothing on stdout, exit 2', () => {
  const rows = badUsageTable();
  test('has rows', () => assert.ok(rows.length >= 15, `only ${rows.length} rows parsed`));
  for (const { args, stderr } of rows) {
    test(`syscallbypid ${args.join(' ')}`, async () => {
      const result = await runCli(args);
      assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', `${stderr}\n`]);
    });
  }
});

test('--help explains every option, the output and the exit codes, on stdout, exit 0', async () => {
  const result = await runCli(['--help']);
  assert.equal(result.code, 0);
  assert.equal(result.stderr, '');
  for (const text of [
    '--max-entries <n>',
    '(default: 2048)',
    '--duration <seconds>',
    '--btf <path>',
    '--pid <pid,...>',
    '--comm <name,...>',
    '--syscall <name|number,...>',
    '--cgroup <path>',
    '--failed',
    '--errors',
    '--by <unit>',
    '--interval <seconds>',
    '--top <n>',
    '--sort <key>',
    '--reverse',
    '--output <format>',
    '--list-syscalls',
    '--follow',
    '--output-file <path>',
    '--serve [address]',
    '--labels <label,...>',
    '--max-series <n>',
    'Arguments:',
    '--verbose',
    '--version',
    'PID ',
    'CMD ',
    'SYSCALL ',
    'COUNT ',
    'Exit codes:',
  ]) {
    assert.ok(result.stdout.includes(text), `help lacks ${text}`);
  }
  for (const noise of ['(default: false)', 'preset:', 'Hit Ctrl-C']) assert.ok(!result.stdout.includes(noise), `help says ${noise}`);
  assert.deepEqual(
    result.stdout.split('\n').filter((line) => line.length > 80),
    [],
    'wrapped to 80 columns when not a terminal',
  );
  assert.deepEqual(
    result.stdout.split('\n').filter((line) => /\S#/.test(line)),
    [],
    'a space before each comment: the examples paste into a shell',
  );
  assert.match(result.stdout, /\nExamples:\n {2}syscallbypid {24}# every process, until Ctrl-C\n/);
});

test('--version prints the package version, exit 0', async () => {
  const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
  const result = await runCli(['--version']);
  assert.deepEqual([result.code, result.stdout, result.stderr], [0, `${version}\n`, '']);
});

describe('--output-file refuses what root should not write through, before tracing: exit 2, the target untouched', () => {
  const dir = mkdtempSync(join(tmpdir(), 'syscallbypid-out-'));
  const target = join(dir, 'precious');
  writeFileSync(target, 'keep me\n');
  const refused = async (path: string, why: string) => {
    const result = await runCli(['--output-file', path, '-d', '1']);
    assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', `syscallbypid: option '--output-file <path>': ${path} ${why}\n`]);
    assert.equal(readFileSync(target, 'utf8'), 'keep me\n');
  };
  test('a symbolic link, as one planted in a shared folder', async () => {
    symlinkSync(target, join(dir, 'link'));
    await refused(join(dir, 'link'), 'is a symbolic link: give the file itself');
  });
  test('a hard link', async () => {
    linkSync(target, join(dir, 'hard'));
    await refused(join(dir, 'hard'), 'has 2 hard links: give a file with one');
  });
  test('a FIFO (without blocking on it) and a directory', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    await refused(join(dir, 'fifo'), 'is not a regular file');
    await refused(dir, 'is not a regular file');
  });
});

test('a dead stderr pipe is not fatal: bad usage still exits 2, with no "Unhandled \'error\' event"', async () => {
  const child = spawn(process.execPath, [CLI, '--bogus'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.destroy(); // nobody reads stderr: writing it fails with EPIPE
  const result = await collect(child, 20_000);
  assert.deepEqual([result.code, result.stdout], [2, '']);
});

describe('--cgroup is normalised before it is checked', () => {
  const mount = cgroup2Mounts()[0] ?? '/sys/fs/cgroup';
  test('`..` cannot lead out of the cgroup v2 mount to a planted cgroup.procs', async () => {
    const planted = join(mkdtempSync(join(tmpdir(), 'syscallbypid-cg-')), 'fake');
    mkdirSync(planted);
    writeFileSync(join(planted, 'cgroup.procs'), '');
    const path = `${mount}${'/..'.repeat(mount.split('/').length - 1)}${planted}`;
    const result = await runCli(['--cgroup', path, '-d', '0.1']);
    assert.deepEqual(
      [result.code, result.stdout, result.stderr],
      [2, '', `syscallbypid: option '--cgroup <path>': '${path}' is not a cgroup v2 directory (cgroup v2 is mounted at ${mount})\n`],
    );
  });
  test('the form /proc/PID/cgroup prints (/system.slice/x.service) is taken from the mount', async () => {
    const own = /^0::(\/.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))![1]!;
    const result = await runCli(['--cgroup', own, '-d', '0.1', '-c', 'no-such-thread']);
    assert.equal(result.code, process.getuid!() === 0 ? 0 : 4, result.stderr);
  });
});

test('--btf: a FIFO is refused as bad usage (exit 2) before anything is loaded, not waited on', async () => {
  const fifo = join(mkdtempSync(join(tmpdir(), 'syscallbypid-btf-')), 'btf');
  execFileSync('mkfifo', [fifo]);
  const result = await runCli(['--btf', fifo, '-d', '0.1']);
  assert.deepEqual(
    [result.code, result.stdout, result.stderr],
    [2, '', `syscallbypid: option '--btf <path>' argument '${fifo}' is invalid. not a regular file.\n`],
  );
});

test('--btf: a FIFO is looked at, never opened (opening one can wake a writer, a device can act)', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'syscallbypid-btf-'));
  const fifo = join(folder, 'btf');
  execFileSync('mkfifo', [fifo]);
  const trace = join(folder, 'trace');
  const result = await runCli(['--btf', fifo, '-d', '0.1'], {
    wrapper: ['strace', '-f', '-qq', '-e', 'trace=open,openat,openat2', '-e', 'signal=none', '-o', trace],
  });
  assert.equal(result.code, 2, result.stderr);
  const opens = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((line) => line.includes(`"${fifo}"`));
  assert.deepEqual(opens, []);
});

test('-c with a name no running thread has: one warning line on stderr, then it runs as asked', async () => {
  const result = await runCli(['-c', 'no-such-thread,node', '-d', '0.1']);
  const root = process.getuid!() === 0;
  assert.equal(result.code, root ? 0 : 4, result.stderr);
  assert.equal(result.stderr.split('\n')[0], 'syscallbypid: warning: no running thread is named no-such-thread now; counting starts if one appears');
  const named = await runCli(['-c', 'node', '-d', '0.1']); // this test runner's own thread name
  assert.ok(!named.stderr.includes('warning'), named.stderr);
});

test("the bundle's shell prologue hands a script path that begins with '-' to node as the script, not as an option", async () => {
  const folder = mkdtempSync(join(tmpdir(), 'syscallbypid-dash-'));
  symlinkSync(CLI, join(folder, '-syscallbypid'));
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const result = await collect(spawn('/bin/sh', ['--', '-syscallbypid', '--version'], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] }), 20_000);
  assert.deepEqual([result.code, result.stdout, result.stderr], [0, `${version}\n`, '']);
});
