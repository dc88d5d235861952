// The install script's first step: exits 0 when the prebuilt addon shipped in the package matches
// this machine and loads, so nothing is compiled; exits 1, after saying why, when the addon has to
// be built from source (the install script then runs node-gyp). A git checkout has no prebuilt
// addon: it always builds from source, silently.
'use strict';
const fs = require('fs');
const path = require('path');
const { prebuiltPath } = require('./prebuilt-path.cjs');

const prebuilt = prebuiltPath();
const fromSource = ['true', '1'].includes(String(process.env.npm_config_build_from_source).toLowerCase());
if (fromSource) {
  console.error('syscallbypid: building the addon from source, as npm_config_build_from_source asks');
  process.exit(1);
}
if (!fs.existsSync(prebuilt)) {
  if (fs.existsSync(path.join(__dirname, '..', 'prebuilds'))) {
    console.error(`syscallbypid: no prebuilt addon for ${process.platform}-${process.arch}; building from source`);
  }
  process.exit(1);
}
try {
  require(prebuilt);
} catch (error) {
  console.error(`syscallbypid: the prebuilt addon ${prebuilt} does not load here (${error.message.split('\n')[0]}); building from source`);
  process.exit(1);
}
