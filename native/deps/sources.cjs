// Prints the files of a vendored library as its own build lists them, so deps.gyp never carries
// a hand-copied list that could drift from the vendored release.
//   node sources.cjs libelf          libelf_a_SOURCES of elfutils/libelf/Makefile.am, plus eu-search.c
//   node sources.cjs libbpf          OBJS of libbpf/src/Makefile, as .c files
//   node sources.cjs libbpf-headers  HEADERS of libbpf/src/Makefile (what `make install` puts in <bpf/...>)
'use strict';
const fs = require('fs');
const path = require('path');

// The words of a make variable assignment `NAME = a b \ c` or `NAME := ...`.
function makeVariable(file, name) {
  const text = fs.readFileSync(path.join(__dirname, file), 'utf8');
  const match = new RegExp(`^${name}\\s*:?=((?:.*\\\\\\n)*.*)$`, 'm').exec(text);
  if (!match) throw new Error(`${name} not found in ${file}`);
  return match[1].replace(/\\\n/g, ' ').split(/\s+/).filter(Boolean);
}

const lists = {
  libelf: () => makeVariable('elfutils/libelf/Makefile.am', 'libelf_a_SOURCES')
    .map((f) => `elfutils/libelf/${f}`)
    .concat('elfutils/lib/eu-search.c'),
  libbpf: () => makeVariable('libbpf/src/Makefile', 'OBJS').map((f) => `libbpf/src/${f.replace(/\.o$/, '.c')}`),
  'libbpf-headers': () => makeVariable('libbpf/src/Makefile', 'HEADERS').map((f) => `libbpf/src/${f}`),
};

const list = lists[process.argv[2]];
if (!list) throw new Error(`usage: node sources.cjs ${Object.keys(lists).join('|')}`);
process.stdout.write(list().join('\n') + '\n');
