// The exporter's parts without the kernel: series and their bounds, the exposition formats, the
// HTTP server's answers, option parsing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type Server, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { describe, test } from 'node:test';
import { renderMetrics, wantsOpenMetrics, type ExporterState } from '../../src/exporter/metrics.js';
import { SeriesStore, escapeLabelValue, type Label } from '../../src/exporter/series.js';
import { CgroupPaths } from '../../src/exporter/cgroups.js';
import { parseListenAddress } from '../../src/exporter/address.js';
import { SERVER_LIMITS, hostAllowed, listen, metricsServer, peerGroup, stopServer, type Render, type ServerOptions } from '../../src/exporter/server.js';
import { checkMemory } from '../../src/cli/environment.js';
import type { NativeColumns } from '../../src/core/native.js';
import { parseLabels } from '../../src/cli/options.js';
import { SyscallNames } from '../../src/syscalls/names.js';
import { httpGet } from '../support.js';

const names = new SyscallNames('x64');

interface Row {
  pid?: number;
  comm?: string;
  id?: number;
  abi?: number;
  cgroup?: number;
  count: number;
  errors?: number;
}

function columns(rows: Row[]): NativeColumns {
  const comms = [...new Set(rows.map((r) => r.comm ?? 'app'))];
  return {
    pid: Uint32Array.from(rows, (r) => r.pid ?? 100),
    tid: new Uint32Array(rows.length),
    id: Int32Array.from(rows, (r) => r.id ?? 0),
    abi: Uint8Array.from(rows, (r) => r.abi ?? 0),
    cgroup: Float64Array.from(rows, (r) => r.cgroup ?? 0),
    count: Float64Array.from(rows, (r) => r.count),
    errors: Float64Array.from(rows, (r) => r.errors ?? 0),
    commIndex: Uint32Array.from(rows, (r) => comms.indexOf(r.comm ?? 'app')),
    comms,
  };
}

const none = columns([]);

function store(labels: Label[] = ['comm', 'syscall'], maxSeries = 100, cgroupPath: (id: number) => string | undefined = (id) => `/cg${id}`) {
  return new SeriesStore(labels, maxSeries, names, cgroupPath);
}

const served = (s: SeriesStore) => Object.fromEntries([...s.values()].map((series) => [series.labels, series.count]));

