#!/usr/bin/env node
// A long run: syscallbypid traces the machine for SOAK_SECONDS (default 600) while a mixed
// workload runs (a long getppid loop, a long dd, and two new processes every 100 ms); its RSS and CPU are sampled
// every 10 s and must stay flat. Run as root: npm run soak. Writes bench/results/soak-<date>.md.
// Every process leaves its keys in the map for the whole run (about 25 each), so the churn rate
// is chosen to stay well within --max-entries 4194304 for 10 minutes (about 600 keys a second).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cpuSeconds, launch, prepare, sleep, waitFor } from './proc.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const SAMPLE = 10;

const loop = prepare('soak');

// The keys of short-lived processes pile up for the whole run: give them the most room there is.
const tracer = launch(process.execPath, [join(ROOT, 'dist/syscallbypid.cjs'), '--max-entries', '4194304']);
await waitFor(tracer, 'stderr', 'Hit Ctrl-C to end.');
// Each in its own process group, so that stopping it stops what it started too.
const workloads = [
  `while :; do ${loop} getppid 100000000 1 >/dev/null; done`,
  'while :; do dd if=/dev/zero of=/dev/null bs=1 count=100000000 status=none; done',
  'while :; do /bin/true; sleep 0.1; done',
].map((script) => launch('sh', ['-c', script], { detached: true }));
const stopWorkloads = () => {
  for (const w of workloads) {
    try {
      process.kill(-w.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
};
process.on('exit', stopWorkloads);

const rssOf = (pid) => Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const samples = [];
let cpu = cpuSeconds(tracer.child.pid);
let died = false;
void tracer.done.then(() => (died = true));
for (let t = SAMPLE; t <= SECONDS; t += SAMPLE) {
  await sleep(SAMPLE * 1000);
  if (died) {
    console.error(`soak: the tracer stopped after about ${t} s: ${tracer.err.trim()}`);
    process.exit(1);
  }
  const now = cpuSeconds(tracer.child.pid);
  samples.push({ t, rss: rssOf(tracer.child.pid), cpu: ((now - cpu) / SAMPLE) * 100 });
  cpu = now;
  process.stderr.write(`soak: ${t}/${SECONDS} s, RSS ${samples.at(-1).rss.toFixed(1)} MiB\n`);
}
stopWorkloads();
tracer.child.kill('SIGINT');
const status = await tracer.done;
if (status.code !== 0) throw new Error(`the tracer failed: ${tracer.err}`);

const first = samples.slice(0, 3);
const last = samples.slice(-3);
const mean = (xs, k) => xs.reduce((n, x) => n + x[k], 0) / xs.length;
const flat = mean(last, 'rss') <= mean(first, 'rss') * 1.1 + 2 && mean(last, 'cpu') <= mean(first, 'cpu') * 1.5 + 0.5;
const lines = [
  `# Soak, ${new Date().toISOString()}`,
  '',
  `${SECONDS} s of tracing under a getppid loop, dd bs=1 and true and sleep started every ~100 ms; sampled every ${SAMPLE} s.`,
  `Reproduce: \`sudo npm run soak\` (SOAK_SECONDS sets the length).`,
  '',
  '| t (s) | RSS (MiB) | CPU (% of a core) |',
  '|---|---|---|',
  ...samples.map((s) => `| ${s.t} | ${s.rss.toFixed(1)} | ${s.cpu.toFixed(2)} |`),
  '',
  `Verdict: ${flat ? 'flat' : 'NOT flat'} (RSS first ${mean(first, 'rss').toFixed(1)} MiB, last ${mean(last, 'rss').toFixed(1)} MiB; ` +
    `CPU first ${mean(first, 'cpu').toFixed(2)} %, last ${mean(last, 'cpu').toFixed(2)} %).`,
  '',
];
process.stdout.write(lines.join('\n'));
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results', `soak-${new Date().toISOString().slice(0, 10)}.md`), lines.join('\n'));
process.exitCode = flat ? 0 : 1;
// The exporter under a bounded abusive client (bench/abuse.mjs): its RSS must stay flat too.
if (!(await (await import('./abuse.mjs')).main())) process.exitCode = 1;
