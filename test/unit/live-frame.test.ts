// The live view's bordered table (live/layout.ts boxed): drawn by hand, line for line what cli-table3
// drew with the options the view gave it, which it replaced.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import type CliTable3 from 'cli-table3';
import { boxed } from '../../src/live/layout.js';

const Table = createRequire(import.meta.url)('cli-table3') as typeof CliTable3;

/** What cli-table3 drew for the view (layout.ts before boxed): cells already cut to their widths. */
function cliTable3(head: string[], rows: string[][], widths: number[], aligns: ('left' | 'right')[]): string[] {
  const table = new Table({
    head,
    colWidths: widths.map((w) => w + 2),
    colAligns: aligns,
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  for (const row of rows) table.push(row);
  return table.toString().split('\n');
}

test('boxed: borders, a rule under the head only, cells padded to their width by alignment', () => {
  assert.deepEqual(
    boxed(
      ['PID', 'CALLS/S▼'],
      [
        ['1', '5'],
        ['22', '1,234'],
      ],
      [3, 8],
      ['left', 'right'],
    ),
    ['┌─────┬──────────┐', '│ PID │ CALLS/S▼ │', '├─────┼──────────┤', '│ 1   │        5 │', '│ 22  │    1,234 │', '└─────┴──────────┘'],
  );
  assert.deepEqual(boxed(['PID', 'CMD'], [], [4, 5], ['left', 'right']), ['┌──────┬───────┐', '│ PID  │   CMD │', '└──────┴───────┘']);
});

test('boxed draws what cli-table3 drew: wide characters, an escaped name, full and empty cells, no rows', () => {
  const aligns: ('left' | 'right')[] = ['left', 'left', 'left', 'right', 'right'];
  const cases: { head: string[]; rows: string[][]; widths: number[] }[] = [
    { head: ['PID', 'CMD', 'SYSCALL', 'CALLS/S▼', 'TOTAL'], rows: [], widths: [3, 3, 7, 8, 5] },
    {
      head: ['PID', 'CMD', 'SYSCALL', 'CALLS/S▼', 'TOTAL'],
      rows: [
        ['4194304', '日本語…', 'clock_nanosleep', '12,345', '1,000,000'],
        ['7', 'a\\040b', 'read/i386', '0', ''],
        ['12', 'kworker/0:1', 'syscall_100000', '1', '2'],
      ],
      widths: [7, 11, 15, 8, 9],
    },
    { head: ['P…', 'C…', 'S…', 'CA…', 'T…'], rows: [['1…', '日…', 're…', '1', '2']], widths: [2, 3, 4, 3, 2] },
  ];
  for (const { head, rows, widths } of cases) assert.deepEqual(boxed(head, rows, widths, aligns), cliTable3(head, rows, widths, aligns));
});
