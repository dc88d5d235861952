#!/usr/bin/env node
// The benchmark: npm run bench (as root). Interleaved rounds of the same workloads under no
// tracer, the floor (an empty program at our attach point), syscallbypid and a bpftrace
// one-liner; then startup, stop, drain, memory and idle CPU. Prints a table and writes it to
// bench/results/<date>.md. BENCH_ROUNDS (default 5) sets the number of rounds; BENCH_PARTS (default
// overhead,startup,drain,exporter) which parts run. Parts not run by default: `live` measures the
// tracer's CPU with --live open, with -i 1 and in a plain run on a churning machine (BENCH_BEFORE=<a syscallbypid.cjs>
// runs an older bundle in the same interleaved rounds); `time` does for --time what the overhead part
// does: its floor (empty programs at entry and completion), syscallbypid --time, the exporter with its
// histogram, and the peers that time calls, syscount -L and perf trace -s.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cpuSeconds, cpuSecondsPrecise, launch, mapMemory, median, min, peakRss, prepare, run, sleep, waitFor, whileRunning } from './proc.mjs';

const CLI = join(ROOT, 'dist/syscallbypid.cjs');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PARTS = (process.env.BENCH_PARTS ?? 'overhead,startup,drain,exporter').split(',');
const DRAINS = 3; // drains of each size: their median
const CALLS = 1_000_000; // getppid calls per thread
const DD_BYTES = 500_000; // dd bs=1: one read and one write per byte
const BPFTRACE_PROGRAM = 'tracepoint:raw_syscalls:sys_exit { @[pid, comm, args->id] = count(); }';
// The tracers' bound: drained once a quarter full, checked every 25 ms, it would take 49,152 new
// keys between two checks to fill; the machine's neighbours make a few thousand a second.
const TRACER_BOUND = ['--max-entries', '65536'];

const loop = prepare('bench');
const notes = [];

// bpftrace needs tracefs for tracepoint ids; install and mount what is missing, undo the mount after.
function prepareBpftrace() {
  try {
    execFileSync('sh', ['-c', 'command -v bpftrace || (apt-get install -y -qq bpftrace >/dev/null 2>&1 && command -v bpftrace)'], { stdio: 'pipe' });
  } catch {
    notes.push('bpftrace could not be installed (apt-get install bpftrace failed): its column is missing.');
    return { available: false, unmount: () => {} };
  }
  return { available: true, unmount: mountTracefs() };
}

/** Mounts tracefs unless it is there (syscount and perf trace need it too); returns what undoes it. */
function mountTracefs() {
  if (existsSync('/sys/kernel/tracing/events')) return () => {};
  execFileSync('mount', ['-t', 'tracefs', 'tracefs', '/sys/kernel/tracing']);
  return () => execFileSync('umount', ['/sys/kernel/tracing']);
}

const TRACERS = {
  baseline: null,
  floor: { start: () => launch(process.execPath, [join(ROOT, 'bench/floor.mjs')]), ready: ['stdout', 'ready'] },
  syscallbypid: { start: () => launch(process.execPath, [CLI, ...TRACER_BOUND]), ready: ['stderr', 'Hit Ctrl-C to end.'] },
  bpftrace: { start: () => launch('bpftrace', ['-e', BPFTRACE_PROGRAM]), ready: ['stdout', 'Attaching 1 probe'] },
  // The time part's tracers: each times every call from entry to completion.
  'floor --time': { start: () => launch(process.execPath, [join(ROOT, 'bench/floor.mjs'), 'time']), ready: ['stdout', 'ready'] },
  'floor --time + clock': { start: () => launch(process.execPath, [join(ROOT, 'bench/floor.mjs'), 'clock']), ready: ['stdout', 'ready'] },
  'syscallbypid --time': { start: () => launch(process.execPath, [CLI, '--time', ...TRACER_BOUND]), ready: ['stderr', 'Hit Ctrl-C to end.'] },
  'syscallbypid --serve --time': {
    start: () => launch(process.execPath, [CLI, '--serve', `127.0.0.1:${20000 + (process.pid % 20000)}`, '--time', ...TRACER_BOUND]),
    ready: ['stderr', 'Serving syscall counts at'],
  },
  // Line-buffered: syscount says it is attached on stdout, which is a pipe here.
  'syscount -L': { start: () => launch('stdbuf', ['-oL', SYSCOUNT, '-L']), ready: ['stdout', 'Ctrl+C to quit'] },
  // perf trace says nothing when it is attached: it is given a second. Its summary and its lost
  // events (LOST n events!) go to its output file.
  'perf trace -s': { start: () => launch(PERF, ['trace', '-s', '-a', '-o', PERF_OUTPUT]), ready: ['wait', 1000] },
};
const SYSCOUNT = '/usr/sbin/syscount';
const PERF = '/usr/bin/perf';
const PERF_OUTPUT = join(tmpdir(), `syscallbypid-bench-perf-${process.pid}.txt`);
/** The tracers whose tables the rounds check for exact counts. */
const CHECKED = new Set(['syscallbypid', 'syscallbypid --time']);

