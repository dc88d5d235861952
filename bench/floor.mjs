// The benchmark's floor: attaches the empty program at syscallbypid's attach point, prints
// "ready", and detaches on SIGINT.
import { createRequire } from 'node:module';

const addon = createRequire(import.meta.url)('../build/Release/syscallbypid.node');
const tracer = new addon.Tracer({ maxEntries: 1, floor: true });
process.stdout.write('ready\n');
process.on('SIGINT', () => {
  tracer.close();
  process.exit(0);
});
setInterval(() => {}, 1 << 30);
