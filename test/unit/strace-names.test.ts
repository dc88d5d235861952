// The generated tables against strace's spelling: strace -n prints each call's number beside the
// name it gives it, for workloads that make many different calls.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { syscallTable } from '../../src/syscalls/names.js';
import { i386Helper, ia32SkipReason } from '../support.js';

// Where strace and the kernel's tables spell a call differently, and why. None so far; a new
// difference fails the test until it is listed here with its reason.
const KNOWN_DIFFERENCES: Record<string, string> = {};

// Calls that strace 6.1 (Debian 12's) does not know by any name: the kernel added them later.
const NEWER_THAN_STRACE = [
  'uretprobe',
  'uprobe', // 6.11, 6.15
  'cachestat',
  'fchmodat2',
  'map_shadow_stack',
  'futex_wake',
  'futex_wait',
  'futex_requeue', // 6.5 to 6.7
  'statmount',
  'listmount',
  'lsm_get_self_attr',
  'lsm_set_self_attr',
  'lsm_list_modules', // 6.8
  'mseal',
  'setxattrat',
  'getxattrat',
  'listxattrat',
  'removexattrat',
  'open_tree_attr', // 6.10 to 6.15
  'file_getattr',
  'file_setattr',
  'listns',
  'rseq_slice_yield', // 6.17 and later
];

function straceSkipReason(): string | false {
  if (process.arch !== 'x64') return 'the workloads and their expected ABIs are x86_64 ones';
  if (spawnSync('strace', ['-V']).status !== 0) return 'strace is not installed';
  return false;
}

/** Every (number, name) strace printed for a traced command, as "number name". */
function straceCalls(command: string[], input = ''): Array<[number, string]> {
  const out = join(mkdtempSync(join(tmpdir(), 'syscallbypid-strace-')), 'trace');
  execFileSync('strace', ['-f', '-n', '-qq', '-o', out, ...command], { input, stdio: ['pipe', 'ignore', 'inherit'] });
  const calls = new Map<string, [number, string]>();
  for (const [, id, name] of readFileSync(out, 'utf8').matchAll(/\[\s*(\d+)\] (?:<\.\.\. )?([a-z_0-9]+)[( ]/g)) {
    calls.set(`${id} ${name}`, [Number(id), name!]);
  }
  return [...calls.values()];
}

function differences(calls: Array<[number, string]>, abi: string): string[] {
  const table = syscallTable(abi);
  return calls
    .filter(([id, name]) => table.get(id) !== name && !(name in KNOWN_DIFFERENCES))
    .map(([id, name]) => `${abi} ${id}: strace says ${name}, the table ${table.get(id) ?? 'nothing'}`);
}

/** The names strace refuses in `-e trace=`: each run names the first unknown one. */
function namesStraceRefuses(names: string[]): string[] {
  const refused: string[] = [];
  let rest = [...new Set(names)];
  for (;;) {
    const run = spawnSync('strace', ['-qq', '-o', '/dev/null', '-e', `trace=${rest.join(',')}`, 'true'], { encoding: 'utf8' });
    if (run.status === 0) return refused;
    const name = /invalid system call '([^']+)'/.exec(run.stderr)?.[1];
    if (!name || !rest.includes(name)) throw new Error(`strace failed: ${run.stderr}`);
    refused.push(name);
    rest = rest.filter((n) => n !== name);
  }
}

test('strace knows every name of the x86 tables, but for calls newer than itself', { skip: straceSkipReason() }, () => {
  for (const abi of ['x86_64', 'i386', 'x32']) {
    const refused = namesStraceRefuses([...syscallTable(abi).values()]);
    assert.deepEqual(
      refused.filter((name) => !NEWER_THAN_STRACE.includes(name)),
      [],
      abi,
    );
  }
});

test('x86_64 names are spelt as strace spells them', { skip: straceSkipReason() }, () => {
  const shell = [
    'ls -la / >/dev/null; stat /etc/hostname >/dev/null; id >/dev/null; date >/dev/null',
    'd=$(mktemp -d); touch $d/a; ln -s a $d/b; chmod 600 $d/a; mv $d/a $d/c; rm -r $d',
    'sleep 0; true | cat >/dev/null',
  ].join('; ');
  const node = "require('fs').readdirSync('/'); require('net').createServer().listen(0, () => process.exit(0))";
  const calls = [...straceCalls(['sh', '-c', shell]), ...straceCalls([process.execPath, '-e', node])];
  assert.ok(new Set(calls.map(([id]) => id)).size >= 50, `only ${calls.length} different calls traced`);
  assert.deepEqual(differences(calls, 'x86_64'), []);
});

test('i386 names are spelt as strace spells them', { skip: straceSkipReason() || ia32SkipReason() }, () => {
  // strace shows the helper's execve in the 64-bit table (the call that started it), then i386 calls.
  const [execve, ...calls] = straceCalls([i386Helper()], 'go\n');
  assert.deepEqual(execve, [59, 'execve']);
  assert.deepEqual(calls.map(([, name]) => name).sort(), ['close', 'exit', 'fork', 'getpid', 'read', 'waitpid', 'write']);
  assert.deepEqual(differences(calls, 'i386'), []);
});
