#!/usr/bin/env node
// The exporter under abusive clients, on loopback: connections that pipeline thousands of
// GET /metrics and never read (from several peer addresses, reconnecting as soon as they are cut
// off), and idle connections that hold sockets open, while a well-behaved scraper (Prometheus)
// scrapes /metrics and a probe asks /healthz once a second. The exporter's RSS is sampled every
// second and must stay flat, and every scrape and probe must be answered. Run as root:
//   node bench/abuse.mjs            (ABUSE_SECONDS sets the length, default 120)
// Writes bench/results/abuse-<date>.md. bench/soak.mjs runs it too. RSS climbs for the first
// minute or so (the allocator's heap settling under thousands of connections), then stays: the
// verdict compares the run's two halves, so runs much shorter than 120 s read "NOT flat". Then
// 128 connections ask /metrics once each and never read: no answer may be left in an orphaned
// kernel socket (/proc/net/sockstat), and the kernel's TCP memory must come back.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, launch, sleep, waitFor } from './proc.mjs';

/** Peer addresses of the pipelining clients (127.0.0.2 ...), connections each, requests pipelined on each. */
const PEERS = 8;
const CONNECTIONS_PER_PEER = 25;
const PIPELINED = 4000;
/** Idle connections, all from one more peer address. */
const IDLE = 256;
/** Then: peer addresses (127.0.2.x) of connections that each ask /metrics once and never read the answer, 8 each. */
const NON_READING_PEERS = 16;

/**
 * Runs the abusive clients against 127.0.0.1:`port` until `stopped()` is true. Returns what the
 * well-behaved scraper and probe saw: { scrapes, failedScrapes, probes, failedProbes }, and how
 * many abusive connections were made.
 */
export async function abuse(port, stopped) {
  const pipelined = Buffer.from(`GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`.repeat(PIPELINED));
  let connections = 0;
  const loops = [];
  const keepConnecting = (from, send) =>
    new Promise((resolve) => {
      const again = () => {
        if (stopped()) return resolve();
        connections++;
        const socket = connect({ port, host: '127.0.0.1', localAddress: from }, () => send && socket.write(send));
        socket.pause(); // never read what comes back
        socket.on('error', () => {});
        // A connection the flooded listen queue never completes is given up, as a client would.
        const giveUp = setTimeout(() => socket.destroy(), 5000);
        socket.on('close', () => {
          clearTimeout(giveUp);
          setTimeout(again, 20);
        });
      };
      again();
    });
  for (let p = 0; p < PEERS; p++) {
    for (let c = 0; c < CONNECTIONS_PER_PEER; c++) loops.push(keepConnecting(`127.0.0.${2 + p}`, pipelined));
  }
  for (let i = 0; i < IDLE; i++) loops.push(keepConnecting(`127.0.0.${2 + PEERS}`, undefined));

  const seen = { scrapes: 0, failedScrapes: 0, probes: 0, failedProbes: 0, failures: [] };
  const ask = (path) =>
    new Promise((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
      let answer = '';
      socket.setEncoding('latin1').on('data', (d) => (answer += d));
      socket.on('error', (error) => (answer ||= `error ${error.code}`));
      // Prometheus' default scrape timeout.
      const timeout = setTimeout(() => ((answer ||= 'no answer within 10 s'), socket.destroy()), 10_000);
      socket.on('close', () => {
        clearTimeout(timeout);
        resolve(answer.split('\r\n', 1)[0]);
      });
    });
  while (!stopped()) {
    const [scrape, probe] = await Promise.all([ask('/metrics'), ask('/healthz')]);
    seen.scrapes++;
    seen.probes++;
    if (scrape !== 'HTTP/1.1 200 OK') (seen.failedScrapes++, seen.failures.push(`/metrics: ${scrape}`));
    if (probe !== 'HTTP/1.1 200 OK') (seen.failedProbes++, seen.failures.push(`/healthz: ${probe}`));
    await sleep(1000);
  }
  await Promise.all(loops);
  return { ...seen, connections };
}

/** The kernel's TCP totals (/proc/net/sockstat): orphaned sockets, and pages of socket buffers. */
function tcpStats() {
  const line = /^TCP: (.*)$/m.exec(readFileSync('/proc/net/sockstat', 'utf8'))[1];
  const field = (name) => Number(new RegExp(`\\b${name} (\\d+)`).exec(line)[1]);
  return { orphan: field('orphan'), mem: field('mem') };
}

/**
 * Connections that each send one GET /metrics and never read: the exporter must keep each answer
 * with its own counted connection and reset it at its deadline (10 s), not leave it to the kernel
 * in an orphaned socket. Returns the kernel's TCP totals before, while they are held, once the
 * deadline has passed (the clients still open, not reading), and after the clients closed.
 */
async function nonReading(port) {
  const before = tcpStats();
  const sockets = [];
  for (let p = 0; p < NON_READING_PEERS; p++) {
    for (let c = 0; c < 8; c++) {
      const socket = connect({ port, host: '127.0.0.1', localAddress: `127.0.2.${1 + p}` }, () =>
        socket.write(`GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`),
      );
      socket.pause();
      socket.on('error', () => {});
      sockets.push(socket);
    }
  }
  await sleep(3000);
  const held = tcpStats();
  await sleep(10_000);
  const deadline = tcpStats();
  for (const socket of sockets) socket.destroy();
  await sleep(2000);
  return { connections: sockets.length, before, held, deadline, after: tcpStats() };
}

const rssOf = (pid) => Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts an exporter (the whole machine, labels comm,syscall), lets it settle, abuses it for
 * `seconds`, samples its RSS every second. Returns { flat, lines } (a Markdown report).
 */
