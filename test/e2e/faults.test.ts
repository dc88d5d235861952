// Faults of input, environment, signals and pipes: one clear line, a documented exit code, nothing
// left behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { mapMemory } from '../../bench/proc.mjs';
import { countMapBytes, mapTooBig, mebibytes, memAvailable, possibleCpus } from '../../src/core/memory.js';
import {
  BANNER,
  durationBanner,
  CLI,
  ROOT,
  bpfObjectIds,
  bpfObjectsHeld,
  collect,
  parseTable,
  rootSkipReason,
  runCli,
  runWorkload,
  startTracing,
  workload,
} from '../support.js';

test('the map memory estimate follows the kernel layout; a map over half of MemAvailable is refused', () => {
  // What kernel 6.18 charged with 2 possible CPUs (fdinfo memlock).
  assert.equal(countMapBytes(2048, 2), 246_880);
  assert.equal(countMapBytes(1_000_000, 2), 120_778_336);
  assert.equal(countMapBytes(3000, 4), 832 + 4096 * 16 + 4 * 40 + 3004 * 104);
  assert.equal(possibleCpus('0-1\n'), 2);
  assert.equal(possibleCpus('0,2-5\n'), 5);
  assert.equal(memAvailable('MemTotal:  100 kB\nMemAvailable:    2048 kB\n'), 2048 * 1024);
  assert.equal(memAvailable(''), undefined);
  assert.equal(mapTooBig(2048, 10 * 2 ** 20), undefined);
  assert.equal(mapTooBig(4_194_304, undefined), undefined);
  assert.equal(
    mapTooBig(4_194_304, 500 * 2 ** 20),
    '--max-entries 4194304 needs about 480 MiB of kernel memory, more than half of the 500 MiB available now; choose a smaller bound',
  );
});

test('a missing or broken addon: one line naming the paths tried and the rebuild command, exit 6', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'syscallbypid-noaddon-'));
  cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'scripts/prebuilt-path.cjs'), join(copy, 'scripts/prebuilt-path.cjs'));
  copyFileSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  const run = () => collect(spawn(process.execPath, [join(copy, 'dist/syscallbypid.cjs'), '-d', '1'], { stdio: ['ignore', 'pipe', 'pipe'] }), 20_000);
  const tried = `${copy}/build/Release/syscallbypid.node: not found; ${copy}/build/Debug/syscallbypid.node: not found; `;
  const fix =
    'build it from source with `npm_config_build_from_source=true npm rebuild syscallbypid`, or in a clone of the repository `npm run build:native` (needs g++, make, python3 and zlib1g-dev)\n';
  const prebuilt = `${copy}/prebuilds/${process.platform}-${process.arch}/syscallbypid.node`;

  const missing = await run();
  assert.equal(missing.code, 6, missing.stderr);
  assert.equal(missing.stdout, '');
  assert.equal(missing.stderr, `syscallbypid: cannot load the native addon (tried ${tried}${prebuilt}: not found): ${fix}`);

  mkdirSync(dirname(prebuilt), { recursive: true });
  writeFileSync(prebuilt, 'not an ELF file, '.repeat(64));
  const broken = await run();
  assert.equal(broken.code, 6, broken.stderr);
  assert.match(broken.stderr, /^syscallbypid: cannot load the native addon \(tried .*: Error: .*invalid ELF header\): build it from source/);
  assert.equal(broken.stderr.split('\n').length, 2, 'one line');
});