describe('SeriesStore', () => {
  test('adds drained counts by the chosen labels: processes of one name share a series', () => {
    const s = store();
    s.absorb(
      columns([
        { pid: 1, count: 5 },
        { pid: 2, count: 7 },
        { pid: 2, id: 1, count: 1 },
      ]),
      none,
    );
    s.absorb(columns([{ pid: 3, count: 10 }]), none);
    assert.deepEqual(served(s), { 'comm="app",syscall="read"': 22, 'comm="app",syscall="write"': 1 });
  });

  test('serves pending counts too, and never less than before while a count is in flight', () => {
    const s = store(['syscall']);
    s.absorb(none, columns([{ count: 5 }])); // in a CPU's slot
    assert.equal(served(s)['syscall="read"'], 5);
    s.absorb(none, none); // moving from the slot into the new map: in neither
    assert.equal(served(s)['syscall="read"'], 5);
    s.absorb(columns([{ count: 6 }]), columns([{ count: 2 }])); // drained, and more pending
    assert.equal(served(s)['syscall="read"'], 8);
    s.absorb(columns([{ count: 2 }]), none);
    assert.equal(served(s)['syscall="read"'], 8);
  });

  test('past --max-series, new label sets fold into one series a syscall, counted in `folded`', () => {
    const s = store(['pid', 'comm', 'syscall'], 2);
    s.absorb(
      columns([
        { pid: 1, count: 1 },
        { pid: 2, count: 1 },
        { pid: 3, count: 4 },
        { pid: 4, id: 1, count: 3 },
      ]),
      none,
    );
    assert.deepEqual(served(s), {
      'pid="1",comm="app",syscall="read"': 1,
      'pid="2",comm="app",syscall="read"': 1,
      'pid="other",comm="other",syscall="read"': 4,
      'pid="other",comm="other",syscall="write"': 3,
    });
    assert.equal(s.folded, 7);
    s.absorb(
      columns([
        { pid: 1, count: 1 },
        { pid: 5, count: 1 },
      ]),
      none,
    ); // existing series keep counting
    assert.equal(served(s)['pid="1",comm="app",syscall="read"'], 2);
    assert.equal(served(s)['pid="other",comm="other",syscall="read"'], 5);
  });

  test('labels: another ABI is its own label, cgroups by path, values escaped', () => {
    const s = store(['comm', 'syscall', 'cgroup']);
    s.absorb(columns([{ comm: 'a"b\\c\nd', id: 6, abi: 1, cgroup: 7, count: 1 }]), none);
    assert.deepEqual(Object.keys(served(s)), ['comm="a\\"b\\\\c\\nd",syscall="close",abi="i386",cgroup="/cg7"']);
    assert.equal(escapeLabelValue('plain'), 'plain');
  });

  test("a key's series is fixed once: a count pending under a cgroup's path and drained after the path is gone is served once", () => {
    // Three cgroups of 20,000 getppid each: each count is first seen pending, then the cgroup is
    // removed and its path can no longer be found, then the count is drained.
    const gone = new Set<number>();
    const s = store(['cgroup', 'syscall'], 100, (id) => (gone.has(id) ? `id:${id}` : `/cg${id}`));
    for (const cgroup of [1, 2, 3]) {
      s.absorb(none, columns([{ cgroup, id: 110, count: 20_000 }]));
      gone.add(cgroup);
      s.absorb(columns([{ cgroup, id: 110, count: 20_000 }]), none);
    }
    assert.deepEqual(served(s), {
      'cgroup="/cg1",syscall="getppid"': 20_000,
      'cgroup="/cg2",syscall="getppid"': 20_000,
      'cgroup="/cg3",syscall="getppid"': 20_000,
    });
  });

  test('a key whose cgroup path is being looked for is held back, not labelled id:<n>, until the next walk', () => {
    let known = false;
    const s = store(['cgroup', 'syscall'], 100, (id) => (known ? `/cg${id}` : undefined));
    s.absorb(columns([{ cgroup: 4, count: 7 }]), columns([{ cgroup: 4, count: 2 }]));
    assert.deepEqual(served(s), {});
    s.absorb(columns([{ cgroup: 4, count: 1 }]), none);
    known = true;
    s.absorb(columns([{ cgroup: 4, count: 2 }]), columns([{ cgroup: 4, count: 1 }]));
    assert.deepEqual(served(s), { 'cgroup="/cg4",syscall="read"': 11 });
  });

  test('a series unchanged for the TTL, with nothing in flight, expires; it comes back from zero', () => {
    let now = 0;
    const s = new SeriesStore(['comm', 'syscall'], 100, names, () => '/', { ttlMs: 1000, now: () => now });
    s.absorb(columns([{ comm: 'old', count: 5 }]), none);
    s.absorb(none, columns([{ comm: 'flight', count: 3 }])); // pending: served, not drained
    now = 900;
    s.absorb(columns([{ comm: 'busy', count: 1 }]), none);
    assert.deepEqual(Object.keys(served(s)), ['comm="old",syscall="read"', 'comm="flight",syscall="read"', 'comm="busy",syscall="read"']);
    now = 1000;
    const generation = s.generation;
    s.absorb(none, none);
    assert.deepEqual(served(s), { 'comm="flight",syscall="read"': 3, 'comm="busy",syscall="read"': 1 });
    assert.deepEqual([s.expired, s.size, s.generation > generation], [1, 2, true]);
    // The count in flight since 0 is drained: nothing changes, nothing is in flight any more.
    now = 1900;
    s.absorb(
      columns([
        { comm: 'old', count: 2 },
        { comm: 'flight', count: 3 },
      ]),
      none,
    );
    assert.deepEqual(served(s), { 'comm="old",syscall="read"': 2 });
    assert.equal(s.expired, 3);
    now = 2899;
    s.absorb(none, none);
    assert.equal(s.size, 1);
    now = 2900;
    s.absorb(none, none);
    assert.deepEqual([s.size, s.expired], [0, 4]);
    assert.match(renderMetrics(state({ store: s }), false).toString(), /^syscallbypid_expired_series_total 4$/m);
  });

  test('errors follow the same rule as counts', () => {
    const s = store(['syscall']);
    s.absorb(columns([{ count: 4, errors: 3 }]), columns([{ count: 2, errors: 1 }]));
    const [series] = [...s.values()];
    assert.deepEqual([series!.count, series!.errors], [6, 4]);
  });
});