// The time part measures the workloads' CPU time per call (LOOP_CLOCK=cpu): on this shared machine
// the wall clock mostly measures the neighbours.
let loopEnv = process.env;

const WORKLOADS = {
  'getppid, 1 thread': async () => {
    const out = launch(loop, ['getppid', String(CALLS), '1'], { env: loopEnv });
    await out.done;
    return { ns: Number(out.out), pid: out.child.pid, comm: 'loop', expect: { getppid: CALLS } };
  },
  'getppid, 2 threads': async () => {
    const out = launch(loop, ['getppid', String(CALLS), '2'], { env: loopEnv });
    await out.done;
    return { ns: Number(out.out), pid: out.child.pid, comm: 'loop', expect: { getppid: 2 * CALLS } };
  },
  'dd bs=1': async () => {
    const started = process.hrtime.bigint();
    const out = launch('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=1', `count=${DD_BYTES}`, 'status=none']);
    await out.done;
    return { ns: Number(process.hrtime.bigint() - started) / (2 * DD_BYTES), pid: out.child.pid, comm: 'dd', expect: { write: DD_BYTES } };
  },
};

/** The table rows of a syscallbypid run, by "pid cmd syscall". */
function countsOf(table) {
  const counts = new Map();
  for (const line of table.trim().split('\n').slice(1)) {
    const [pid, cmd, syscall, count] = line.trim().split(/\s+/);
    counts.set(`${pid} ${cmd} ${syscall}`, Number(count));
  }
  return counts;
}

// bpftrace 0.17 sometimes never exits after SIGINT (seen once here: detached, waiting in
// epoll). Its round is measured by then, so it is killed; syscallbypid must exit by itself.
const EXIT_WAIT_MS = 30_000;

async function stop(name, state) {
  state.child.kill('SIGINT');
  const exited = await Promise.race([state.done.then(() => true), sleep(EXIT_WAIT_MS).then(() => false)]);
  if (exited) return;
  if (name.startsWith('syscallbypid')) throw new Error(`${name} did not exit within ${EXIT_WAIT_MS} ms of SIGINT`);
  process.stderr.write(`bench: ${name} did not exit within ${EXIT_WAIT_MS} ms of SIGINT: killed\n`);
  state.child.kill('SIGKILL');
  await state.done;
}

async function overheadRounds(tracers, workloads = WORKLOADS) {
  const samples = {}; // tracer -> workload -> [ns]
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of tracers) {
      const tracer = TRACERS[name];
      const state = tracer?.start();
      if (state && tracer.ready[0] === 'wait') await sleep(tracer.ready[1]);
      else if (state) await waitFor(state, ...tracer.ready);
      const results = {};
      for (const [workload, measure] of Object.entries(workloads)) results[workload] = await measure();
      if (state) await stop(name, state);
      if (name === 'perf trace -s') {
        const output = `${state.err}${readFileSync(PERF_OUTPUT, 'utf8')}`;
        rmSync(PERF_OUTPUT, { force: true });
        const lost = [...output.matchAll(/LOST (\d+) events/g)].reduce((sum, m) => sum + Number(m[1]), 0);
        if (lost > 0) notes.push(`perf trace -s lost ${lost} events in round ${round}: its times are of a trace with holes.`);
      }
      if (CHECKED.has(name)) {
        // A benchmark that counts wrong is not a result.
        const counts = countsOf(state.out);
        for (const { pid, comm, expect } of Object.values(results)) {
          for (const [syscall, n] of Object.entries(expect)) {
            const counted = counts.get(`${pid} ${comm} ${syscall}`);
            if (counted !== n) {
              const status = await state.done;
              throw new Error(
                `syscallbypid counted ${counted} ${syscall} for ${comm} ${pid}, not ${n} (exit ${status.code ?? status.signal}: ${state.err.trim()})`,
              );
            }
          }
        }
      }
      for (const [workload, { ns }] of Object.entries(results)) ((samples[name] ??= {})[workload] ??= []).push(ns);
      process.stderr.write(`bench: round ${round}/${ROUNDS} ${name} done\n`);
    }
  }
  return samples;
}

