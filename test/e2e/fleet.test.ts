// Fleet mode end to end (root): the exporter against a real Prometheus server, under process churn,
// beside stalled clients, with cgroup labels, and with only the DaemonSet's capabilities.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { abuse } from '../../bench/abuse.mjs';
import { SERVING, servingLine } from '../../src/cli/banners.js';
import { cgroup2Mounts } from '../../src/cli/environment.js';
import {
  CLI,
  ROOT,
  collect,
  freePort,
  httpGet,
  parseTable,
  readYaml,
  rootSkipReason,
  runCli,
  startTracing,
  startWorkloadAs,
  workload,
  type Tracing,
} from '../support.js';

const skip = rootSkipReason();

/** The samples of an exposition, `name{labels}` -> value. */
function samples(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

interface Exporter {
  tracing: Tracing;
  url: string;
  scrape(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

async function startExporter(args: string[], command = [process.execPath, CLI]): Promise<Exporter> {
  const port = await freePort();
  const tracing = await startTracing(['--serve', `127.0.0.1:${port}`, ...args], 120_000, command, SERVING);
  const url = `http://127.0.0.1:${port}/metrics`;
  return {
    tracing,
    url,
    scrape: async () => {
      const { status, body } = await httpGet(url);
      assert.equal(status, 200);
      return samples(body);
    },
    stop: async () => {
      tracing.child.kill('SIGINT');
      const result = await tracing.result;
      assert.deepEqual([result.code, result.stdout], [0, ''], result.stderr);
    },
  };
}

/** Polls until `read` returns `want`; fails at once if it ever exceeds it (a count can only grow). */
async function until(what: string, read: () => Promise<number | undefined>, want: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: number | undefined;
  for (;;) {
    last = await read();
    if (last === want) return;
    assert.ok(last === undefined || last < want, `${what}: ${last}, more than ${want}`);
    if (Date.now() > deadline) assert.fail(`${what}: still ${last} after ${timeoutMs} ms, want ${want}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A thread name of this test process's own, so that tests running beside it cannot add to its series. */
const commOf = (tag: string) => `${tag}${process.pid % 100000}`.slice(0, 15);

describe('fleet mode, end to end', { skip }, () => {
  before(() => workload());

  describe('against a real Prometheus server', () => {
    let bin: string;
    let exporter: Exporter;
    let prometheus: ChildProcess;
    let prometheusResult: ReturnType<typeof collect>;
    let api: string;
    let dir: string;

    before(async () => {
      bin = execFileSync('bash', [join(ROOT, 'test/helpers/get-prometheus.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
      // Only the workload's thread name: the default map of 2,048 entries then cannot fill up
      // with what the rest of a busy machine does, and dropped_keys_total must read 0.
      // --time: the duration histogram is served too, and scraped by this Prometheus (as OpenMetrics).
      exporter = await startExporter(['--errors', '--time', '-c', commOf('sbp-prom')]);
      dir = mkdtempSync(join(tmpdir(), 'syscallbypid-prometheus-'));
      const target = new URL(exporter.url).host;
      writeFileSync(
        join(dir, 'prometheus.yml'),
        `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: syscallbypid\n    static_configs:\n      - targets: ['${target}']\n`,
      );
      const port = await freePort();
      api = `http://127.0.0.1:${port}`;
      prometheus = spawn(
        bin,
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      prometheusResult = collect(prometheus, 300_000);
      // Starting, Prometheus answers 503 before it is ready: not yet, like a refused connection.
      const ready = async () => {
        const { status } = await httpGet(`${api}/-/ready`).catch(() => ({ status: 0 }));
        return status === 503 ? 0 : status;
      };
      await until('Prometheus ready', ready, 200);
    });

    after(async () => {
      prometheus?.kill('SIGTERM');
      await prometheusResult?.catch(() => {});
      await exporter?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const query = async (promql: string): Promise<number | undefined> => {
      const { body } = await httpGet(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const answer = JSON.parse(body) as { status: string; data: { result: { value: [number, string] }[] } };
      assert.equal(answer.status, 'success', body);
      const [first] = answer.data.result;
      return first ? Number(first.value[1]) : undefined;
    };

    test("Prometheus' query API returns exactly a workload's calls and failures", async () => {
      const comm = commOf('sbp-prom');
      await startWorkloadAs(comm, 'getppid', '12345', '1').go();
      await startWorkloadAs(comm, 'errors', '300', '0').go();
      await until('up', () => query('up{job="syscallbypid"}'), 1);
      await until('getppid', () => query(`syscallbypid_syscalls_total{comm="${comm}",syscall="getppid"}`), 12345);
      await until('close', () => query(`syscallbypid_syscalls_total{comm="${comm}",syscall="close"}`), 300);
      await until('close errors', () => query(`syscallbypid_syscall_errors_total{comm="${comm}",syscall="close"}`), 300);
      assert.equal(await query(`syscallbypid_syscall_errors_total{comm="${comm}",syscall="getppid"}`), 0);
      assert.equal(await query('syscallbypid_dropped_keys_total'), 0);
      assert.equal(await query('syscallbypid_map_max_entries'), 2048);
      assert.equal(await query('syscallbypid_build_info'), 1);
    });

    test("--time: the duration histogram's _count is the calls exactly, and histogram_quantile reads it", async () => {
      const comm = commOf('sbp-prom');
      // 40 sleeps of 2 ms (clock_nanosleep, each after a getppid): every one lasts at least 2 ms.
      await startWorkloadAs(comm, 'paced', '40', '2000').go();
      await until('up', () => query('up{job="syscallbypid"}'), 1);
      const labels = `comm="${comm}",syscall="clock_nanosleep"`;
      await until('timed sleeps', () => query(`syscallbypid_syscall_duration_seconds_count{${labels}}`), 40);
      assert.equal(await query(`syscallbypid_syscalls_total{${labels}}`), 40);
      assert.equal(await query(`syscallbypid_syscall_duration_seconds_bucket{${labels},le="+Inf"}`), 40);
      // No sleep ends before its 2 ms: the buckets below 2 ms are empty.
      const buckets = [...(await exporter.scrape())].filter(([series]) => series.startsWith(`syscallbypid_syscall_duration_seconds_bucket{${labels},`));
      assert.equal(buckets.length, 1 + buckets.filter(([series]) => !series.includes('+Inf')).length);
      const early = buckets.filter(([series]) => Number(/le="([^"]+)"/.exec(series)![1]) < 0.002);
      assert.ok(early.length > 0 && early.every(([, calls]) => calls === 0), String(early));
      const sum = await query(`syscallbypid_syscall_duration_seconds_sum{${labels}}`);
      assert.ok(sum !== undefined && sum >= 40 * 0.002, `_sum ${sum} s, below 40 × 2 ms`);
      // Every call is past the early buckets' bounds, so the interpolated median is too.
      const earliest = Math.max(...early.map(([series]) => Number(/le="([^"]+)"/.exec(series)![1])));
      const median = await query(`histogram_quantile(0.5, sum by (le) (syscallbypid_syscall_duration_seconds_bucket{${labels}}))`);
      assert.ok(median !== undefined && median > earliest && median < 10, `median ${median} s`);
    });

    test("promtool's linter finds nothing to say about the text format", async () => {
      const { body } = await httpGet(exporter.url, { accept: 'text/plain' });
      const promtool = join(bin, '../promtool');
      const lint = execFileSync(promtool, ['check', 'metrics'], { input: body, encoding: 'utf8' });
      assert.equal(lint, '');
    });
  });

  test('churn: thousands of short-lived processes over several scrapes never fill the map; counters never go back', async () => {
    const comm = commOf('sbp-churn');
    // 3,000 processes of two keys each (glibc's set_robust_list in the child, then getppid), paced
    // over several drains: at most 1,000 keys a second, through the default map of 2,048 entries.
    // Without draining, a fraction of that churn fills it (below).
    const exporter = await startExporter(['-c', comm]);
    try {
      const churn = startWorkloadAs(comm, 'fork', '3000', '2000');
      const done = churn.go();
      let finished = false;
      void done.then(() => (finished = true));
      const seen = new Map<string, number>();
      let scrapes = 0;
      let largestMap = 0;
      while (!finished || scrapes < 4) {
        const now = await exporter.scrape();
        scrapes++;
        for (const [series, value] of now) {
          if (!series.startsWith('syscallbypid_syscalls_total')) continue;
          assert.ok(value >= (seen.get(series) ?? 0), `${series} went from ${seen.get(series)} to ${value}`);
          seen.set(series, value);
        }
        largestMap = Math.max(largestMap, now.get('syscallbypid_map_entries')!);
        assert.equal(now.get('syscallbypid_dropped_keys_total'), 0);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await done;
      const getppid = `syscallbypid_syscalls_total{comm="${comm}",syscall="getppid"}`;
      await until('getppid of 3,000 processes', async () => (await exporter.scrape()).get(getppid), 3000, 10_000);
      assert.ok(scrapes >= 8, `only ${scrapes} scrapes`);
      assert.ok(largestMap > 0 && largestMap < 2048, `map held ${largestMap}`);
    } finally {
      await exporter.stop();
    }
    // The table drains its map too: 1,100 of those processes, more keys than the map holds, unpaced.
    const tracing = await startTracing(['-c', comm]);
    await startWorkloadAs(comm, 'fork', '1100').go();
    tracing.child.kill('SIGINT');
    const result = await tracing.result;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(parseTable(result.stdout).filter((r) => r.syscall === 'getppid' && r.count === 1).length, 1100);
  });

  test('a burst of keys faster than a drain a second holds: the map is drained at a quarter full', async () => {
    const comm = commOf('sbp-burst');
    const exporter = await startExporter(['-c', comm]);
    try {
      // 4,000 processes of two keys each, as fast as they fork: far more than the map's 2,048 in a second.
      await startWorkloadAs(comm, 'fork', '4000').go();
      const getppid = `syscallbypid_syscalls_total{comm="${comm}",syscall="getppid"}`;
      await until('getppid of 4,000 processes', async () => (await exporter.scrape()).get(getppid), 4000, 10_000);
      assert.equal((await exporter.scrape()).get('syscallbypid_dropped_keys_total'), 0);
    } finally {
      await exporter.stop();
    }
  });

  test('stalled and garbage clients do not stop counting or serving', async () => {
    const comm = commOf('sbp-slow');
    const exporter = await startExporter([]);
    const { port } = new URL(exporter.url);
    // From another peer address than the scrapes: one peer's connections are capped (8).
    const from = { port: Number(port), host: '127.0.0.1', localAddress: '127.0.0.2' };
    const stalled = Array.from({ length: 40 }, () => {
      const socket = connect(from, () => socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n'));
      socket.on('error', () => {});
      return socket;
    });
    // A client that asks and never reads what comes back.
    const unread = connect(from, () => {
      for (let i = 0; i < 200; i++) unread.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    unread.on('error', () => {}).pause();
    try {
      const garbage = connect(from, () => garbage.write('\x16\x03\x01 not http\r\n\r\n'));
      garbage.on('error', () => {});
      await startWorkloadAs(comm, 'getppid', '4321', '2').go();
      const getppid = `syscallbypid_syscalls_total{comm="${comm}",syscall="getppid"}`;
      await until('getppid', async () => (await exporter.scrape()).get(getppid), 2 * 4321, 10_000);
    } finally {
      for (const socket of [...stalled, unread]) socket.destroy();
      await exporter.stop();
    }
  });

  test('abusive clients (pipelining without reading, idle sockets, from several addresses): RSS bounded, every scrape and probe answered', async () => {
    const exporter = await startExporter(['--max-entries', '65536']);
    const pid = exporter.tracing.child.pid!;
    const rss = () => Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
    try {
      await exporter.scrape();
      await new Promise((resolve) => setTimeout(resolve, 2000)); // a drain or two: the store has its series
      const before = rss();
      let peak = before;
      const end = Date.now() + 8000;
      const clients = abuse(Number(new URL(exporter.url).port), () => Date.now() >= end);
      while (Date.now() < end) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        peak = Math.max(peak, rss());
      }
      const seen = await clients;
      assert.deepEqual([seen.failedScrapes, seen.failedProbes], [0, 0], seen.failures.join('; '));
      assert.ok(seen.scrapes >= 3 && seen.connections > 200, `${seen.scrapes} scrapes, ${seen.connections} abusive connections`);
      // Without bounds the queued answers took hundreds of MiB within seconds.
      assert.ok(peak - before < 64, `RSS ${before.toFixed(1)} MiB before, ${peak.toFixed(1)} MiB at most under abuse`);
      assert.equal((await httpGet(exporter.url.replace('/metrics', '/healthz'))).body, 'ok\n');
    } finally {
      await exporter.stop();
    }
  });

  test('accept failing for want of file descriptors (EMFILE) does not end the exporter', async () => {
    // Counting only a name nothing uses: the map cannot fill up and warn on a busy machine.
    const exporter = await startExporter(['-c', commOf('sbp-emfile')]);
    const pid = exporter.tracing.child.pid!;
    const { port } = new URL(exporter.url);
    const open = readdirSync(`/proc/${pid}/fd`).length;
    const soft = /^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))![1];
    const sockets: ReturnType<typeof connect>[] = [];
    try {
      execFileSync('prlimit', ['--pid', String(pid), `--nofile=${open + 2}:`]);
      // More connections than the exporter has descriptors left: accept fails with EMFILE.
      for (let i = 0; i < 10; i++) sockets.push(connect(Number(port), '127.0.0.1').on('error', () => {}));
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      for (const socket of sockets) socket.destroy();
      execFileSync('prlimit', ['--pid', String(pid), `--nofile=${soft}:`]);
    }
    await until('a scrape after EMFILE', async () => (await httpGet(exporter.url).catch(() => ({ status: 0 }))).status, 200);
    await exporter.stop();
    // libuv usually absorbs EMFILE itself (it keeps a spare descriptor to accept and close with);
    // when it cannot, the server's 'error' listener notes it once (exporter.test.ts makes it happen).
    const stderr = (await exporter.tracing.result).stderr;
    const serving = `${servingLine(exporter.url, undefined)}\n`;
    const rest = stderr.replace(/^syscallbypid: warning: no running thread is named \S+ now; counting starts if one appears\n/, '');
    assert.ok(rest.startsWith(serving), stderr);
    assert.match(rest.slice(serving.length), /^(syscallbypid: the metrics server could not accept a connection: accept E[MN]FILE; serving on\n)?$/);
  });

  test("the filters apply: -p, -s and -x keep only one process's failing close calls", async () => {
    const comm = commOf('sbp-filter');
    const errors = startWorkloadAs(comm, 'errors', '300', '200'); // 300 close(-1) that fail, 200 dup+close that do not
    const other = startWorkloadAs(comm, 'errors', '50', '0'); // the same calls in another process
    const exporter = await startExporter(['-p', String(errors.pid), '-s', 'close', '-x', '--errors']);
    try {
      await Promise.all([errors.go(), other.go()]);
      const close = `syscallbypid_syscalls_total{comm="${comm}",syscall="close"}`;
      await until('close', async () => (await exporter.scrape()).get(close), 300, 10_000);
      const scrape = await exporter.scrape();
      const series = [...scrape.keys()].filter((name) => name.startsWith('syscallbypid_syscalls_total'));
      assert.deepEqual(series, [close]);
      assert.equal(scrape.get(`syscallbypid_syscall_errors_total{comm="${comm}",syscall="close"}`), 300);
    } finally {
      await exporter.stop();
    }
  });

  test('--labels cgroup,comm,syscall: the cgroup by its path', async () => {
    const mount = cgroup2Mounts()[0];
    assert.ok(mount, 'no cgroup2 mount');
    const name = `syscallbypid-test-${process.pid}`;
    mkdirSync(join(mount, name));
    const comm = commOf('sbp-cg');
    const exporter = await startExporter(['--labels', 'cgroup,comm,syscall', '-c', comm]);
    try {
      const inside = startWorkloadAs(comm, 'getppid', '1500', '1');
      writeFileSync(join(mount, name, 'cgroup.procs'), String(inside.pid));
      await inside.go();
      await startWorkloadAs(comm, 'getppid', '700', '1').go();
      await until(
        'getppid inside',
        async () => (await exporter.scrape()).get(`syscallbypid_syscalls_total{cgroup="/${name}",comm="${comm}",syscall="getppid"}`),
        1500,
        10_000,
      );
      const outside = [...(await exporter.scrape())].filter(([series]) => series.includes('syscall="getppid"') && !series.includes(name));
      assert.equal(outside.length, 1, String(outside));
      assert.equal(outside[0]![1], 700);
    } finally {
      await exporter.stop();
      rmdirSync(join(mount, name));
    }
  });

  test('cgroups removed while their counts are in flight: each count is served once, under its path', async () => {
    // Three cgroups of 20,000 getppid each, each removed as soon as its process has exited; the
    // path cache was rebuilt without them and their late counts were served again as `id:<n>`.
    const mount = cgroup2Mounts()[0];
    assert.ok(mount, 'no cgroup2 mount');
    const comm = commOf('sbp-cgrm');
    const exporter = await startExporter(['--labels', 'cgroup,comm,syscall', '-c', comm]);
    const names = [1, 2, 3].map((i) => `syscallbypid-test-${process.pid}-${i}`);
    try {
      for (const name of names) {
        mkdirSync(join(mount, name));
        const inside = startWorkloadAs(comm, 'getppid', '20000', '1');
        writeFileSync(join(mount, name, 'cgroup.procs'), String(inside.pid));
        await inside.go();
        // Removed once the exporter has seen it (a cgroup gone before any walk has no path to show).
        const series = `syscallbypid_syscalls_total{cgroup="/${name}",comm="${comm}",syscall="getppid"}`;
        for (let tries = 0; !(await exporter.scrape()).has(series); tries++) {
          assert.ok(tries < 100, `no ${series}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        rmdirSync(join(mount, name));
      }
      const getppid = async () => {
        let sum = 0;
        for (const [series, value] of await exporter.scrape())
          if (series.startsWith('syscallbypid_syscalls_total{') && series.includes(`comm="${comm}",syscall="getppid"`)) sum += value;
        return sum;
      };
      await until('getppid in the three cgroups', getppid, 60_000, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 2500)); // a few more drains: nothing is added
      const scrape = await exporter.scrape();
      for (const name of names) assert.equal(scrape.get(`syscallbypid_syscalls_total{cgroup="/${name}",comm="${comm}",syscall="getppid"}`), 20_000, name);
      assert.equal(await getppid(), 60_000);
    } finally {
      await exporter.stop();
      for (const name of names) {
        try {
          rmdirSync(join(mount, name));
        } catch {
          // removed above
        }
      }
    }
  });

  test("the DaemonSet's arguments, with only the DaemonSet's capabilities", async () => {
    const pod = readYaml<IDaemonSet>('deploy/kubernetes/daemonset.yaml').spec!.template.spec!;
    const container = pod.containers[0]!;
    assert.equal(pod.hostPID, true); // as here: the host's PID namespace
    const caps = container.securityContext!.capabilities!.add!;
    const args = container.args!.filter((arg, i, all) => arg !== '--serve' && all[i - 1] !== '--serve');
    const comm = commOf('sbp-caps');
    const setpriv = ['setpriv', `--bounding-set=-all,${caps.map((c) => `+${c.toLowerCase()}`).join(',')}`, '--inh-caps=-all', '--'];
    const exporter = await startExporter([...args, '-c', comm], [...setpriv, process.execPath, CLI]);
    try {
      const effective = /^CapEff:\s+(\S+)$/m.exec(readFileSync(`/proc/${exporter.tracing.child.pid}/status`, 'utf8'))?.[1];
      assert.equal(effective, '000000c000000000', 'CAP_PERFMON (38) and CAP_BPF (39) only');
      await startWorkloadAs(comm, 'getppid', '999', '1').go();
      // Whatever cgroup the tests run in: the one series of that name and syscall.
      const getppid = async () => {
        const found = [...(await exporter.scrape())].filter(([series]) =>
          series.startsWith(`syscallbypid_syscalls_total{comm="${comm}",syscall="getppid",cgroup="/`),
        );
        assert.ok(found.length <= 1, String(found));
        return found[0]?.[1];
      };
      await until('getppid', getppid, 999, 10_000);
    } finally {
      await exporter.stop();
    }
  });

  test('a C++ exception in the addon (std::bad_alloc) becomes a JS exception, not std::terminate', async () => {
    // A tracer's read() reserves room for the whole map (1,000,000 entries: 56 MB); under an address
    // space limit just above what the process maps, that allocation fails.
    const script = `
      const addon = require(${JSON.stringify(join(ROOT, 'build/Release/syscallbypid.node'))});
      const tracer = new addon.Tracer({ maxEntries: 1000000 });
      process.stdout.write(/^VmSize:\\s+(\\d+)/m.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1] + '\\n');
      process.stdin.once('data', () => {
        try {
          tracer.read();
          console.log('read');
        } catch (error) {
          console.log('caught ' + error.message);
        }
        tracer.close();
        process.exit(0);
      });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    const result = collect(child, 60_000);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (out.includes('\n')) return;
      out += chunk.toString();
      if (!out.includes('\n')) return;
      execFileSync('prlimit', ['--pid', String(child.pid), `--as=${(Number(out.trim()) + 16 * 1024) * 1024}`]);
      child.stdin.write('go\n');
    });
    const { code, signal, stdout, stderr } = await result;
    assert.deepEqual([code, signal, stdout.split('\n')[1]], [0, null, 'caught std::bad_alloc'], stderr);
  });

  test('a port in use: one line naming it and the fix, exit 2', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const result = await runCli(['--serve', `127.0.0.1:${port}`]);
      assert.deepEqual([result.code, result.stdout], [2, '']);
      assert.match(
        result.stderr,
        new RegExp(
          `^syscallbypid: cannot serve metrics on 127\\.0\\.0\\.1:${port}: the port is in use \\(another exporter\\?\\): choose another, e\\.g\\. --serve 127\\.0\\.0\\.1:${port + 1}\n$`,
        ),
      );
    } finally {
      server.close();
    }
  });
});
