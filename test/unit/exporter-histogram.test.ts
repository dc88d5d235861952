// --serve --time: the duration histogram's series (drained and pending like the counts) and its exposition.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leValue, renderMetrics, type ExporterState } from '../../src/exporter/metrics.js';
import { SeriesStore } from '../../src/exporter/series.js';
import type { NativeColumns } from '../../src/core/native.js';
import { SyscallNames } from '../../src/syscalls/names.js';

const names = new SyscallNames('x64');
const BOUNDS = [1024, 2048, 4096]; // ns; then +Inf

interface Row {
  comm?: string;
  id?: number;
  count: number;
  timed: number;
  timeNs: number;
  buckets: number[];
}

/** The kernel's columns with time and a histogram: buckets row-major, BOUNDS.length + 1 a row. */
function columns(rows: Row[]): NativeColumns {
  const comms = [...new Set(rows.map((r) => r.comm ?? 'app'))];
  return {
    pid: new Uint32Array(rows.length),
    tid: new Uint32Array(rows.length),
    id: Int32Array.from(rows, (r) => r.id ?? 0),
    abi: new Uint8Array(rows.length),
    cgroup: new Float64Array(rows.length),
    count: Float64Array.from(rows, (r) => r.count),
    errors: new Float64Array(rows.length),
    commIndex: Uint32Array.from(rows, (r) => comms.indexOf(r.comm ?? 'app')),
    comms,
    timed: Float64Array.from(rows, (r) => r.timed),
    timeNs: Float64Array.from(rows, (r) => r.timeNs),
    maxNs: Float64Array.from(rows, (r) => Math.max(...r.buckets.map((n, b) => (n > 0 ? (BOUNDS[b] ?? 9999) : 0)))),
    buckets: Float64Array.from(rows.flatMap((r) => r.buckets)),
  };
}
const none = columns([]);

function state(store: SeriesStore): ExporterState {
  return {
    store,
    errors: false,
    mapEntries: 1,
    maxEntries: 2048,
    droppedKeys: 0,
    droppedSyscalls: 0,
    skippedSyscalls: 0,
    version: '1.2.3',
    histogramBoundsNs: BOUNDS,
  };
}

const histogramLines = (text: string) => text.split('\n').filter((line) => line.includes('duration_seconds'));

test('the duration histogram: cumulative buckets in seconds, _sum in seconds, _count the timed calls', () => {
  const store = new SeriesStore(['comm', 'syscall'], 100, names, () => '/');
  // 5 calls of read, 4 of them timed, drained; 2 more timed ones still pending in a CPU's slot.
  store.absorb(
    columns([{ comm: 'nginx', count: 5, timed: 4, timeNs: 6000, buckets: [1, 2, 1, 0] }]),
    columns([{ comm: 'nginx', count: 2, timed: 2, timeNs: 1_000_000_000, buckets: [0, 0, 0, 2] }]),
  );
  assert.deepEqual(histogramLines(renderMetrics(state(store), false).toString()), [
    "# HELP syscallbypid_syscall_duration_seconds Time from a syscall's entry to its completion, by comm, syscall; calls in flight when tracing began are not timed.",
    '# TYPE syscallbypid_syscall_duration_seconds histogram',
    'syscallbypid_syscall_duration_seconds_bucket{comm="nginx",syscall="read",le="0.000001024"} 1',
    'syscallbypid_syscall_duration_seconds_bucket{comm="nginx",syscall="read",le="0.000002048"} 3',
    'syscallbypid_syscall_duration_seconds_bucket{comm="nginx",syscall="read",le="0.000004096"} 4',
    'syscallbypid_syscall_duration_seconds_bucket{comm="nginx",syscall="read",le="+Inf"} 6',
    'syscallbypid_syscall_duration_seconds_sum{comm="nginx",syscall="read"} 1.000006',
    'syscallbypid_syscall_duration_seconds_count{comm="nginx",syscall="read"} 6',
  ]);
  const openMetrics = renderMetrics(state(store), true).toString();
  assert.match(openMetrics, /^# TYPE syscallbypid_syscall_duration_seconds histogram\n/m);
  assert.ok(openMetrics.endsWith('\n# EOF\n'));
  // The pending calls move into the map: in neither for a moment, then drained. Nothing goes back.
  store.absorb(none, none);
  assert.match(renderMetrics(state(store), false).toString(), /_count\{comm="nginx",syscall="read"\} 6\n/);
  store.absorb(columns([{ comm: 'nginx', count: 3, timed: 3, timeNs: 1_000_000_500, buckets: [1, 0, 0, 2] }]), none);
  assert.match(renderMetrics(state(store), false).toString(), /_count\{comm="nginx",syscall="read"\} 7\n/);
  assert.deepEqual(
    [...store.values()].map((s) => [s.count, s.time?.timed, s.time?.timeNs, [...s.time!.buckets]]),
    [[8, 7, 1_000_006_500, [2, 2, 1, 2]]],
  );
});

test('le values are OpenMetrics canonical numbers', () => {
  assert.deepEqual([1024, 1e9, 8e9, 1000].map(leValue), ['0.000001024', '1.0', '8.0', '0.000001']);
});

test('a series whose durations are still pending does not expire; one all drained does, with its histogram', () => {
  let now = 0;
  const store = new SeriesStore(['comm', 'syscall'], 100, names, () => '/', { ttlMs: 1000, now: () => now });
  store.absorb(columns([{ comm: 'old', count: 1, timed: 1, timeNs: 10, buckets: [1, 0, 0, 0] }]), none);
  store.absorb(columns([{ comm: 'flight', count: 1, timed: 0, timeNs: 0, buckets: [0, 0, 0, 0] }]), none);
  // Its count is all drained, but a timed call's duration is only pending (served, not drained).
  store.absorb(none, columns([{ comm: 'flight', count: 0, timed: 1, timeNs: 1500, buckets: [0, 1, 0, 0] }]));
  now = 2000;
  store.absorb(none, none);
  assert.deepEqual(
    [...store.values()].map((s) => s.labels),
    ['comm="flight",syscall="read"'],
    'old expires; flight still has durations in flight',
  );
  store.absorb(columns([{ comm: 'folded', count: 2, timed: 2, timeNs: 20, buckets: [2, 0, 0, 0] }]), none);
  const text = renderMetrics(state(store), false).toString();
  assert.match(text, /_count\{comm="folded",syscall="read"\} 2\n/);
  assert.doesNotMatch(text, /comm="old"/);
});

test('--max-series folds the histogram with its counter', () => {
  const store = new SeriesStore(['comm', 'syscall'], 1, names, () => '/');
  store.absorb(
    columns([
      { comm: 'a', count: 1, timed: 1, timeNs: 100, buckets: [1, 0, 0, 0] },
      { comm: 'b', count: 2, timed: 2, timeNs: 5000, buckets: [0, 0, 0, 2] },
      { comm: 'c', count: 1, timed: 1, timeNs: 2000, buckets: [0, 1, 0, 0] },
    ]),
    none,
  );
  const lines = histogramLines(renderMetrics(state(store), false).toString()).filter((l) => /_count|Inf/.test(l));
  assert.deepEqual(lines, [
    'syscallbypid_syscall_duration_seconds_bucket{comm="a",syscall="read",le="+Inf"} 1',
    'syscallbypid_syscall_duration_seconds_count{comm="a",syscall="read"} 1',
    'syscallbypid_syscall_duration_seconds_bucket{comm="other",syscall="read",le="+Inf"} 3',
    'syscallbypid_syscall_duration_seconds_count{comm="other",syscall="read"} 3',
  ]);
});