/**
 * Startup (exec until the banner) and stop (SIGINT until exit), each run right after a bare
 * `node -e 0`, so that both see the same neighbours: medians of each.
 */
async function timeStartup(args, runs) {
  const bare = [];
  const startups = [];
  const stops = [];
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    await run(process.execPath, ['-e', '0']);
    bare.push(performance.now() - started);
    started = performance.now();
    const state = launch(process.execPath, [CLI, ...args]);
    await waitFor(state, 'stderr', 'Hit Ctrl-C to end.');
    startups.push(performance.now() - started);
    const stopping = performance.now();
    state.child.kill('SIGINT');
    await state.done;
    stops.push(performance.now() - stopping);
  }
  return { bare: median(bare), startup: median(startups), stop: median(stops) };
}

/**
 * SIGINT until exit, the table read from a pipe as a shell pipeline would (`| wc -l`): this
 * script's own decoding of 60 MB is not in the time.
 */
async function drain(keys) {
  const maxEntries = keys + 20_000; // room for the rest of the machine's keys
  const state = launch(process.execPath, [CLI, '--max-entries', String(maxEntries)], { countLines: true });
  await waitFor(state, 'stderr', 'Hit Ctrl-C to end.');
  const kernel = Object.values(mapMemory(state.child.pid)).find((m) => m.entries === maxEntries)?.memlock ?? 0;
  await run(loop, ['distinct', String(keys)]);
  let rss = 0;
  const poll = setInterval(() => (rss = Math.max(rss, peakRss(state.child.pid))), 10);
  const started = performance.now();
  state.child.kill('SIGINT');
  const status = await state.done;
  const ms = performance.now() - started;
  clearInterval(poll);
  if (status.code !== 0) throw new Error(`drain of ${keys} keys failed: ${state.err}`);
  const rows = state.lines - 1; // the header
  if (rows < keys) throw new Error(`drain of ${keys} keys printed only ${rows} rows`);
  return { ms, rss, kernel };
}

async function idleCpu(seconds) {
  const state = launch(process.execPath, [CLI, ...TRACER_BOUND]);
  await waitFor(state, 'stderr', 'Hit Ctrl-C to end.');
  await sleep(500);
  const cpu = () => whileRunning(state, 'the idle-CPU measure', () => cpuSeconds(state.child.pid));
  const before = await cpu();
  await sleep(seconds * 1000);
  const used = (await cpu()) - before;
  state.child.kill('SIGINT');
  await state.done;
  return (used / seconds) * 100;
}

/**
 * The exporter's CPU per scrape: its CPU over scrapes a little over a drain apart (so that each
 * scrape renders afresh: its own calls change its counts every drain), minus its CPU over as long
 * without scrapes. `keys` distinct invalid syscall numbers make as many series.
 */
async function scrapeCost(keys, scrapes) {
  const port = 20000 + (process.pid % 20000);
  const state = launch(process.execPath, [CLI, '--serve', `127.0.0.1:${port}`, '--max-entries', String(keys + 20_000), '--max-series', String(keys + 10_000)]);
  await waitFor(state, 'stderr', 'Serving syscall counts at');
  const url = `http://127.0.0.1:${port}/metrics`;
  try {
    await run(loop, ['distinct', String(keys)]);
    await sleep(2500);
    const cpu = () => whileRunning(state, 'the scrape measure', () => cpuSecondsPrecise(state.child.pid));
    const window = async (scrape) => {
      const before = await cpu();
      const latencies = [];
      let body = '';
      for (let i = 0; i < scrapes; i++) {
        if (scrape) {
          const started = performance.now();
          body = await (await fetch(url)).text();
          latencies.push(performance.now() - started);
        }
        await sleep(1100);
      }
      return { cpu: (await cpu()) - before, latencies, body };
    };
    const idle = await window(false);
    const busy = await window(true);
    const series = Number(/^syscallbypid_series (\d+)$/m.exec(busy.body)?.[1]);
    if (!(series >= keys)) throw new Error(`scrape of ${keys} keys served only ${series} series`);
    const msPerScrape = ((busy.cpu - idle.cpu) / scrapes) * 1000;
    const idlePercent = (idle.cpu / (scrapes * 1.1)) * 100;
    return { series, msPerScrape, perThousand: msPerScrape / (series / 1000), latency: median(busy.latencies), idlePercent };
  } finally {
    state.child.kill('SIGINT');
    await state.done;
  }
}

