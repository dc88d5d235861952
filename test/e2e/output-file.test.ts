// --output-file as root against a file another user planted: needs root to make the file another user's.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chmodSync, chownSync, existsSync, lchownSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRefusal } from '../../src/cli/write.js';
import { rootSkipReason, runCli } from '../support.js';

describe('--output-file refuses a planted file, before tracing: exit 2, the file untouched', { skip: rootSkipReason() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'syscallbypid-out-'));
  const target = join(dir, 'precious');
  writeFileSync(target, 'keep me\n');
  test("another user's file in a folder anyone can write with the sticky bit (/tmp), as the kernel's protected_regular would", async () => {
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const planted = join(shared, 'out');
    writeFileSync(planted, 'theirs\n');
    chownSync(planted, 65534, 65534);
    const result = await runCli(['--output-file', planted, '-d', '1']);
    const why = 'belongs to another user (uid 65534) in a folder anyone can write: give a path in a folder only you can write';
    assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', `syscallbypid: option '--output-file <path>': ${planted} ${why}\n`]);
    assert.equal(readFileSync(planted, 'utf8'), 'theirs\n');
    // The kernel's own refusal (EACCES under fs.protected_regular, or protected_symlinks) is explained the same way.
    const eacces = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    assert.equal(openRefusal(planted, eacces), why);
    symlinkSync(target, join(shared, 'link'));
    assert.equal(openRefusal(join(shared, 'link'), eacces), 'is a symbolic link: give the file itself');
    assert.equal(openRefusal(target, eacces), undefined);
    // Our own file there is written.
    writeFileSync(join(shared, 'mine'), 'x');
    assert.deepEqual((await runCli(['--output-file', join(shared, 'mine'), '-d', '0.1'])).code, 0);
  });

  test("a symbolic link in the folders above the file (another user's, to a root-only folder) is refused, not followed", async () => {
    const secret = join(dir, 'secret');
    mkdirSync(secret, 0o700);
    writeFileSync(join(secret, 'counts.txt'), 'root only\n');
    const home = join(dir, 'home');
    mkdirSync(home);
    chownSync(home, 65534, 65534);
    const link = join(home, 'reports');
    symlinkSync(secret, link);
    lchownSync(link, 65534, 65534);
    for (const given of [join(link, 'counts.txt'), join(link, 'new.txt')]) {
      const result = await runCli(['--output-file', given, '-d', '1']);
      const why = `has a symbolic link in its folders (${link} is ${secret}): give the real path`;
      assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', `syscallbypid: option '--output-file <path>': ${given} ${why}\n`]);
    }
    assert.equal(readFileSync(join(secret, 'counts.txt'), 'utf8'), 'root only\n');
    assert.equal(existsSync(join(secret, 'new.txt')), false);
    // The real path is written.
    assert.equal((await runCli(['--output-file', join(secret, 'counts.txt'), '-d', '0.1'])).code, 0);
    assert.match(readFileSync(join(secret, 'counts.txt'), 'utf8'), /^PID\s+CMD\s+SYSCALL\s+COUNT\n/);
  });
});