describe('CgroupPaths', () => {
  test('walks merge: a removed cgroup keeps its path; walks are rate-limited; an id not found yet is asked again', () => {
    let now = 0;
    let tree = new Map([
      [1, '/'],
      [7, '/a'],
    ]);
    const paths = new CgroupPaths(
      '/sys/fs/cgroup',
      () => now,
      () => {
        now += 10; // each walk takes 10 ms
        return new Map(tree);
      },
    );
    assert.equal(paths.path(7), '/a');
    tree = new Map([
      [1, '/'],
      [8, '/b'],
    ]); // /a removed, /b created
    paths.refresh();
    now = 500;
    assert.equal(paths.path(8), undefined, 'no second walk within WALK_INTERVAL_MS: ask again later');
    now = 1000;
    assert.equal(paths.path(8), '/b');
    assert.equal(paths.path(7), '/a');
    assert.equal(paths.walks, 2);
    now = 3000;
    assert.equal(paths.path(9), undefined, 'at most one walk per refresh (drain)');
    assert.equal(paths.walks, 2);
    paths.refresh();
    assert.equal(paths.path(9), 'id:9', 'not found by a walk made after it was asked for');
    assert.equal(paths.walks, 3);
    assert.equal(new CgroupPaths(undefined).path(5), 'id:5');
  });

  test('a slow walk spaces the next ones out: ten times its duration', () => {
    let now = 0;
    const paths = new CgroupPaths(
      '/sys/fs/cgroup',
      () => now,
      () => {
        now += 400;
        return new Map();
      },
    );
    paths.path(1);
    for (now = 1000; now < 4000; now += 1000) {
      paths.refresh();
      paths.path(2);
    }
    assert.equal(paths.walks, 1);
    now = 4000;
    paths.refresh();
    paths.path(2);
    assert.equal(paths.walks, 2);
  });
});

function state(overrides: Partial<ExporterState> = {}): ExporterState {
  const s = store();
  s.absorb(columns([{ comm: 'nginx', id: 0, count: 12, errors: 2 }]), none);
  return { store: s, errors: true, mapEntries: 1, maxEntries: 2048, droppedKeys: 0, droppedSyscalls: 0, skippedSyscalls: 0, version: '1.2.3', ...overrides };
}

