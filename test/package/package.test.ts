// The tarball `npm pack` makes: it ships a prebuilt addon that installs without compiling, even
// on a machine without a compiler, and still builds from source when asked. Slow: packing builds
// the prebuilt addon in a Debian bullseye root (made once per machine), and one install compiles
// libbpf and libelf, as a user's source build does. Packing needs root (debootstrap, chroot).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, durationBanner, parseTable, rootSkipReason, startTracing } from '../support.js';

const FRESH_NS = join(ROOT, '../shared/tools/fresh-ns');
const PREBUILT = `prebuilds/${process.platform}-${process.arch}/syscallbypid.node`;

// Without ../shared's fresh-ns (a clone elsewhere), the test hides the toolchain itself: /dev/null
// bound over each compiler and make, in a mount namespace of its own.
const HIDE_TOOLCHAIN = [
  'for f in /usr/bin/gcc* /usr/bin/g++* /usr/bin/cc /usr/bin/c++ /usr/bin/cpp* /usr/bin/make /usr/bin/*-linux-gnu-gcc* /usr/bin/*-linux-gnu-g++* /usr/bin/*-linux-gnu-cpp*; do',
  '  if [ -e "$f" ]; then mount --bind /dev/null "$(readlink -f "$f")"; fi',
  'done',
].join('\n');

test('the scripts that fetch Debian packages take the mirror from apt, and none is kept in the repository', () => {
  for (const file of ['native/deps/VERSIONS', 'native/deps/update.sh', 'scripts/build-prebuilt.sh', 'scripts/gen-syscall-tables.mjs']) {
    assert.deepEqual(readFileSync(join(ROOT, file), 'utf8').match(/https?:\/\/\S+/g) ?? [], [], file);
  }
  const etc = mkdtempSync(join(tmpdir(), 'syscallbypid-apt-'));
  mkdirSync(join(etc, 'sources.list.d'));
  const mirror = () => spawnSync(join(ROOT, 'scripts/apt-mirror.sh'), { encoding: 'utf8', env: { ...process.env, APT_MIRROR_ETC: etc } });
  const none = mirror();
  assert.deepEqual([none.status, none.stdout], [1, '']);
  assert.equal(
    none.stderr,
    `apt-mirror: no Debian mirror (an http(s) URI ending in /debian) in ${etc}/sources.list or ${etc}/sources.list.d; add this machine's Debian mirror to apt's sources\n`,
  );
  const stanzas = [
    'Types: deb\nURIs: http://off.example/debian\nEnabled: no\nSuites: bookworm\n',
    '# a comment\nTypes: deb\nURIs: http://security.example/debian-security http://on.example/debian/\nSuites: bookworm\n',
  ];
  writeFileSync(join(etc, 'sources.list.d/debian.sources'), stanzas.join('\n'));
  writeFileSync(join(etc, 'sources.list.d/other.sources.disabled'), 'Types: deb\nURIs: http://disabled.example/debian\n');
  assert.deepEqual([mirror().status, mirror().stdout], [0, 'http://on.example/debian\n']);
  writeFileSync(
    join(etc, 'sources.list'),
    '# deb http://comment.example/debian bookworm main\ndeb [arch=amd64 signed-by=/k.gpg] https://line.example/debian bookworm main\n',
  );
  assert.equal(mirror().stdout, 'https://line.example/debian\n');
});