const LIVE_SECONDS = Number(process.env.LIVE_SECONDS ?? 30);
/** Keys made at once when a tracer is up: what a view open for a while has seen (LIVE_KEYS). */
const LIVE_KEYS = Number(process.env.LIVE_KEYS ?? 20_000);
const LIVE_TMUX = `syscallbypid-bench-${process.pid}`;
/** Churn: /bin/true and a `sleep` about every 100 ms, each a new pid, so a few dozen new keys each time (LIVE_CHURN=0: none). */
const CHURN = process.env.LIVE_CHURN === '0' ? 'sleep infinity' : 'while :; do /bin/true; sleep 0.1; done';

/**
 * The tracer's CPU (all its threads, from the scheduler's accounting) over two windows of LIVE_SECONDS
 * of wall time: from a second after it is up and has seen LIVE_KEYS distinct keys (`burst`), and the
 * one after it (`steady`: V8 has compiled what runs every interval, the burst's keys are old news).
 * `--live` in a 120×40 tmux window, as a person runs it, or `-i 1` with its output read from a pipe.
 * Also the keys it saw, from the table it prints at the end.
 */
async function liveCpu(cli, mode) {
  if (mode === 'live') {
    const out = join(execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim(), 'table.txt');
    const tmux = (...args) => execFileSync('tmux', ['-L', LIVE_TMUX, ...args], { encoding: 'utf8' });
    tmux('new-session', '-d', '-s', 'live', '-x', '120', '-y', '40', `exec ${process.execPath} ${cli} --live ${TRACER_BOUND.join(' ')} --output-file ${out}`);
    const pid = Number(tmux('display-message', '-p', '-t', 'live', '#{pane_pid}').trim());
    for (let waited = 0; !tmux('capture-pane', '-p', '-t', 'live').includes('sort: rate'); waited += 100) {
      if (waited > 30_000) throw new Error('--live did not draw within 30 s');
      await sleep(100);
    }
    const used = await cpuOver(pid, () => undefined);
    tmux('send-keys', '-t', 'live', 'q');
    while (existsSync(`/proc/${pid}`)) await sleep(100); // then the window closes, and tmux with it
    return { ...used, keys: readFileSync(out, 'utf8').trim().split('\n').length - 1 };
  }
  // A plain run keeps the default bound, which a burst of LIVE_KEYS would overflow: it sees the churn only.
  const plain = mode === 'plain';
  const args = plain ? [cli] : [cli, '-i', '1', '-o', 'ndjson', ...TRACER_BOUND];
  const state = launch(process.execPath, args, { countLines: true });
  await waitFor(state, 'stderr', 'Hit Ctrl-C to end.');
  const used = await cpuOver(
    state.child.pid,
    () => state.status && new Error(`${args.slice(1).join(' ')} exited on its own: ${state.err}`),
    plain ? 0 : LIVE_KEYS,
  );
  state.child.kill('SIGINT');
  const status = await state.done;
  if (status.code !== 0) throw new Error(`${args.slice(1).join(' ')} failed: ${state.err}`);
  return { ...used, keys: undefined };
}

/** % of a core that `pid` used over LIVE_SECONDS after `burst` new keys at once and a second, and over the next LIVE_SECONDS. */
async function cpuOver(pid, failure, burst = LIVE_KEYS) {
  if (burst > 0) await run(loop, ['distinct', String(burst)]);
  await sleep(1000);
  const window = async () => {
    const before = cpuSecondsPrecise(pid);
    await sleep(LIVE_SECONDS * 1000);
    const error = failure();
    if (error) throw error;
    return ((cpuSecondsPrecise(pid) - before) / LIVE_SECONDS) * 100;
  };
  return { percent: await window(), steady: await window() };
}