export async function run({ seconds = Number(process.env.ABUSE_SECONDS ?? 120), settleSeconds = 10 } = {}) {
  if (process.getuid() !== 0) throw new Error('abuse: needs root (the exporter loads BPF programs)');
  const port = await freePort();
  const exporter = launch(process.execPath, [join(ROOT, 'dist/syscallbypid.cjs'), '--serve', `127.0.0.1:${port}`, '--max-entries', '65536']);
  await waitFor(exporter, 'stderr', 'Serving syscall counts at ');
  const pid = exporter.child.pid;
  await sleep(settleSeconds * 1000);
  const before = rssOf(pid);
  const body = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
  const series = /^syscallbypid_series (\d+)$/m.exec(body)?.[1];
  const samples = [];
  const end = Date.now() + seconds * 1000;
  let died = false;
  void exporter.done.then(() => (died = true));
  const clients = abuse(port, () => died || Date.now() >= end);
  for (let t = 1; Date.now() < end && !died; t++) {
    await sleep(1000);
    if (!died) samples.push({ t, rss: rssOf(pid) });
    if (t % 10 === 0) process.stderr.write(`abuse: ${t}/${seconds} s, RSS ${samples.at(-1)?.rss.toFixed(1)} MiB\n`);
  }
  const seen = await clients;
  if (died) throw new Error(`the exporter died under abuse: ${exporter.err.trim()}`);
  await sleep(3000);
  const after = rssOf(pid);
  const unread = await nonReading(port);
  exporter.child.kill('SIGINT');
  const status = await exporter.done;

  const peak = Math.max(...samples.map((s) => s.rss));
  const half = Math.floor(samples.length / 2);
  const firstHalf = Math.max(...samples.slice(0, half).map((s) => s.rss));
  const secondHalf = Math.max(...samples.slice(half).map((s) => s.rss));
  // Flat: bounded above what it held before, no growth from the first half to the second, every
  // scrape and probe answered 200, and a clean exit.
  // No orphaned socket holds an unread answer, and the kernel's TCP memory comes back (64 pages of slack for the machine's other traffic).
  const orphansNone = Math.max(unread.held.orphan, unread.deadline.orphan, unread.after.orphan) <= unread.before.orphan;
  const memBack = unread.after.mem <= unread.before.mem + 64;
  const flat =
    peak <= before + 64 && secondHalf <= firstHalf + 8 && seen.failedScrapes === 0 && seen.failedProbes === 0 && status.code === 0 && orphansNone && memBack;
  const every = Math.max(1, Math.round(samples.length / 20));
  const lines = [
    `# The exporter under abusive clients, ${new Date().toISOString()}`,
    '',
    `${seconds} s against \`syscallbypid --serve 127.0.0.1:<port> --max-entries 65536\` (the whole machine, labels comm,syscall),`,
    `after ${settleSeconds} s of settling: ${PEERS} peer addresses × ${CONNECTIONS_PER_PEER} connections each pipelining ${PIPELINED} GET /metrics`,
    `and never reading, ${IDLE} idle connections from one more address, all reconnecting as soon as they are cut off;`,
    'a scraper asks /metrics and a probe /healthz from 127.0.0.1 once a second.',
    `Before the abuse the exporter served ${series} series in ${Buffer.byteLength(body)} bytes; the machine's load average was ${loadavg()[0].toFixed(1)} at the end.`,
    `Reproduce: \`sudo node bench/abuse.mjs\` (ABUSE_SECONDS sets the length; \`npm run soak\` runs it too).`,
    '',
    `Abusive connections made: ${seen.connections}. Scrapes: ${seen.scrapes}, failed ${seen.failedScrapes}; probes: ${seen.probes}, failed ${seen.failedProbes}.` +
      (seen.failures.length ? ` First failures: ${seen.failures.slice(0, 3).join('; ')}.` : ''),
    '',
    '| t (s) | RSS (MiB) |',
    '|---|---|',
    `| before | ${before.toFixed(1)} |`,
    ...samples.filter((s, i) => i % every === every - 1).map((s) => `| ${s.t} | ${s.rss.toFixed(1)} |`),
    `| 3 s after | ${after.toFixed(1)} |`,
    '',
    `Then ${unread.connections} connections from ${NON_READING_PEERS} addresses each asked /metrics once and never read the answer, held 13 s (past the 10 s deadline), then closed.`,
    "The kernel's TCP totals (/proc/net/sockstat: orphaned sockets, pages of socket buffers):",
    '',
    '| | orphan | mem (pages) |',
    '|---|---|---|',
    ...['before', 'held', 'deadline', 'after'].map(
      (when) =>
        `| ${when === 'held' ? 'held 3 s' : when === 'deadline' ? 'past the deadline' : when === 'after' ? 'clients closed' : when} | ${unread[when].orphan} | ${unread[when].mem} |`,
    ),
    '',
    `Verdict: ${flat ? 'flat' : 'NOT flat'} (orphans ${orphansNone ? 'none' : 'LEFT'}, TCP memory ${memBack ? 'back' : 'NOT back'}; RSS before ${before.toFixed(1)} MiB, peak ${peak.toFixed(1)} MiB, first half's peak ` +
      `${firstHalf.toFixed(1)} MiB, second half's ${secondHalf.toFixed(1)} MiB; exit ${status.code}).`,
    '',
  ];
  return { flat, lines };
}

/** run(), its report printed and written to bench/results/abuse-<date>.md; true if flat. */
export async function main(options) {
  const { flat, lines } = await run(options);
  process.stdout.write(lines.join('\n'));
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results', `abuse-${new Date().toISOString().slice(0, 10)}.md`), lines.join('\n'));
  return flat;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = (await main()) ? 0 : 1;