describe('environment, signals and pipes', { skip: rootSkipReason() }, () => {
  test('--btf with a copy of the kernel BTF traces as usual', async () => {
    const btf = join(mkdtempSync(join(tmpdir(), 'syscallbypid-btf-')), 'vmlinux');
    copyFileSync('/sys/kernel/btf/vmlinux', btf);
    const result = await runCli(['--btf', btf, '-d', '0.3']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(parseTable(result.stdout).length > 0);
  });

  test("--btf with a file that is not BTF: one line, exit 5; --verbose adds libbpf's log", async () => {
    const bogus = join(mkdtempSync(join(tmpdir(), 'syscallbypid-btf-')), 'bogus');
    writeFileSync(bogus, 'not BTF at all\n');
    const result = await runCli(['--btf', bogus, '-d', '1']);
    assert.deepEqual([result.code, result.stdout], [5, '']);
    assert.equal(result.stderr, `syscallbypid: cannot use the BTF of --btf: reading BTF file ${bogus}: BPF object format invalid\n`);
    const verbose = await runCli(['--btf', bogus, '-d', '1', '--verbose']);
    assert.equal(verbose.code, 5);
    assert.match(
      verbose.stderr,
      /^syscallbypid: count maps: 2 × 2048 entries, about 0\.47 MiB of kernel memory\nsyscallbypid: cannot use the BTF.*\n  libbpf: .+\n$/,
    );
  });

  test("--btf with BTF that is not a kernel's is refused, not trusted", async () => {
    const object = join(ROOT, 'bpf/syscallbypid.bpf.o'); // valid BTF, but of our program only
    const result = await runCli(['--btf', object, '-d', '1']);
    assert.deepEqual([result.code, result.stdout], [5, '']);
    assert.equal(
      result.stderr,
      `syscallbypid: cannot use the BTF of --btf: reading BTF file ${object} (no kernel types: pt_regs, btf_trace_sys_exit): Invalid argument\n`,
    );
  });

  test('-v gives what the kernel charges for the map, and the estimate is that', async () => {
    for (const entries of [2048, 100_000]) {
      const { child, result } = await startTracing(['-v', '-p', '1', '--max-entries', String(entries)], 60_000, undefined, BANNER);
      const charged = Object.values(mapMemory(child.pid!)).find((m) => m.entries === entries)?.memlock;
      child.kill('SIGINT');
      const { stderr } = await result;
      assert.ok(charged, 'count map not found in fdinfo');
      // struct bpf_htab's size changes between kernel versions by a few bytes, nothing else.
      assert.ok(Math.abs(countMapBytes(entries) - charged) < 256, `estimate ${countMapBytes(entries)} vs charged ${charged}`);
      // Two maps: the one counted into and the empty one swapped in when it is drained.
      assert.ok(stderr.startsWith(`syscallbypid: count maps: 2 × ${entries} entries, about ${mebibytes(2 * charged)} of kernel memory\n`), stderr);
    }
  });

  test('--duration stops by itself and prints', async () => {
    const started = Date.now();
    const result = await runCli(['-d', '0.5']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(Date.now() - started < 5000);
    assert.equal(result.stderr, durationBanner('0.5'));
    assert.ok(parseTable(result.stdout).length > 0);
  });

  test('SIGHUP stops, prints, exits 0', async () => {
    const { child, result } = await startTracing();
    child.kill('SIGHUP');
    const { code, stdout, stderr } = await result;
    assert.equal(code, 0, stderr);
    assert.ok(parseTable(stdout).length > 0);
  });

  test('| head -1: exits 0 quietly', async () => {
    const child = spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" -d 0.3 | head -1`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result = await collect(child, 20_000);
    // The header alone; its widths follow the machine's rows (a long thread name widens CMD).
    assert.deepEqual([result.code, result.stderr], [0, durationBanner('0.3')]);
    assert.match(result.stdout, /^PID +CMD +SYSCALL +COUNT\n$/);
  });

  test('stdout on a full disk: one line, exit 1', async () => {
    const child = spawn(process.execPath, [CLI, '-d', '0.3'], { stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'] });
    const result = await collect(child, 20_000);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `${durationBanner('0.3')}syscallbypid: cannot write the table to stdout: ENOSPC: no space left on device, write\n`);
  });

  test('a slow reader still gets the whole table', async () => {
    workload();
    const { child, result } = await startTracing(['--max-entries', '65536']);
    await runWorkload('names', '5000'); // 10,000 rows: far more than a pipe buffer
    child.stdout!.pause();
    child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.stdout!.resume();
    const { code, stdout } = await result;
    assert.equal(code, 0);
    const rows = parseTable(stdout);
    assert.ok(rows.length > 10_000, `${rows.length} rows`);
    assert.ok(stdout.endsWith('\n'));
  });

  test('a second SIGINT kills it at once, even while it writes into a stalled pipe', async () => {
    workload();
    const { child, result } = await startTracing(['--max-entries', '65536']);
    await runWorkload('names', '5000');
    child.stdout!.pause();
    child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // it is now blocked on the full pipe
    child.kill('SIGINT');
    const timer = setTimeout(() => child.stdout!.resume(), 3000); // unblock only if it did not die
    const { code, signal } = await result;
    clearTimeout(timer);
    assert.deepEqual([code, signal], [null, 'SIGINT']);
  });

  test('SIGKILL while loading, attached or draining leaves no program or map behind', async () => {
    const orphans = () => {
      const held = bpfObjectsHeld();
      return new Set([...bpfObjectIds()].filter((id) => !held.has(id)));
    };
    const before = orphans();
    for (const delayMs of [0, 20, 50, 100, 200]) {
      const child = spawn(process.execPath, [CLI], { stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
    }
    const draining = await startTracing(['--max-entries', '65536']);
    await runWorkload('names', '5000');
    draining.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 30));
    draining.child.kill('SIGKILL');
    await draining.result;
    // The kernel frees programs and maps after an RCU grace period: give it a moment.
    let leaked: string[] = [];
    for (let i = 0; i < 50; i++) {
      const now = orphans();
      leaked = [...now].filter((id) => !before.has(id));
      if (leaked.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(leaked, []);
  });
});