async function liveRows(lines) {
  const bundles = { ...(process.env.BENCH_BEFORE && { before: process.env.BENCH_BEFORE }), current: CLI };
  const churn = spawn('sh', ['-c', CHURN], { stdio: 'ignore', detached: true });
  const samples = {}; // "bundle mode" -> [{ percent, keys }]
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of ['live', 'interval', 'plain']) {
        for (const [bundle, cli] of Object.entries(bundles)) {
          (samples[`${bundle} ${mode}`] ??= []).push(await liveCpu(cli, mode));
          const { percent, steady } = samples[`${bundle} ${mode}`].at(-1);
          process.stderr.write(`bench: round ${round}/${ROUNDS} ${bundle} ${mode}: ${fmt(percent, 2)} %, then ${fmt(steady, 2)} %\n`);
        }
      }
    }
  } finally {
    process.kill(-churn.pid, 'SIGKILL');
  }
  // What drawing one frame of the view costs (cli-table3), apart from reading the counts.
  const { layout } = await import(join(ROOT, 'dist/live/layout.js'));
  const rows = Array.from({ length: 34 }, (_, i) => ({
    pid: 1000 + 37 * i,
    tid: 0,
    cmd: `proc-${i}`,
    syscall: 'clock_nanosleep',
    rate: 5000 - i,
    total: 1e6 + i,
    errors: 0,
  }));
  const frame = {
    rows,
    count: 30_000,
    sort: 'rate',
    paused: false,
    elapsedMs: 1000,
    rate: 1e5,
    fill: { entries: 300, bound: 65536 },
    columns: { byThread: false, errors: false },
  };
  const frameMs = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    layout(frame, 120, 40);
    frameMs.push(performance.now() - started);
  }
  lines.push(`| --live: laying out one frame of 34 rows (120×40), cli-table3 | ${fmt(median(frameMs.slice(100)), 2)} ms (median of the last 100 of 200) | |`);
  for (const [name, runs] of Object.entries(samples)) {
    const [bundle, mode] = name.split(' ');
    const what = { live: '`--live` open (tmux 120×40)', interval: '`-i 1 -o ndjson` into a pipe', plain: 'a plain run (the default bound, no burst)' }[mode];
    const keys = runs[0].keys === undefined ? '' : `; ${fmt(median(runs.map((r) => r.keys)))} keys in the run's table (median)`;
    const tree = bundle === 'before' ? `before (${process.env.BENCH_BEFORE})` : 'this tree';
    const cpu = (field) =>
      `${fmt(median(runs.map((r) => r[field])), 2)} % of a core (median of ${runs.length}: ${runs.map((r) => fmt(r[field], 2)).join(', ')})`;
    const first = mode === 'plain' ? `the first ${LIVE_SECONDS} s` : `the ${LIVE_SECONDS} s after the burst of ${LIVE_KEYS} keys`;
    lines.push(`| CPU, ${what}, churning machine, ${first}, ${tree} | ${cpu('percent')}${keys} | |`);
    lines.push(`| CPU, ${what}, churning machine, the next ${LIVE_SECONDS} s, ${tree} | ${cpu('steady')} | ${mode === 'plain' ? '' : '< 1 %'} |`);
  }
}

const fmt = (x, digits = 0) => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(digits));

/**
 * Overhead three ways. By medians: a tracer's median minus the baseline's, the typical case. By
 * minimums: on a shared machine neighbours only ever add time to a round, so a tracer's fastest
 * round is its least disturbed one. Paired: the median over rounds of a tracer's time minus the
 * baseline's in the same round, which cancels load that drifts between rounds (each round runs
 * every tracer back to back). Each cell reads "medians / minimums / paired".
 */
async function overheadTable(lines) {
  const bpftrace = prepareBpftrace();
  const tracers = ['baseline', 'floor', 'syscallbypid', ...(bpftrace.available ? ['bpftrace'] : [])];
  let samples;
  try {
    samples = await overheadRounds(tracers);
  } finally {
    bpftrace.unmount();
  }
  lines.push(
    '| workload | tracer | median ns/syscall | min | overhead ns (medians / minimums / paired) | / floor overhead | / bpftrace overhead |',
    '|---|---|---|---|---|---|---|',
  );
  for (const workload of Object.keys(WORKLOADS)) {
    const of = (name) => samples[name][workload];
    const paired = (xs, base) => median(xs.map((x, round) => x - base[round]));
    const overheads = (name) => [median(of(name)) - median(of('baseline')), min(of(name)) - min(of('baseline')), paired(of(name), of('baseline'))];
    const ratios = (name, to) =>
      overheads(name)
        .map((overhead, i) => fmt(overhead / overheads(to)[i], 2))
        .join(' / ');
    for (const name of tracers) {
      const cells = [
        name === 'baseline'
          ? ''
          : overheads(name)
              .map((overhead) => `+${fmt(overhead, 1)}`)
              .join(' / '),
        name === 'baseline' || name === 'floor' ? '' : ratios(name, 'floor'),
        !bpftrace.available || name === 'baseline' || name === 'bpftrace' ? '' : ratios(name, 'bpftrace'),
      ];
      lines.push(`| ${workload} | ${name} | ${fmt(median(of(name)), 1)} | ${fmt(min(of(name)), 1)} | ${cells.join(' | ')} |`);
    }
  }
}