describe('renderMetrics', () => {
  test('text format: counter families named with _total, every metric with HELP and TYPE', () => {
    const text = renderMetrics(state({ droppedKeys: 3 }), false).toString();
    assert.match(text, /^# TYPE syscallbypid_syscalls_total counter\nsyscallbypid_syscalls_total\{comm="nginx",syscall="read"\} 12$/m);
    assert.match(text, /^syscallbypid_syscall_errors_total\{comm="nginx",syscall="read"\} 2$/m);
    assert.match(text, /^syscallbypid_dropped_keys_total 3$/m);
    assert.match(text, /^syscallbypid_map_max_entries 2048$/m);
    assert.match(text, /^# TYPE syscallbypid_build_info gauge\nsyscallbypid_build_info\{version="1\.2\.3"\} 1$/m);
    assert.doesNotMatch(text, /# EOF/);
    const types = [...text.matchAll(/^# TYPE (\S+)/gm)].length;
    assert.equal([...text.matchAll(/^# HELP (\S+)/gm)].length, types);
  });

  test('OpenMetrics: families without the suffix, info type, # EOF last', () => {
    const text = renderMetrics(state(), true).toString();
    assert.match(text, /^# TYPE syscallbypid_syscalls counter\nsyscallbypid_syscalls_total\{/m);
    assert.match(text, /^# TYPE syscallbypid_build info\nsyscallbypid_build_info\{version="1\.2\.3"\} 1$/m);
    assert.ok(text.endsWith('\n# EOF\n'));
  });

  test('values print as whole decimal numbers, up to 2^53', () => {
    const s = store(['syscall']);
    const values = [0, 7, 10, 99, 1000, 123456789, 2 ** 53 - 1];
    s.absorb(columns(values.map((count, id) => ({ id, count }))), none);
    const text = renderMetrics(state({ store: s }), false).toString();
    const printed = [...text.matchAll(/^syscallbypid_syscalls_total\{.*\} (\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(printed, values.map(String));
  });

  test('no errors family without --errors', () => {
    assert.doesNotMatch(renderMetrics(state({ errors: false }), false).toString(), /errors_total/);
  });

  test("Prometheus' Accept header selects OpenMetrics", () => {
    assert.ok(
      wantsOpenMetrics('application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'),
    );
    assert.ok(!wantsOpenMetrics('text/plain;version=0.0.4'));
    assert.ok(!wantsOpenMetrics(undefined));
    // q=0 refuses a format; the client's preference decides.
    assert.ok(!wantsOpenMetrics('application/openmetrics-text;q=0'));
    assert.ok(!wantsOpenMetrics('application/openmetrics-text; version=1.0.0; q=0.0, text/plain'));
    assert.ok(!wantsOpenMetrics('application/openmetrics-text;q=0.2,text/plain;q=0.9'));
    assert.ok(wantsOpenMetrics('text/plain;q=0.5, application/openmetrics-text;q=0.6'));
    assert.ok(wantsOpenMetrics('APPLICATION/OPENMETRICS-TEXT'));
  });
});

describe('options', () => {
  test('--serve addresses', () => {
    assert.deepEqual(parseListenAddress('9100'), { host: '127.0.0.1', port: 9100 });
    assert.deepEqual(parseListenAddress('0.0.0.0:9366'), { host: '0.0.0.0', port: 9366 });
    assert.deepEqual(parseListenAddress('[::1]:80'), { host: '::1', port: 80 });
    assert.deepEqual(parseListenAddress('localhost:1'), { host: 'localhost', port: 1 });
    for (const bad of ['', ':', '0', '65536', 'host:', '::1:80', '1.2.3.4:x', 'a b:1']) assert.equal(parseListenAddress(bad), undefined, bad);
  });

  test('--serve --max-entries N is judged as two maps of N, and the message names N', () => {
    // A map of 1,000,000 entries takes about 115 MiB: one fits in half of 400 MiB, two do not.
    const meminfo = `MemTotal: 1000000 kB\nMemAvailable: ${400 * 1024} kB\n`;
    checkMemory(1_000_000, 1, meminfo);
    assert.throws(() => checkMemory(1_000_000, 2, meminfo), {
      message:
        '--max-entries 1000000 needs about 230 MiB of kernel memory with --serve (2 count maps), more than half of the 400 MiB available now; choose a smaller bound',
    });
    assert.throws(() => checkMemory(2_000_000, 1, meminfo), { message: /^--max-entries 2000000 needs about 230 MiB of kernel memory, more than half/ });
  });

  test('--labels', () => {
    assert.deepEqual(parseLabels('cgroup,syscall'), ['cgroup', 'syscall']);
    assert.throws(() => parseLabels('comm,tid'), /expected some of pid, comm, syscall, cgroup.*'tid'/);
    assert.throws(() => parseLabels('comm,comm'), /twice/);
  });
});

const get = (port: number, path: string, options: { method?: string; accept?: string } = {}) => httpGet(`http://127.0.0.1:${port}${path}`, options);

/** Sends `request` on a new connection from `from`, reads until the server closes, returns all it said. */
function raw(port: number, request: string | Buffer, from = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: from }, () => socket.write(request));
    let answer = '';
    socket.setEncoding('latin1').on('data', (d: string) => (answer += d));
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
  });
}

async function withServer(render: Render, body: (port: number, server: Server) => Promise<void>, options: ServerOptions = {}): Promise<void> {
  const server = metricsServer(render, options);
  await listen(server, { host: '127.0.0.1', port: 0 });
  const { port } = server.address() as { port: number };
  try {
    await body(port, server);
  } finally {
    await stopServer(server);
  }
}

/** The kernel's TCP totals: orphaned sockets (closed by their program, still sending) and pages of buffers. */
function tcpStats(): { orphan: number; mem: number } {
  const line = /^TCP: (.*)$/m.exec(readFileSync('/proc/net/sockstat', 'utf8'))![1]!;
  const field = (name: string) => Number(new RegExp(`\\b${name} (\\d+)`).exec(line)![1]);
  return { orphan: field('orphan'), mem: field('mem') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds or `ms` have passed (a broken server fails the test, never hangs it); returns `done()`. */
async function until(done: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; !(await done()) && Date.now() < end;) await sleep(20);
  return done();
}

const answers = (text: string) => [...text.matchAll(/^HTTP\/1\.1 (\d+) /gm)].map((m) => Number(m[1]));

describe('metricsServer', () => {
  const render = (openMetrics: boolean) => (openMetrics ? 'om\n# EOF\n' : 'text\n');

  test('GET and HEAD /metrics and /healthz; 404 elsewhere; 405 for other methods; garbage and stalled clients do not stop it', async () => {
    await withServer(render, async (port) => {
      const text = await get(port, '/metrics?x=1');
      assert.deepEqual(
        [text.status, text.headers['content-type'], text.headers.connection, text.body],
        [200, 'text/plain; version=0.0.4; charset=utf-8', 'close', 'text\n'],
      );
      const om = await get(port, '/metrics', { accept: 'application/openmetrics-text; version=1.0.0' });
      assert.deepEqual([om.headers['content-type'], om.body], ['application/openmetrics-text; version=1.0.0; charset=utf-8', 'om\n# EOF\n']);
      const head = await get(port, '/metrics', { method: 'HEAD' });
      assert.deepEqual([head.status, head.headers['content-length'], head.body], [200, '5', '']);
      const health = await get(port, '/healthz');
      assert.deepEqual([health.status, health.body], [200, 'ok\n']);
      assert.equal((await get(port, '/')).status, 404);
      assert.equal((await get(port, '/metricsx')).status, 404);
      const post = await get(port, '/metrics', { method: 'POST' });
      assert.deepEqual([post.status, post.headers.allow], [405, 'GET, HEAD']);

      // Clients that send half a request and stall, and one that sends garbage.
      const stalled = Array.from({ length: 6 }, () =>
        connect(port, '127.0.0.1', function (this: ReturnType<typeof connect>) {
          this.write('GET /metrics HTTP/1.1\r\nHost: x\r\n');
        }).on('error', () => {}),
      );
      assert.match(await raw(port, '\x00\x01 nonsense\r\n\r\n'), /^HTTP\/1\.1 400 Bad Request\r\n/);
      assert.match(await raw(port, `GET /metrics HTTP/1.1\r\nHost: x\r\nX: ${'y'.repeat(9000)}\r\n\r\n`), /^HTTP\/1\.1 431 /);
      assert.match(await raw(port, 'GET /metrics HTTP/1.1\r\n\r\n'), /^HTTP\/1\.1 400 .*\r\n\r\nBad request: HTTP\/1\.1 needs a Host header\n$/s);
      assert.equal((await get(port, '/metrics')).body, 'text\n');
      for (const socket of stalled) socket.destroy();
    });
  });

  test('pipelined requests: one answer a connection, then it is closed; nothing queues', async () => {
    let renders = 0;
    await withServer(
      () => (renders++, 'text\n'),
      async (port) => {
        const pipelined = Buffer.from('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(4000));
        const said = await raw(port, pipelined);
        assert.deepEqual(answers(said), [200]);
        assert.match(said, /\r\nConnection: close\r\n/);
        assert.equal(renders, 1);
      },
    );
  });

  test('connections from one peer address are capped; another peer is served while they stall', async () => {
    await withServer(render, async (port) => {
      const { maxConnectionsPerPeer } = SERVER_LIMITS;
      // Idle connections from 127.0.0.2: those beyond the cap are closed at once.
      let closed = 0;
      const idle = Array.from(
        { length: maxConnectionsPerPeer + 12 },
        () =>
          new Promise<void>((resolve) => {
            const socket = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2' }).on('error', () => {});
            socket.on('close', () => (closed++, resolve()));
          }),
      );
      while (closed < 12) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(closed, 12, 'only those beyond the cap, before the request timeout');
      // Prometheus, from elsewhere, is served while those stall.
      const scrape = await raw(port, 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:9366\r\n\r\n');
      assert.deepEqual(answers(scrape), [200]);
      // And the stalled ones are cut off by the request timeout: all of them close.
      await Promise.all(idle);
      const again = await raw(port, 'GET /healthz HTTP/1.1\r\nHost: [::1]:1\r\n\r\n', '127.0.0.2');
      assert.deepEqual(answers(again), [200]);
    });
  });

  test('peers are grouped as one host is: an IPv4 address (also IPv4-mapped), an IPv6 /64', () => {
    assert.equal(peerGroup('127.0.0.2'), '127.0.0.2');
    assert.equal(peerGroup('::ffff:10.1.2.3'), '10.1.2.3');
    assert.equal(peerGroup('::FFFF:10.1.2.3'), '10.1.2.3');
    assert.equal(peerGroup('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(peerGroup('2001:0db8:0001:0002:ffff:1:2:3'), '2001:db8:1:2::/64');
    assert.equal(peerGroup('2001:db8::7'), '2001:db8:0:0::/64');
    assert.equal(peerGroup('::1'), '0:0:0:0::/64');
    // Every host on a link shares fe80::/64, and NAT64's 64:ff9b::/96 holds IPv4 hosts: each address is a peer there.
    assert.equal(peerGroup('fe80::1%eth0'), 'fe80:0:0:0:0:0:0:1');
    assert.equal(peerGroup('fe80::a:b:c:d'), 'fe80:0:0:0:a:b:c:d');
    assert.equal(peerGroup('64:ff9b::192.0.2.1'), '64:ff9b:0:0:0:0:c000:201');
    assert.equal(peerGroup('64:ff9b::c000:202'), '64:ff9b:0:0:0:0:c000:202');
    assert.equal(peerGroup('fe80:0:0:1::1'), 'fe80:0:0:1::/64');
    assert.equal(peerGroup('::ffff:1.2.3.4:5'), undefined);
    assert.equal(peerGroup(undefined), undefined);
  });

  test('idle connections from many addresses (127.0.0.x) do not lock a scrape out: at the total cap the oldest idle one is evicted', async () => {
    await withServer(render, async (port) => {
      const { maxConnections, maxConnectionsPerPeer } = SERVER_LIMITS;
      const addresses = Math.ceil(maxConnections / maxConnectionsPerPeer) + 1; // 17 x 8 = 136 > 128
      let opened = 0;
      const idle: Socket[] = [];
      try {
        for (let a = 0; a < addresses; a++) {
          for (let c = 0; c < maxConnectionsPerPeer; c++) {
            idle.push(connect({ port, host: '127.0.0.1', localAddress: `127.0.0.${10 + a}` }, () => opened++).on('error', () => {}));
          }
        }
        assert.ok(await until(() => opened === idle.length, 10_000));
        const scrape = await raw(port, 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
        assert.deepEqual(answers(scrape), [200]);
      } finally {
        for (const socket of idle) socket.destroy();
      }
    });
  });

  test('clients from 16 addresses that read their answers but never close (8 each, the total of 128) do not lock a scrape out: the oldest answered is reset', async () => {
    await withServer(
      render,
      async (port) => {
        const { maxConnections, maxConnectionsPerPeer } = SERVER_LIMITS;
        const lingering: Socket[] = [];
        let answered = 0;
        try {
          for (let a = 0; a < maxConnections / maxConnectionsPerPeer; a++) {
            for (let c = 0; c < maxConnectionsPerPeer; c++) {
              // allowHalfOpen: the server's FIN after the answer does not close our side.
              const socket = connect({ port, host: '127.0.0.1', localAddress: `127.0.0.${2 + a}`, allowHalfOpen: true }, () =>
                socket.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'),
              );
              socket
                .on('error', () => {})
                .resume()
                .once('end', () => answered++);
              lingering.push(socket);
            }
          }
          assert.ok(await until(() => answered === lingering.length, 10_000), `answered ${answered} of ${lingering.length}`);
          assert.deepEqual(answers(await raw(port, 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')), [200]);
          assert.deepEqual(answers(await raw(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')), [200]);
        } finally {
          for (const socket of lingering) socket.destroy();
        }
      },
      { limits: { answeredTimeoutMs: 60_000 } },
    ); // eviction, not the short hold, makes room here
  });

  test('an answered connection the client keeps open is let go of (reset) after answeredTimeoutMs, long before the deadline', async () => {
    await withServer(
      render,
      async (port, server) => {
        const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
        let answer = '';
        socket.setEncoding('latin1').on('data', (d: string) => (answer += d));
        socket.on('error', () => {});
        const open = () => new Promise<number>((resolve) => server.getConnections((_, n) => resolve(n)));
        try {
          assert.ok(await until(() => answer.endsWith('ok\n'), 10_000), answer);
          assert.ok(await until(async () => (await open()) === 0, 20_000), 'the server lets go of the answered connection');
          assert.deepEqual(answers(answer), [200]);
        } finally {
          socket.destroy();
        }
      },
      { limits: { answeredTimeoutMs: 100, connectionTimeoutMs: 3_600_000 } },
    );
  });

  test('an answer a client does not read stays with its connection, counted, and is reset at the deadline: no orphaned kernel socket holds it', async () => {
    const body = Buffer.alloc(1 << 20, 'x');
    let renders = 0;
    const connectionTimeoutMs = 1500;
    const before = tcpStats();
    const clients: Socket[] = [];
    try {
      await withServer(
        () => (renders++, body),
        async (port, server) => {
          const peers = 5;
          const count = peers * SERVER_LIMITS.maxConnectionsPerPeer; // 40
          for (let i = 0; i < count; i++) {
            const socket = connect({ port, host: '127.0.0.1', localAddress: `127.0.1.${1 + (i % peers)}` }, () =>
              socket.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'),
            );
            socket.pause(); // never read
            socket.on('error', () => {});
            clients.push(socket);
          }
          assert.ok(await until(() => renders === count, 10_000), `answered ${renders} of ${count}`);
          // Still counted while their answers are unread: a ninth connection from one of the peers is refused.
          assert.equal(await raw(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', '127.0.1.1'), '');
          const during = tcpStats();
          assert.ok(during.orphan < before.orphan + 5, `orphaned sockets while answering: ${before.orphan} -> ${during.orphan}`);
          // The deadline resets them all (bounded wait: a server that never lets go fails here instead of hanging).
          const open = () => new Promise<number>((resolve) => server.getConnections((_, n) => resolve(n)));
          assert.ok(
            await until(async () => (await open()) === 0, connectionTimeoutMs + 8000),
            'the server resets every non-reading connection at its deadline',
          );
          assert.ok(tcpStats().orphan < before.orphan + 5, `orphaned sockets: ${before.orphan} -> ${tcpStats().orphan}`);
          // Once the clients let go of what they received, nothing is left: 40 answers of 1 MiB are some 10,000 pages.
          for (const socket of clients) socket.destroy();
          assert.ok(await until(() => tcpStats().mem < before.mem + 1024, 5000), `TCP memory, pages: ${before.mem} -> ${tcpStats().mem}`);
        },
        { limits: { connectionTimeoutMs, answeredTimeoutMs: connectionTimeoutMs } },
      );
    } finally {
      for (const socket of clients) socket.destroy();
    }
  });

  test('absolute-form targets are served, their authority judged by the Host rule; an empty Host is 400', async () => {
    await withServer(render, async (port) => {
      const absolute = await raw(port, `GET http://127.0.0.1:${port}/metrics?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      assert.match(absolute, /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\ntext\n$/);
      assert.deepEqual(answers(await raw(port, `GET HTTP://localhost/healthz HTTP/1.1\r\nHost: evil.example\r\n\r\n`)), [200]);
      assert.match(
        await raw(port, `GET http://rebind.example:${port}/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`),
        /^HTTP\/1\.1 421 [^]*Host 'rebind\.example:\d+' is not/,
      );
      assert.deepEqual(answers(await raw(port, `GET http://127.0.0.1/other HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)), [404]);
      assert.deepEqual(answers(await raw(port, `GET ftp://127.0.0.1/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)), [400]);
      assert.match(await raw(port, 'GET /metrics HTTP/1.1\r\nHost:\r\n\r\n'), /^HTTP\/1\.1 400 Bad Request\r\n[^]*\r\n\r\nBad request: an empty Host\n$/);
      assert.match(await raw(port, 'GET /metrics HTTP/1.1\r\nHost:  \r\n\r\n'), /^HTTP\/1\.1 400 /);
      const refused = await raw(port, 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/openmetrics-text;q=0\r\n\r\n');
      assert.match(refused, /\r\nContent-Type: text\/plain; version=0\.0\.4; charset=utf-8\r\n[^]*\r\n\r\ntext\n$/);
    });
  });

  test("Host: IP literals, localhost, this machine's name and --host-names; any other name is refused (DNS rebinding)", async () => {
    const names = new Set(['metrics.example.org']);
    for (const host of [
      undefined,
      '127.0.0.1',
      '127.0.0.1:9366',
      '10.1.2.3:80',
      '[::1]:9366',
      '[fe80::1]',
      'localhost',
      'LOCALHOST:9366',
      'localhost.',
      'metrics.example.org:9366',
      'Metrics.Example.org',
    ]) {
      assert.ok(hostAllowed(host, names), String(host));
    }
    for (const host of [
      '',
      'evil.example',
      'evil.example:9366',
      'localhost.evil.example',
      '127.0.0.1.evil.example',
      '[::1',
      '::1',
      'a b',
      '[evil.example]:1',
    ]) {
      assert.ok(!hostAllowed(host, names), host);
    }
    await withServer(
      render,
      async (port) => {
        const refused = await raw(port, `GET /metrics HTTP/1.1\r\nHost: rebind.example:${port}\r\n\r\n`);
        assert.match(
          refused,
          /^HTTP\/1\.1 421 Misdirected Request\r\n[^]*\r\n\r\nMisdirected request: Host 'rebind\.example:\d+' is not an address of this exporter nor a name given to --host-names\n$/,
        );
        assert.deepEqual(answers(await raw(port, `GET /metrics HTTP/1.1\r\nHost: ${hostname()}:${port}\r\n\r\n`)), [200]);
        assert.deepEqual(answers(await raw(port, `GET /metrics HTTP/1.1\r\nHost: metrics.example.org\r\n\r\n`)), [200]);
        assert.deepEqual(answers(await raw(port, `GET /metrics HTTP/1.1\r\nHost: x\r\nHost: 127.0.0.1\r\n\r\n`)), [400]);
      },
      { hostNames: ['metrics.example.org'] },
    );
  });

  test('a rendering that throws is answered 500 and noted once; the server goes on', async () => {
    const notes: string[] = [];
    let fail = true;
    await withServer(
      () => {
        if (fail) throw new Error('out of memory');
        return 'text\n';
      },
      async (port) => {
        for (let i = 0; i < 3; i++) assert.equal((await get(port, '/metrics')).status, 500);
        fail = false;
        assert.equal((await get(port, '/metrics')).body, 'text\n');
      },
      { warn: (message) => notes.push(message) },
    );
    assert.deepEqual(notes, ['rendering the metrics failed (answered 500): out of memory']);
  });

  test("an 'error' on the listening server (accept failing with EMFILE) is noted, not fatal", async () => {
    const notes: string[] = [];
    await withServer(
      render,
      async (port, server) => {
        server.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }));
        assert.equal((await get(port, '/metrics')).body, 'text\n');
      },
      { warn: (message) => notes.push(message) },
    );
    assert.deepEqual(notes, ['the metrics server could not accept a connection: accept EMFILE; serving on']);
  });
});
