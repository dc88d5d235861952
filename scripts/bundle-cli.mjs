// Bundles the compiled CLI (dist/cli/cli.js and everything it imports, commander included) into the
// one file the package runs, dist/syscallbypid.cjs. Node then reads one file instead of thirty,
// and as CommonJS it skips the ES module loader's resolving and linking: it reaches the banner
// about 35 ms sooner than dist/cli/cli.js does (+44 ms over a bare `node -e 0` against +77 to +81,
// interleaved runs; `BENCH_PARTS=startup npm run bench` measures it). What cli.js imports on
// demand (the exporter, and node:http with it) is still only initialized when asked for. The
// addon, prebuilt-path.cjs, package.json and string-width stay outside: they are loaded through
// createRequire, relative to import.meta.url, which in the bundle names dist/cli/cli.js: every
// module that finds a file that way sits one folder under src/, as the compiled ones do under dist/.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/cli.js'],
  outfile: 'dist/syscallbypid.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  // The sources are ES modules that find files next to them through import.meta.url.
  define: { 'import.meta.url': 'bundleUrl' },
  // Run as a program, the file is a shell script first: Node resets at startup what the tool must
  // hand COMMAND as it got it (it raises the soft RLIMIT_NOFILE, and un-ignores an ignored SIGHUP,
  // as under nohup), so the shell records both in SYSCALLBYPID_START and execs Node on this same
  // file, for which the line is a string and a comment (src/cli/environment.ts reads it). The
  // script's path is made one node cannot take for an option (`-x`) nor resolve as a module name.
  banner: {
    js: [
      '#!/bin/sh',
      `':' //; s=; { while read -r k v; do [ "$k" = SigIgn: ] && s=$v; done < /proc/$$/status; } 2>/dev/null; case $0 in /*) p=$0;; *) p=./$0;; esac; SYSCALLBYPID_START="$(ulimit -Sn) $s" exec node -- "$p" "$@"`,
      "'use strict';",
      "const bundleUrl = require('node:url').pathToFileURL(require('node:path').join(__dirname, 'cli', 'cli.js')).href;",
    ].join('\n'),
  },
});
// Runnable as ./dist/syscallbypid.cjs in a clone, as npm's bin link makes it when installed.
chmodSync(`${root}/dist/syscallbypid.cjs`, 0o755);