describe('npm pack, then npm install into an empty folder', { skip: rootSkipReason() }, () => {
  const work = mkdtempSync(join(tmpdir(), 'syscallbypid-pack-'));
  let tarball = '';
  const npm = (args: string[], cwd: string, env: Record<string, string> = {}) =>
    execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error', ...env } });
  const install = (name: string, env: Record<string, string> = {}) => {
    const app = join(work, name);
    mkdirSync(app);
    npm(['install', tarball], app, env);
    return join(app, 'node_modules/syscallbypid');
  };

  test('packs the prebuilt addon with the sources, and no tests', { timeout: 600_000 }, () => {
    npm(['pack', '--pack-destination', work], ROOT);
    tarball = join(
      work,
      readdirSync(work).find((f) => f.endsWith('.tgz'))!,
    );
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    if (process.arch === 'x64') assert.ok(files.includes(`package/${PREBUILT}`), 'no prebuilt addon in the tarball');
    assert.ok(files.includes('package/native/tracer.cc') && files.includes('package/binding.gyp'), 'the sources are shipped for the fallback build');
    assert.ok(!files.some((f) => f.startsWith('package/test/')), 'tests are not shipped');
  });

  test('the prebuilt addon links nothing but the C library dynamically', { skip: process.arch !== 'x64' && 'only linux-x64 is prebuilt' }, () => {
    const libraries = execFileSync('ldd', [join(ROOT, PREBUILT)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[0]!)
      .filter(Boolean);
    // glibc before 2.34 keeps pthread in its own libpthread.so.0.
    const glibc = ['linux-vdso.so.1', '/lib64/ld-linux-x86-64.so.2', 'libc.so.6', 'libpthread.so.0'];
    assert.deepEqual(
      libraries.filter((l) => !glibc.includes(l)),
      [],
    );
  });

  test(
    'the prebuilt addon needs glibc 2.28 at most (RHEL 8, Debian 10), as the README says',
    { skip: process.arch !== 'x64' && 'only linux-x64 is prebuilt' },
    () => {
      const versions = execFileSync('objdump', ['-T', join(ROOT, PREBUILT)], { encoding: 'utf8' }).match(/GLIBC_\d+(?:\.\d+)*/g) ?? [];
      const newest = versions
        .map((v) => v.slice('GLIBC_'.length).split('.').map(Number))
        .sort((a, b) => a[0]! - b[0]! || (a[1] ?? 0) - (b[1] ?? 0))
        .pop();
      assert.ok(newest, 'no versioned glibc symbol: is it linked against glibc?');
      assert.ok(newest[0]! < 2 || (newest[0] === 2 && newest[1]! <= 28), `needs GLIBC_${newest.join('.')}`);
    },
  );

  test('installs the prebuilt addon without compiling anything', { timeout: 300_000 }, () => {
    const pkg = install('prebuilt');
    assert.equal(existsSync(join(pkg, 'build')), process.arch !== 'x64', 'node-gyp ran');
    assert.match(npm(['exec', '--', 'syscallbypid', '--version'], join(work, 'prebuilt')), /^\d+\.\d+\.\d+\n$/);
  });

  test('npm_config_build_from_source=true builds the addon from the bundled sources', { timeout: 300_000 }, async () => {
    const pkg = install('source', { npm_config_build_from_source: 'true' });
    assert.ok(existsSync(join(pkg, 'build/Release/syscallbypid.node')));
    const { child, result } = await startTracing([], 30_000, [join(pkg, '../.bin/syscallbypid')]);
    child.kill('SIGINT');
    const { code, stdout, stderr } = await result;
    assert.equal(code, 0, stderr);
    assert.ok(parseTable(stdout).length > 0);
  });

  test(
    'on a machine without gcc, g++, cc or make: installs and traces',
    { skip: process.arch !== 'x64' && 'only linux-x64 is prebuilt', timeout: 300_000 },
    () => {
      const script = [
        'set -e',
        'for tool in gcc g++ cc make; do if $tool --version >/dev/null 2>&1; then echo "$tool is not hidden"; exit 99; fi; done',
        `app=$(mktemp -d) && cd "$app"`,
        `npm install --loglevel=error ${JSON.stringify(tarball)} >/dev/null`,
        'npx syscallbypid -d 1',
      ].join('\n');
      const env: NodeJS.ProcessEnv = { ...process.env, FRESH_NS_HIDE_TOOLCHAIN: '1' };
      delete env.FRESH_NS_INNER; // a namespace of its own, also when the tests themselves run in one
      const [command, ...args] = existsSync(FRESH_NS)
        ? [FRESH_NS, 'bash', '-c', script]
        : ['unshare', '-m', '--propagation', 'private', 'bash', '-c', `${HIDE_TOOLCHAIN}\n${script}`];
      const run = spawnSync(command, args, { encoding: 'utf8', env, timeout: 280_000 });
      assert.equal(run.status, 0, run.stderr + run.stdout);
      assert.equal(run.stderr, durationBanner('1'));
      assert.ok(parseTable(run.stdout).length > 0);
    },
  );
});
