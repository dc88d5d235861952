// Bundles the compiled CLI (dist/cli.js and everything it imports, commander included) into the
// one file the package runs, dist/syscallbypid.js: Node resolves, reads and links one module
// instead of thirty, which took 16 to 40 ms of a start 55 to 70 ms longer than bare Node's
// (interleaved runs; `BENCH_PARTS=startup npm run bench` measures it).
// The addon, prebuilt-path.cjs, package.json and string-width stay outside: they are loaded
// through createRequire, relative to the bundle, which sits where dist/cli.js does.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli.js'],
  outfile: 'dist/syscallbypid.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // commander is CommonJS: its require() of Node's modules needs a require in the ES module.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module';\nconst require = bundleRequire(import.meta.url);" },
});
