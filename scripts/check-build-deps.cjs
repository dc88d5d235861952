// Runs before node-gyp: checks what the native build takes from the system, so that a missing
// piece is one line naming the package instead of a compiler error dump. libbpf and libelf are
// vendored; only the toolchain and zlib's headers come from the system.
'use strict';
const { execFileSync } = require('child_process');

function has(command) {
  try {
    execFileSync('/bin/sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function compiles(header) {
  try {
    execFileSync('cc', ['-E', '-x', 'c', '-'], { input: `#include <${header}>\n`, stdio: ['pipe', 'ignore', 'ignore'] });
    return true;
  } catch {
    return false;
  }
}

const missing = [];
for (const [command, pkg] of [
  ['cc', 'gcc'],
  ['c++', 'g++'],
  ['make', 'make'],
  ['python3', 'python3'],
]) {
  if (!has(command)) missing.push(`${command} (package ${pkg})`);
}
if (has('cc') && !compiles('zlib.h')) missing.push('zlib headers (package zlib1g-dev)');

if (missing.length > 0) {
  const packages = missing.map((m) => /package (\S+)\)/.exec(m)[1]).join(' ');
  console.error(`syscallbypid: cannot build the native addon, missing ${missing.join(', ')}: run apt-get install ${packages}`);
  process.exit(1);
}