/** Whether perf trace sees calls here: some perf and kernel pairs attach and record nothing. */
function perfTraceWorks() {
  if (!existsSync(PERF)) {
    notes.push(`${PERF} is missing: no perf trace -s column.`);
    return false;
  }
  try {
    execFileSync(PERF, ['trace', '-s', '-o', PERF_OUTPUT, '--', 'true'], { stdio: 'ignore' });
    if (/\btrue \(\d+\), [1-9]\d* events/.test(readFileSync(PERF_OUTPUT, 'utf8'))) return true;
  } catch {
    // reported below
  } finally {
    rmSync(PERF_OUTPUT, { force: true });
  }
  notes.push(
    `\`perf trace -s -- true\` (${execFileSync(PERF, ['--version'], { encoding: 'utf8' }).trim()}) recorded no call of true on this kernel: no perf trace -s column.`,
  );
  return false;
}

/**
 * --time's cost beside its floors and its peers, in one interleaved run: the same rounds and cells
 * as the overhead table, with ratios to the floor of this mode (empty programs), to that floor reading
 * the clock as any timing tracer must, and to each peer.
 */
async function timeTable(lines) {
  const unmount = mountTracefs();
  const peers = ['syscount -L', ...(perfTraceWorks() ? ['perf trace -s'] : [])];
  if (!existsSync(SYSCOUNT)) throw new Error(`${SYSCOUNT} is missing: apt-get install libbpf-tools`);
  const floors = ['floor --time', 'floor --time + clock'];
  const tracers = ['baseline', ...floors, 'syscallbypid --time', 'syscallbypid --serve --time', ...peers];
  // getppid only: dd's time is the wall clock's, through node.
  const workloads = Object.fromEntries(Object.entries(WORKLOADS).filter(([name]) => name.startsWith('getppid')));
  let samples;
  loopEnv = { ...process.env, LOOP_CLOCK: 'cpu' };
  try {
    samples = await overheadRounds(tracers, workloads);
  } finally {
    loopEnv = process.env;
    unmount();
  }
  lines.push(
    '',
    '--time: CPU time of the workload per call (LOOP_CLOCK=cpu), not wall time.',
    '',
    `| workload | tracer | median CPU ns/syscall | min | overhead ns (medians / minimums / paired) | ${[...floors, ...peers].map((p) => `/ ${p} overhead`).join(' | ')} |`,
    `|---|---|---|---|---|${[...floors, ...peers].map(() => '---|').join('')}`,
  );
  for (const workload of Object.keys(workloads)) {
    const of = (name) => samples[name][workload];
    const paired = (xs, base) => median(xs.map((x, round) => x - base[round]));
    const overheads = (name) => [median(of(name)) - median(of('baseline')), min(of(name)) - min(of('baseline')), paired(of(name), of('baseline'))];
    const ratios = (name, to) =>
      overheads(name)
        .map((overhead, i) => fmt(overhead / overheads(to)[i], 2))
        .join(' / ');
    for (const name of tracers) {
      const cells = [
        name === 'baseline'
          ? ''
          : overheads(name)
              .map((overhead) => `+${fmt(overhead, 1)}`)
              .join(' / '),
        // Each floor's ratio for what costs more than it: the clock floor to the empty one, the tracers to both.
        ...floors.map((floor, i) => (name === 'baseline' || (floors.includes(name) && floors.indexOf(name) <= i) ? '' : ratios(name, floor))),
        ...peers.map((peer) => (name.startsWith('syscallbypid') ? ratios(name, peer) : '')),
      ];
      lines.push(`| ${workload} | ${name} | ${fmt(median(of(name)), 1)} | ${fmt(min(of(name)), 1)} | ${cells.join(' | ')} |`);
    }
  }
}

