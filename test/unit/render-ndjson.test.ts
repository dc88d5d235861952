// ndjson (output/render.ts), written field by field: each line is what JSON.stringify gives for the
// row's record, as the json document's rows are, in every column set the options make.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderInterval, renderRun, type View } from '../../src/output/render.js';
import { CountTable, type CountRow } from '../../src/core/rows.js';
import { SyscallNames } from '../../src/syscalls/names.js';

const names = new SyscallNames('x64');
const info = { start: new Date(0), end: new Date(1000), arch: 'x86_64', maxEntries: 2048, options: {}, dropped: 0 };
const view = (v: Partial<View>): View => ({ format: 'ndjson', sort: 'count', reverse: false, byThread: false, errors: false, ...v });
const text = (rendered: string | Buffer) => rendered.toString();

const row = (pid: number, comm: string, id: number, count: number, more: Partial<CountRow> = {}): CountRow => ({
  pid,
  tid: pid + 1,
  comm,
  id,
  abi: 0,
  count,
  errors: 1,
  ...more,
});

test('ndjson lines, exactly: the fields in the columns order, the interval stamp first', () => {
  const table = CountTable.of([row(10, 'sh', 0, 4), row(20, 'a "b"\\c', 100_000, 1)], names);
  assert.equal(
    text(renderInterval(table, view({ errors: true }), new Date(1_700_000_000_000), true)),
    '{"time":"2023-11-14T22:13:20.000Z","pid":20,"cmd":"a \\"b\\"\\\\\\\\c","syscall":"syscall_100000","id":100000,"abi":"x86_64","count":1,"errors":1}\n' +
      '{"time":"2023-11-14T22:13:20.000Z","pid":10,"cmd":"sh","syscall":"read","id":0,"abi":"x86_64","count":4,"errors":1}\n',
  );
});

test('ndjson lines are JSON.stringify of the json document rows: threads, errors, time, histogram, odd names', () => {
  const timed = { timed: 3, timeNs: 3001, maxNs: 2000 };
  const rows = [row(1, 'é\x01\x7f', 1, 7, timed), row(2, '', -1, 3, { ...timed, timed: 0, timeNs: 0, maxNs: 0 }), row(3, 'ok', 35, 5, timed)];
  const bounds = [1000, 2000];
  const withBuckets = rows.map((r) => ({ ...r, buckets: [1, 0, r.timed!] }));
  const cases: [CountRow[], Partial<View>][] = [
    [rows.map((r) => ({ ...r, timed: undefined, timeNs: undefined, maxNs: undefined })), { byThread: true, errors: true }],
    [rows, { time: true }],
    [rows, { time: true, summary: 'pid' }],
    [rows, { summary: 'syscall', errors: true }],
    [withBuckets, { time: true, histogramBoundsNs: bounds }],
  ];
  for (const [given, v] of cases) {
    const table = CountTable.of(given, names);
    const document = JSON.parse(text(renderRun(table, view({ ...v, format: 'json' }), info))) as { rows: unknown[] };
    const expected = document.rows.map((r) => `${JSON.stringify(r)}\n`).join('');
    assert.equal(text(renderRun(table, view(v), info)), expected, JSON.stringify(v));
    const stamped = document.rows.map((r) => `${JSON.stringify({ time: '1970-01-01T00:00:00.000Z', ...(r as object) })}\n`).join('');
    assert.equal(text(renderInterval(table, view(v), new Date(0), false)), stamped, JSON.stringify(v));
  }
});
