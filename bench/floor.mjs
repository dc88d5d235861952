// The benchmark's floor: attaches the empty program at syscallbypid's attach point, prints
// "ready", and detaches on SIGINT. `floor.mjs time`: the floor of --time, empty programs at both
// the syscall's entry and its completion. `floor.mjs clock`: --time's own entry program and a
// completion that only reads the clock, what every tracer that times calls pays.
import { createRequire } from 'node:module';

const addon = createRequire(import.meta.url)('../build/Release/syscallbypid.node');
const mode = process.argv[2];
const tracer = new addon.Tracer({
  maxEntries: 1,
  floor: true,
  ...((mode === 'time' || mode === 'clock') && { time: true }),
  ...(mode === 'clock' && { clock: true }),
});
process.stdout.write('ready\n');
process.on('SIGINT', () => {
  tracer.close();
  process.exit(0);
});
setInterval(() => {}, 1 << 30);