async function startupRows(lines) {
  const normal = await timeStartup([], 15);
  const big = await timeStartup(['--max-entries', '1000000'], 3);
  const idle = await idleCpu(5);
  lines.push(
    `| startup, exec to banner | ${fmt(normal.startup)} ms (bare \`node -e 0\`, interleaved: ${fmt(normal.bare)} ms, +${fmt(normal.startup - normal.bare)} ms; medians of 15) | ≤ bare node + 60 ms |`,
  );
  lines.push(`| stop, SIGINT to exit, default bound | ${fmt(normal.stop)} ms | ≤ 50 ms |`);
  lines.push(`| startup with --max-entries 1000000 | ${fmt(big.startup)} ms | ≤ 500 ms |`);
  lines.push(`| CPU while tracing an idle machine | ${fmt(idle, 2)} % of a core | ≤ 1 % |`);
}

async function drainRows(lines) {
  for (const keys of [2048, 100_000, 1_000_000]) {
    const runs = [];
    for (let i = 0; i < DRAINS; i++) runs.push(await drain(keys));
    const ms = runs.map((d) => d.ms);
    const rss = Math.max(...runs.map((d) => d.rss));
    lines.push(
      `| drain and print, ${keys} distinct keys | ${fmt(median(ms))} ms (median of ${DRAINS}: ${ms.map((x) => fmt(x)).join(', ')}); peak RSS ${fmt(rss / 2 ** 20)} MiB; map ${fmt(runs[0].kernel / 2 ** 20, 1)} MiB kernel memory | 1M keys ≤ 1500 ms |`,
    );
  }
}

async function exporterRows(lines) {
  const scrapes = [];
  for (const keys of [1000, 10_000]) {
    const s = await scrapeCost(keys, 10);
    scrapes.push(s);
    lines.push(
      `| exporter: a scrape of ${s.series} series | ${fmt(s.msPerScrape, 2)} ms of CPU over an idle exporter's (${fmt(s.perThousand, 2)} ms per 1,000 series); answered in ${fmt(s.latency, 1)} ms; idle, draining every second: ${fmt(s.idlePercent, 2)} % of a core | ≪ 1 ms per 1,000 series |`,
    );
  }
  const [small, large] = scrapes;
  const marginal = (large.msPerScrape - small.msPerScrape) / ((large.series - small.series) / 1000);
  lines.push(
    `| exporter: each further 1,000 series of a scrape | ${fmt(marginal, 2)} ms of CPU (the rest of a scrape is Node's HTTP, about the same for any size) | ≪ 1 ms |`,
  );
}

async function main() {
  const lines = [];
  if (PARTS.includes('overhead')) await overheadTable(lines);
  if (PARTS.includes('time')) await timeTable(lines);
  const measures = [];
  if (PARTS.includes('startup')) await startupRows(measures);
  if (PARTS.includes('drain')) await drainRows(measures);
  if (PARTS.includes('exporter')) await exporterRows(measures);
  if (PARTS.includes('live')) await liveRows(measures);
  if (measures.length > 0) lines.push('', '| measure | value | target |', '|---|---|---|', ...measures);

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const header = [
    `# Benchmark, ${new Date().toISOString()}`,
    '',
    `Machine: ${cpus().length} × ${cpu}, Linux ${release()}, Node ${process.version}. ${ROUNDS} interleaved rounds;`,
    `${CALLS} getppid calls per thread, dd of ${DD_BYTES} bytes with bs=1. Overhead: a tracer's median, minimum, or time paired by round, minus the baseline's.`,
    `Reproduce: \`sudo npm run bench\`${PARTS.length < 4 ? ` (BENCH_PARTS=${PARTS.join(',')})` : ''}.`,
    '',
  ];
  const report = [...header, ...lines, '', ...notes.map((n) => `Note: ${n}`), ''].join('\n');
  process.stdout.write(report);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const suffix = PARTS.length < 4 ? `-${PARTS.join('-')}` : '';
  const file = join(ROOT, 'bench/results', `${new Date().toISOString().slice(0, 10)}${suffix}.md`);
  writeFileSync(file, report);
  process.stderr.write(`bench: wrote ${file}\n`);
}

// A failed measure (a tracer that exited on its own, a wrong count) ends the bench with its reason.
await main().catch((error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
});
