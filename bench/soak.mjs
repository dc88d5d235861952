#!/usr/bin/env node
// A long run: syscallbypid traces the machine for SOAK_SECONDS (default 600) with the default
// bound while a mixed workload runs (a long getppid loop, a long dd, and two new processes every
// 100 ms); its RSS and CPU are sampled every 10 s. The kernel map keeps only the keys still changing,
// so the run must end with a table; CPU must stay flat and RSS may grow only with the table's rows.
// Run as root: npm run soak. Writes bench/results/soak-<date>.md with the table summed by syscall.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cpuSeconds, launch, prepare, sleep, waitFor } from './proc.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const SAMPLE = 10;
// What a row may cost the tracer: the drained table's 56 bytes of key and counts and its index,
// grown by doubling (up to 128 bytes), and the allocator's slack; plus a fixed allowance.
const BYTES_PER_ROW = 160;
const RSS_ALLOWANCE_MIB = 8;

const loop = prepare('soak');

const tracer = launch(process.execPath, [join(ROOT, 'dist/syscallbypid.cjs')]);
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
if (status.code !== 0) throw new Error(`the tracer failed (exit ${status.code ?? status.signal}): ${tracer.err}`);

// The table: every (process, thread name, syscall) of the run. Too big to keep whole; its sum by
// syscall goes into the results, with its size.
const rows = tracer.out
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.trim().split(/\s+/));
const processes = new Set(rows.map((r) => r[0])).size;
const bySyscall = new Map();
for (const [, , syscall, count] of rows) bySyscall.set(syscall, (bySyscall.get(syscall) ?? 0) + Number(count));
const completions = [...bySyscall.values()].reduce((n, c) => n + c, 0);

const first = samples.slice(0, 3);
const last = samples.slice(-3);
const mean = (xs, k) => xs.reduce((n, x) => n + x[k], 0) / xs.length;
const rssAllowed = (rows.length * BYTES_PER_ROW) / 2 ** 20 + RSS_ALLOWANCE_MIB;
const rssGrowth = mean(last, 'rss') - mean(first, 'rss');
const flat = rssGrowth <= rssAllowed && mean(last, 'cpu') <= mean(first, 'cpu') * 1.5 + 0.5;
const lines = [
  `# Soak, ${new Date().toISOString()}`,
  '',
  `${SECONDS} s of tracing with the default --max-entries under a getppid loop, dd bs=1 and true and sleep started every ~100 ms; sampled every ${SAMPLE} s.`,
  `Reproduce: \`sudo npm run soak\` (SOAK_SECONDS sets the length).`,
  '',
  '| t (s) | RSS (MiB) | CPU (% of a core) |',
  '|---|---|---|',
  ...samples.map((s) => `| ${s.t} | ${s.rss.toFixed(1)} | ${s.cpu.toFixed(2)} |`),
  '',
  `Verdict: ${flat ? 'flat' : 'NOT flat'} (RSS first ${mean(first, 'rss').toFixed(1)} MiB, last ${mean(last, 'rss').toFixed(1)} MiB, ` +
    `growth allowed for ${rows.length} rows ${rssAllowed.toFixed(1)} MiB; CPU first ${mean(first, 'cpu').toFixed(2)} %, last ${mean(last, 'cpu').toFixed(2)} %).`,
  '',
  `The table: ${rows.length} rows from ${processes} processes, ${completions} completions. Summed by syscall:`,
  '',
  '| SYSCALL | COUNT |',
  '|---|---|',
  ...[...bySyscall].sort((a, b) => b[1] - a[1]).map(([syscall, count]) => `| ${syscall} | ${count} |`),
  '',
];
process.stdout.write(lines.join('\n'));
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results', `soak-${new Date().toISOString().slice(0, 10)}.md`), lines.join('\n'));
process.exitCode = flat ? 0 : 1;
// The exporter under a bounded abusive client (bench/abuse.mjs): its RSS must stay flat too.
if (!(await (await import('./abuse.mjs')).main())) process.exitCode = 1;
