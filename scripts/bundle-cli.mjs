// Bundles the compiled CLI (dist/cli.js and everything it imports, commander included) into the
// one file the package runs, dist/syscallbypid.cjs. Node then reads one file instead of thirty,
// and as CommonJS it skips the ES module loader's resolving and linking: it reaches the banner
// about 35 ms sooner than dist/cli.js does (+44 ms over a bare `node -e 0` against +77 to +81,
// interleaved runs; `BENCH_PARTS=startup npm run bench` measures it). What cli.js imports on
// demand (the exporter, and node:http with it) is still only initialized when asked for. The
// addon, prebuilt-path.cjs, package.json and string-width stay outside: they are loaded through
// createRequire, relative to the bundle, which sits where dist/cli.js does.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli.js'],
  outfile: 'dist/syscallbypid.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  // The sources are ES modules that find files next to them through import.meta.url.
  define: { 'import.meta.url': 'bundleUrl' },
  banner: { js: "'use strict';\nconst bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
