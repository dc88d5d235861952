// The addon's JS surface: argument checks need no privileges; the lifecycle needs root.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Addon, NativeColumns, TracerOptions } from '../../src/core/native.js';
import { CountTable, type CountRow } from '../../src/core/rows.js';
import { SyscallNames } from '../../src/syscalls/names.js';
import { ROOT, bpfObjectsOf, rootSkipReason } from '../support.js';

const addon = createRequire(import.meta.url)('../../build/Release/syscallbypid.node') as Addon;

test('exports the constants of bpf/syscallbypid.h', () => {
  assert.equal(addon.defaultMaxEntries, 2048);
  assert.equal(addon.commLength, 16);
});

test('rejects bad options before touching the kernel', () => {
  // @ts-expect-error: checking the runtime guard
  assert.throws(() => new addon.Tracer(), { name: 'TypeError', message: 'Tracer: expected an options object' });
  const bad: Array<[object, string, RegExp]> = [
    [{ maxEntries: '10' }, 'TypeError', /maxEntries must be a number/],
    [{ btfPath: 5 }, 'TypeError', /btfPath must be a string/],
    [{ btfPath: '' }, 'RangeError', /btfPath must be 1 to 4096 bytes without NUL/],
    [{ btfPath: 'a\0b' }, 'RangeError', /without NUL/],
    [{ pids: 7 }, 'TypeError', /pids must be an array/],
    [{ pids: [0] }, 'RangeError', /pids\[\] must be an integer from 1 to 4294967295/],
    [{ pids: ['1'] }, 'TypeError', /pids\[\] must be a number/],
    [{ pids: new Array(65537).fill(1) }, 'RangeError', /pids has too many values/],
    [{ comms: ['x'.repeat(16)] }, 'RangeError', /comms\[\] must be 1 to 15 bytes/],
    [{ comms: [''] }, 'RangeError', /comms\[\] must be 1 to 15 bytes/],
    [{ syscalls: [{ id: 2 ** 31, abi: 0 }] }, 'RangeError', /syscalls\[\]\.id must be an integer/],
    [{ syscalls: [{ id: 0, abi: 3 }] }, 'RangeError', /syscalls\[\]\.abi must be an integer from 0 to 2/],
    [{ syscalls: [0] }, 'TypeError', /syscalls\[\] must be objects \{ id, abi \}/],
    [{ byThread: 'yes' }, 'TypeError', /byThread must be a boolean/],
    [{ time: 'yes' }, 'TypeError', /time must be a boolean/],
    [{ histogram: 1 }, 'TypeError', /histogram must be a boolean/],
    [{ cgroupPath: {} }, 'TypeError', /cgroupPath must be a string/],
    [{ drainAt: 9 }, 'RangeError', /drainAt must be an integer from 0 to 8/],
    [{ drainAt: 2 }, 'RangeError', /drainAt needs the spare map/],
  ];
  for (const [options, name, message] of bad) {
    const construct = addon.Tracer as unknown as new (options: object) => unknown;
    assert.throws(() => new construct({ maxEntries: 8, ...options }), { name, message }, JSON.stringify(options).slice(0, 80));
  }
  for (const maxEntries of [0, -1, 1.5, 2 ** 32, Number.NaN]) {
    assert.throws(() => new addon.Tracer({ maxEntries }), { name: 'RangeError' }, String(maxEntries));
  }
});

