// The tarball `npm pack` makes, installed into an empty folder, builds and runs. Slow: it compiles
// libbpf and libelf again, as a user's install does.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, parseTable, rootSkipReason, startTracing } from './support.js';

describe('npm pack, then npm install into an empty folder', () => {
  const work = mkdtempSync(join(tmpdir(), 'syscallbypid-pack-'));
  const app = join(work, 'app');
  const npm = (args: string[], cwd: string) =>
    execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });

  test('installs, building the addon from the bundled sources', { timeout: 300_000 }, () => {
    npm(['pack', '--pack-destination', work], ROOT);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack made no tarball');
    execFileSync('mkdir', [app]);
    npm(['install', join(work, tarball)], app);
    assert.ok(existsSync(join(app, 'node_modules/syscallbypid/build/Release/syscallbypid.node')));
    assert.ok(!existsSync(join(app, 'node_modules/syscallbypid/test')), 'tests are not shipped');
  });

  test('npx syscallbypid --version', () => {
    assert.match(npm(['exec', '--', 'syscallbypid', '--version'], app), /^\d+\.\d+\.\d+\n$/);
  });

  test('npx syscallbypid traces and prints a table on SIGINT', { skip: rootSkipReason() }, async () => {
    const { child, result } = await startTracing([], 30_000, [join(app, 'node_modules/.bin/syscallbypid')]);
    child.kill('SIGINT');
    const { code, stdout, stderr } = await result;
    assert.equal(code, 0, stderr);
    assert.ok(parseTable(stdout).length > 0);
  });
});
