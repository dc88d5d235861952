// The man page: groff renders it without a warning, and it documents every long option --help lists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../support.js';

const PAGE = join(ROOT, 'man/syscallbypid.1');

test('groff renders man/syscallbypid.1 with every warning on and gets none', () => {
  const result = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', PAGE], { encoding: 'utf8' });
  assert.deepEqual([result.error, result.status, result.stderr], [undefined, 0, '']);
});

test('the man page documents every long option of --help', async () => {
  const help = await runCli(['--help']);
  const options = [...new Set([...help.stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)].map(([, name]) => name!))];
  assert.ok(options.length >= 25, `only ${options.length} options parsed from --help`);
  // In roff source a hyphen is \- and fonts are \fB..\fR: strip both to read the names.
  const page = readFileSync(PAGE, 'utf8')
    .replace(/\\-/g, '-')
    .replace(/\\f[BIRP]/g, '');
  const missing = options.filter((name) => !new RegExp(`${name}(?![a-z-])`).test(page));
  assert.deepEqual(missing, []);
});

test('package.json ships the man page', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { man?: string[]; files: string[] };
  assert.deepEqual(pkg.man, ['./man/syscallbypid.1']);
  assert.ok(pkg.files.includes('man/syscallbypid.1'));
});
