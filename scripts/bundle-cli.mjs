// Bundles the compiled CLI (dist/cli.js and everything it imports, commander included) into the
// one file the package runs, dist/syscallbypid.js: Node resolves, reads and links one module
// instead of thirty, which took 40 ms of a 65 ms start over bare Node (bench: `npm run bench`).
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
