// Where the package keeps the prebuilt addon for a platform and architecture, for the script that
// builds it (build-prebuilt.sh), the install script (use-prebuilt.cjs) and the loader (src/core/native.ts).
'use strict';
const path = require('path');

function prebuiltPath(platform = process.platform, arch = process.arch) {
  return path.join(__dirname, '..', 'prebuilds', `${platform}-${arch}`, 'syscallbypid.node');
}

module.exports = { prebuiltPath };
