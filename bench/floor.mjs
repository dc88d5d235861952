// The benchmark's floor: attaches the empty program at syscallbypid's attach point, prints
// "ready", and detaches on SIGINT. `floor.mjs time`: the floor of --time, empty programs at both
// the syscall's entry and its completion.
import { createRequire } from 'node:module';

const addon = createRequire(import.meta.url)('../build/Release/syscallbypid.node');
const tracer = new addon.Tracer({ maxEntries: 1, floor: true, ...(process.argv[2] === 'time' && { time: true }) });
process.stdout.write('ready\n');
process.on('SIGINT', () => {
  tracer.close();
  process.exit(0);
});
setInterval(() => {}, 1 << 30);