describe('lifecycle', { skip: rootSkipReason() }, () => {
  test('counts, detaches, reads, and refuses calls after an idempotent close', () => {
    const tracer = new addon.Tracer({ maxEntries: 64 });
    try {
      for (let i = 0; i < 100; i++) statSync('/');
      tracer.detach();
      const columns = tracer.read();
      assert.deepEqual(Object.keys(columns), ['pid', 'tid', 'id', 'abi', 'cgroup', 'count', 'errors', 'commIndex', 'comms']);
      assert.ok(columns.pid instanceof Uint32Array && columns.id instanceof Int32Array && columns.count instanceof Float64Array);
      const n = columns.pid.length;
      assert.ok(n > 0 && n <= 64);
      for (const column of [columns.pid, columns.tid, columns.id, columns.abi, columns.count, columns.errors, columns.commIndex])
        assert.equal(column.length, n);
      assert.equal(new Set(columns.comms).size, columns.comms.length, 'each thread name once');
      assert.ok(columns.commIndex.every((i) => i < columns.comms.length));
      const table = new CountTable(columns, new SyscallNames(process.arch));
      const rows = table.indices().map((i) => table.row(i));
      const keyOrder = (a: CountRow, b: CountRow) =>
        a.pid - b.pid || a.tid - b.tid || Buffer.compare(Buffer.from(a.comm), Buffer.from(b.comm)) || a.id - b.id || a.abi - b.abi;
      assert.deepEqual(rows, [...rows].sort(keyOrder), 'rows come in key order');
      const own = rows.filter((row) => row.pid === process.pid);
      assert.ok(
        own.some((row) => row.count >= 100),
        'our 100 stat calls are not in the map',
      );
      for (const row of rows) {
        assert.equal(row.tid, 0);
        assert.equal(typeof row.comm, 'string');
        assert.ok(row.count >= 1 && row.errors <= row.count);
      }
      assert.equal(tracer.droppedSyscalls(), 0);
      assert.equal(tracer.skippedSyscalls(), 0, 'the kernel ran the counter for every completion');
    } finally {
      tracer.close();
    }
    tracer.close();
    assert.throws(() => tracer.read(), /Tracer is closed/);
    assert.throws(() => tracer.droppedSyscalls(), /Tracer is closed/);
    assert.throws(() => tracer.skippedSyscalls(), /Tracer is closed/);
  });

  test('drain: what left the kernel is counted once; with byCgroup, rows carry the cgroup id', () => {
    const tracer = new addon.Tracer({ maxEntries: 4096, drain: true, byCgroup: true });
    try {
      const own = (columns: NativeColumns, id: number) => {
        let sum = 0;
        for (let i = 0; i < columns.pid.length; i++) if (columns.pid[i] === process.pid && columns.id[i] === id) sum += columns.count[i]!;
        return sum;
      };
      const getppid = process.arch === 'x64' ? 110 : 173; // x86_64, arm64
      tracer.drain();
      for (let i = 0; i < 300; i++) assert.ok(process.ppid > 0); // each read is a getppid call
      // Each call is drained exactly once, or still pending in this CPU's slot; for a moment while
      // it moves into the new map, in neither. Drained plus pending never exceeds 300 and reaches it.
      let drained = 0;
      let seen = 0;
      for (let round = 0; round < 20 && seen !== 300; round++) {
        const result = tracer.drain();
        drained += own(result.drained, getppid);
        seen = drained + own(result.pending, getppid);
        assert.ok(seen <= 300, `counted ${seen} getppid calls of 300`);
        assert.ok(
          result.drained.cgroup.every((id) => id > 0),
          'every row has a cgroup id',
        );
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
      assert.equal(seen, 300);
      assert.equal(tracer.droppedKeys(), 0);
    } finally {
      tracer.close();
    }
    assert.throws(() => tracer.drain(), /Tracer is closed/);
    const plain = new addon.Tracer({ maxEntries: 64 });
    try {
      assert.throws(() => plain.drain(), /not created with \{ drain: true \}/);
    } finally {
      plain.close();
    }
  });

  test('keyIds: a key has one id in every drain and read, distinct keys distinct ids; none without the option', () => {
    const tracer = new addon.Tracer({ maxEntries: 4096, drain: true, keyIds: true });
    try {
      const idOf = new Map<string, number>(); // key -> id, as first seen
      const keyOf = new Map<number, string>(); // id -> key
      const check = (columns: NativeColumns) => {
        const ids = columns.key;
        assert.ok(ids instanceof Uint32Array);
        assert.equal(ids.length, columns.pid.length);
        for (let i = 0; i < columns.pid.length; i++) {
          const key = `${columns.pid[i]}/${columns.tid[i]}/${columns.comms[columns.commIndex[i]!]}/${columns.id[i]}/${columns.abi[i]}/${columns.cgroup[i]}`;
          const id: number = ids[i]!;
          assert.equal(idOf.get(key) ?? id, id, `${key}: one id`);
          assert.equal(keyOf.get(id) ?? key, key, `id ${id}: one key`);
          idOf.set(key, id);
          keyOf.set(id, key);
        }
      };
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 50; i++) assert.ok(process.ppid > 0 && process.getuid!() >= 0);
        const { drained, pending } = tracer.drain();
        check(drained);
        check(pending);
      }
      tracer.detach();
      check(tracer.read());
      assert.ok(idOf.size > 2, `${idOf.size} keys`);
      // Ids are dense from 0 in order of arrival: every id below the count is some key's.
      assert.deepEqual(
        [...keyOf.keys()].sort((a, b) => a - b),
        [...Array(keyOf.size).keys()],
      );
    } finally {
      tracer.close();
    }
    const plain = new addon.Tracer({ maxEntries: 64, drain: true });
    try {
      assert.equal(plain.drain().drained.key, undefined);
      assert.equal(plain.read().key, undefined);
    } finally {
      plain.close();
    }
  });

  test("collect: counts leave the map for the tracer's own table, and read() still has each once", () => {
    const tracer = new addon.Tracer({ maxEntries: 4096, drain: true });
    try {
      const getppid = process.arch === 'x64' ? 110 : 173; // x86_64, arm64
      const own = (columns: NativeColumns) => {
        let sum = 0;
        for (let i = 0; i < columns.pid.length; i++) if (columns.pid[i] === process.pid && columns.id[i] === getppid) sum += columns.count[i]!;
        return sum;
      };
      let calls = 0;
      let moved = 0;
      // The first collect swaps the spare into the empty slot 0; later ones alternate the two maps.
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 100; i++, calls++) assert.ok(process.ppid > 0); // each read is a getppid call
        // getuid (102) takes getppid's (110) slot on x86_64, moving its count into the map: a quiet
        // machine (a fresh one) may do nothing else that would, and collect() would move nothing.
        assert.ok(process.getuid!() >= 0);
        moved += tracer.collect();
        const fill = tracer.fill();
        assert.ok(fill.rows <= moved, `${fill.rows} rows from ${moved} keys moved`);
        assert.ok(fill.entries >= 0 && fill.entries <= 4096, `entries ${fill.entries}`);
        const seen = own(tracer.read());
        assert.ok(seen <= calls, `read ${seen} of ${calls} calls`);
      }
      assert.ok(moved > 0, `no key moved in 5 collects`);
      tracer.detach();
      // After detaching, whatever still sits in a CPU's slot is read from there: exact.
      assert.equal(own(tracer.read()), calls);
      assert.ok(tracer.completions() >= calls, `completions ${tracer.completions()} of ${calls} calls`);
      // Keys in the table are unique: read() merges a key's drained, map and slot counts into one row.
      const columns = tracer.read();
      const keys = new Set<string>();
      for (let i = 0; i < columns.pid.length; i++)
        keys.add(`${columns.pid[i]}/${columns.tid[i]}/${columns.comms[columns.commIndex[i]!]}/${columns.id[i]}/${columns.abi[i]}`);
      assert.equal(keys.size, columns.pid.length);
      assert.equal(tracer.droppedKeys(), 0);
      assert.equal(tracer.droppedSyscalls(), 0);
    } finally {
      tracer.close();
    }
    assert.throws(() => tracer.collect(), /Tracer is closed/);
    assert.throws(() => tracer.fill(), /Tracer is closed/);
  });

  test('fill: entries in use rise with new keys and fall to zero when collected', () => {
    const tracer = new addon.Tracer({ maxEntries: 4096, drain: true });
    try {
      // The slots move counts into the map only when they change key: alternate calls until some do.
      const deadline = Date.now() + 5000;
      while (tracer.fill().entries === 0 && Date.now() < deadline) {
        for (let i = 0; i < 100; i++) assert.ok(process.ppid > 0 && process.getuid!() >= 0);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      }
      assert.ok(tracer.fill().entries > 0, `no key reached the map in 5 s: ${JSON.stringify(tracer.fill())}`);
      tracer.detach();
      // The collect's grace period also waits out program runs still in flight after the detach.
      const moved = tracer.collect();
      assert.deepEqual(tracer.fill(), { entries: 0, inserted: moved, rows: moved }, 'every key inserted was moved, each once');
    } finally {
      tracer.close();
    }
  });

  /** Makes calls of a few kinds until `done`: the CPUs' slots move a count into the map when they change key. */
  function callUntil(done: () => boolean, what: string): void {
    const deadline = Date.now() + 5000;
    while (!done() && Date.now() < deadline) {
      for (let i = 0; i < 100; i++) assert.ok(process.ppid > 0 && process.getuid!() >= 0 && statSync('/').isDirectory());
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
    assert.ok(done(), `not within 5 s: ${what}`);
  }

  /** Resolves at the tracer's next wake-up, which comes on the event loop; rejects after 5 s. */
  function watchWakes(tracer: { onWake(callback: () => void): void }) {
    let count = 0;
    let woken = () => {};
    tracer.onWake(() => {
      count++;
      woken();
    });
    const next = () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no wake-up within 5 s')), 5000);
        woken = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    return { next, count: () => count };
  }

  test('onWake: the program wakes user space once drainAt entries are in use, once a mark, again after a drain', async () => {
    const tracer = new addon.Tracer({ maxEntries: 4096, drain: true, drainAt: 2, pids: [process.pid] });
    try {
      const wakes = watchWakes(tracer);
      assert.throws(() => tracer.onWake(() => {}), /onWake: already watching/);
      let woken = wakes.next();
      callUntil(() => tracer.fill().entries >= 2, 'two keys in the map');
      await woken;
      callUntil(() => tracer.fill().entries >= 4, 'four keys in the map');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(wakes.count(), 1, 'one wake-up for the mark, however many keys come after it');
      woken = wakes.next();
      // Keys that reach the new map during the drain may pass the new mark before it is set: then the
      // caller drains again, as CountSession does, until the map is below it.
      do tracer.collect();
      while (tracer.fill().entries >= 2);
      callUntil(() => tracer.fill().entries >= 2, 'two keys in the map after the drain');
      await woken;
      assert.equal(wakes.count(), 2);
    } finally {
      tracer.close();
    }
  });

  test('onWake: the first loss wakes user space, the later ones do not', async () => {
    // No drainAt: only a loss wakes it.
    const tracer = new addon.Tracer({ maxEntries: 1, drain: true, pids: [process.pid] });
    try {
      const wakes = watchWakes(tracer);
      const woken = wakes.next();
      callUntil(() => tracer.droppedKeys() > 0, 'a key refused by the full map');
      await woken;
      const dropped = tracer.droppedKeys();
      callUntil(() => tracer.droppedKeys() > dropped, 'more keys refused');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(wakes.count(), 1);
    } finally {
      tracer.close();
    }
  });

  test('a full map counts the completions it could not hold', () => {
    const tracer = new addon.Tracer({ maxEntries: 1 });
    try {
      // Counts reach the map only when a CPU's slot changes key, which a quiet machine can leave
      // undone for seconds. On x86_64 getppid (110) and getuid (102) share a slot: alternating
      // them moves one key after the other into the one-entry map.
      const deadline = Date.now() + 5000;
      while (tracer.droppedSyscalls() === 0 && Date.now() < deadline) {
        for (let i = 0; i < 100; i++) assert.ok(process.ppid > 0 && process.getuid!() >= 0);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      }
      // A message of our own: without one, node:assert re-reads the (transpiled, one-line) source to quote it, for minutes.
      assert.ok(tracer.droppedSyscalls() > 0, `no completion dropped in 5 s: ${JSON.stringify(tracer.fill())}`);
      tracer.detach();
      // The map holds its one key; the CPUs' slots in front of it hold a few more.
      assert.ok(tracer.read().pid.length >= 1);
    } finally {
      tracer.close();
    }
  });

  test('time: the columns gain timed, timeNs and maxNs, and buckets only with histogram', () => {
    for (const options of [{ time: true }, { histogram: true }]) {
      const tracer = new addon.Tracer({ maxEntries: 64, pids: [process.pid], ...options });
      try {
        for (let i = 0; i < 100; i++) statSync('/');
        tracer.detach();
        const columns = tracer.read();
        const time = ['timed', 'timeNs', 'maxNs'];
        const expected = ['pid', 'tid', 'id', 'abi', 'cgroup', 'count', 'errors', 'commIndex', 'comms', ...time];
        assert.deepEqual(Object.keys(columns), 'histogram' in options ? [...expected, 'buckets'] : expected);
        const n = columns.pid.length;
        for (const name of time) assert.equal((columns[name as keyof NativeColumns] as Float64Array).length, n, name);
        if (columns.buckets) assert.equal(columns.buckets.length, n * (addon.histogramBoundsNs.length + 1));
        for (let i = 0; i < n; i++) assert.ok(columns.timed![i]! <= columns.count[i]! && columns.maxNs![i]! <= columns.timeNs![i]!);
        assert.equal(tracer.skippedSyscalls(), 0);
      } finally {
        tracer.close();
      }
    }
  });

  /** The names of the BPF programs and maps this process holds (as bpftool shows them, cut to 15 bytes by the kernel). */
  function loaded(): { progs: string[]; maps: string[] } {
    const held = { progs: [] as string[], maps: [] as string[] };
    const objects = [...bpfObjectsOf(process.pid)].map((object) => object.split(' ') as ['prog' | 'map', string]);
    const names = execFileSync(bpfNames(), objects.flat(), { encoding: 'utf8' }).split('\n');
    objects.forEach(([kind], i) => held[kind === 'prog' ? 'progs' : 'maps'].push(names[i]!));
    return { progs: held.progs.sort(), maps: held.maps.filter((name) => !name.includes('.')).sort() };
  }

  let bpfNamesPath: string | undefined;
  /** test/helpers/bpf-names.c, compiled once: object names without bpftool, which a fresh machine lacks. */
  function bpfNames(): string {
    bpfNamesPath ??= join(mkdtempSync(join(tmpdir(), 'syscallbypid-test-')), 'bpf-names');
    if (!existsSync(bpfNamesPath)) execFileSync('cc', ['-O2', '-o', bpfNamesPath, join(ROOT, 'test/helpers/bpf-names.c')]);
    return bpfNamesPath;
  }

  test('without time no entry program and no time map is loaded; with time, no untimed count map; the floors load only theirs', () => {
    const cases: Array<[Partial<TracerOptions>, string[], string[]]> = [
      [{}, ['count_sys_exit', 'judge_exec_call', 'note_exec_call'], ['count_maps', 'counts', 'cpu_slots', 'exec_calls', 'wakeups']],
      [
        { time: true },
        ['judge_exec_call', 'note_exec_call', 'stamp_sys_enter', 'stash_stamp', 'time_sys_exit'],
        ['cpu_stamps', 'entry_stamps', 'exec_calls', 'time_count_maps', 'time_counts', 'time_slots', 'wakeups'],
      ],
      [
        { histogram: true },
        ['judge_exec_call', 'note_exec_call', 'stamp_sys_enter', 'stash_stamp', 'time_sys_exit'],
        ['cpu_stamps', 'entry_stamps', 'exec_calls', 'hist_count_maps', 'hist_counts', 'time_slots', 'wakeups'],
      ],
      [
        { time: true, floor: true },
        ['floor_sys_enter', 'floor_sys_exit'],
        ['cpu_stamps', 'entry_stamps', 'exec_calls', 'time_count_maps', 'time_counts', 'time_slots', 'wakeups'],
      ],
      [
        { time: true, floor: true, clock: true },
        ['clock_sys_exit', 'stamp_sys_enter'],
        ['cpu_stamps', 'entry_stamps', 'exec_calls', 'time_count_maps', 'time_counts', 'time_slots', 'wakeups'],
      ],
      [{ floor: true }, ['floor_sys_exit'], ['count_maps', 'counts', 'cpu_slots', 'exec_calls', 'wakeups']],
    ];
    for (const [options, progs, maps] of cases) {
      const tracer = new addon.Tracer({ maxEntries: 64, ...options });
      try {
        const held = loaded();
        assert.deepEqual(held.progs, progs, JSON.stringify(options));
        const filters = ['followed', 'wanted_cgroup', 'wanted_comms', 'wanted_pids', 'wanted_syscalls'];
        assert.deepEqual(
          held.maps.filter((name) => !filters.includes(name)),
          maps,
          JSON.stringify(options),
        );
      } finally {
        tracer.close();
      }
    }
  });

  test('time with floor: empty programs at both ends, nothing counted', () => {
    const tracer = new addon.Tracer({ maxEntries: 64, time: true, floor: true });
    try {
      for (let i = 0; i < 100; i++) statSync('/');
      tracer.detach();
      assert.equal(tracer.read().pid.length, 0);
    } finally {
      tracer.close();
    }
  });

  test('time: a full map counts the completions it could not hold', () => {
    const tracer = new addon.Tracer({ maxEntries: 1, time: true });
    try {
      // As above: getppid and getuid share a slot, so each moves the other's timed counts to the map.
      const deadline = Date.now() + 5000;
      while (tracer.droppedSyscalls() === 0 && Date.now() < deadline) {
        for (let i = 0; i < 100; i++) assert.ok(process.ppid > 0 && process.getuid!() >= 0);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      }
      // A message of our own: without one, node:assert re-reads the (transpiled, one-line) source to quote it, for minutes.
      assert.ok(tracer.droppedSyscalls() > 0, `no completion dropped in 5 s: ${JSON.stringify(tracer.fill())}`);
      assert.ok(tracer.droppedKeys() > 0, 'no key refused');
    } finally {
      tracer.close();
    }
  });
});
