import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { tableColumns } from '../../src/output/columns.js';
import { escapeComm, formatNdjson, formatSeparated, formatTable as renderTable, jsonComm, separatedComm } from '../../src/output/format.js';
import { CountTable, type CountRow } from '../../src/core/rows.js';
import { SyscallNames, syscallTable } from '../../src/syscalls/names.js';
import { TABLE_COLUMNS, parseFields } from '../support.js';

/** A thread name as the addon hands it over: its bytes, one char a byte. */
const bytes = (text: string | Buffer) => Buffer.from(text).toString('latin1');
const ids = new Map([...syscallTable('x86_64')].map(([id, name]) => [name, id]));
const row = (pid: number, comm: string, syscall: string, count: number, errors = 0, tid = 0): CountRow => ({
  pid,
  tid,
  comm,
  id: ids.get(syscall) ?? -1,
  abi: 0,
  count,
  errors,
});
/** A table of these rows, its columns, and its rows' indices in order. */
const tableOf = (rows: CountRow[], choice = { byThread: false, errors: false }) => {
  const table = CountTable.of(rows, new SyscallNames('x64'));
  return { columns: tableColumns(choice, table), records: table.indices() };
};
const formatTable = (rows: CountRow[]) => {
  const { columns, records } = tableOf(rows);
  return renderTable(columns, records).toString();
};

test('columns are aligned like printf("%-8s %-16s %-24s %8s")', () => {
  const text = formatTable([row(4282, 'bash', 'read', 1), row(14405, 'sshd', 'rt_sigprocmask', 196)]);
  const printf = (a: string, b: string, c: string, d: string) => `${a.padEnd(8)} ${b.padEnd(16)} ${c.padEnd(24)} ${d.padStart(8)}`;
  assert.equal(
    text,
    [printf('PID', 'CMD', 'SYSCALL', 'COUNT'), printf('4282', 'bash', 'read', '1'), printf('14405', 'sshd', 'rt_sigprocmask', '196'), ''].join('\n'),
  );
});

test('a column grows to its widest cell instead of truncating it', () => {
  const text = formatTable([{ ...row(1, 'x', 'read', 123456789012), id: -1, abi: 1 }]);
  const [header, line] = text.split('\n');
  assert.equal(line, `1        x                sigreturn|rt_sigreturn/i386 123456789012`);
  assert.equal(header, `PID      CMD              SYSCALL                            COUNT`);
});

test('unknown calls print as syscall_<number>, aligned', () => {
  const unknown = (id: number, abi: number, count: number): CountRow => ({ pid: 5, tid: 0, comm: 'x', id, abi, count, errors: 0 });
  const text = formatTable([unknown(1000, 0, 1), unknown(123456789, 0, 22), unknown(99999, 1, 333), unknown(-7, 0, 4)]);
  const lines = text.split('\n');
  assert.deepEqual(
    parseFields(text, TABLE_COLUMNS).map((fields) => fields[2]),
    ['syscall_1000', 'syscall_123456789', 'syscall_99999/i386', 'syscall_-7'],
  );
  assert.equal(new Set(lines.slice(0, 5).map((line) => line.length)).size, 1, 'every line ends at the COUNT column');
  assert.equal(lines[3], `${'5'.padEnd(8)} ${'x'.padEnd(16)} ${'syscall_99999/i386'.padEnd(24)} ${'333'.padStart(8)}`);
});

test('an empty table is the header alone', () => {
  assert.equal(formatTable([]), 'PID      CMD              SYSCALL                     COUNT\n');
});

test('thread names stay one whitespace-free token', () => {
  assert.equal(escapeComm('Web Content'), 'Web\\040Content');
  assert.equal(escapeComm('a\tb\nc\\d'), 'a\\011b\\012c\\134d');
  assert.equal(escapeComm('kworker/0:1H'), 'kworker/0:1H');
  assert.equal(escapeComm(bytes('naïve')), 'naïve');
  assert.deepEqual(parseFields(formatTable([row(7, 'Web Content', 'read', 3)]), TABLE_COLUMNS), [['7', 'Web\\040Content', 'read', '3']]);
});

test('the empty thread name is \\000 in the table, one field; empty in the other formats', () => {
  assert.equal(escapeComm(''), '\\000');
  assert.deepEqual(parseFields(formatTable([row(7, '', 'read', 3)]), TABLE_COLUMNS), [['7', '\\000', 'read', '3']]);
  // A real name with a backslash is escaped, so \000 cannot be mistaken for one.
  assert.equal(escapeComm('\\000'), '\\134000');
  const { columns, records } = tableOf([row(7, '', 'read', 3)]);
  assert.equal(formatSeparated(columns, records, 'tsv'), 'pid\tcmd\tsyscall\tcount\n7\t\tread\t3\n');
  assert.equal(formatSeparated(columns, records, 'csv'), 'pid,cmd,syscall,count\n7,,read,3\n');
  assert.deepEqual(JSON.parse(formatNdjson(columns, records)), { pid: 7, cmd: '', syscall: 'read', count: 3 });
});

/** Undoes the escapes: the bytes of a name. */
const unescape = (text: string, escapes: Record<string, string> = {}) =>
  Buffer.concat(
    text
      .split(/(\\[0-7]{3}|\\[\\tnr])/)
      .map((part) =>
        /^\\[0-7]{3}$/.test(part) ? Buffer.from([parseInt(part.slice(1), 8)]) : /^\\.$/.test(part) ? Buffer.from(escapes[part[1]!]!) : Buffer.from(part),
      ),
  );

test('names that are not UTF-8 are escaped per byte, and every name round-trips in every format', () => {
  const names = [
    Buffer.from('bad\xff\xfe', 'latin1'),
    Buffer.from([0x61, 0xe6, 0x97]), // a 15-byte cut inside a 3-byte character leaves its first bytes
    Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]), // overlong, a surrogate, past U+10FFFF
    Buffer.from('a\u00a0b\u3000c'), // no-break and ideographic space: blanks in the table
    Buffer.from('tab\there\nx\\y\r'),
    Buffer.from('日本語 ok'),
  ];
  assert.equal(escapeComm(bytes(names[0]!)), 'bad\\377\\376');
  assert.equal(escapeComm(bytes(names[1]!)), 'a\\346\\227');
  assert.equal(escapeComm(bytes(names[3]!)), 'a\\302\\240b\\343\\200\\200c');
  assert.equal(escapeComm(bytes(names[5]!)), '日本語\\040ok');
  assert.equal(separatedComm(bytes(names[0]!)), 'bad\\377\\376');
  assert.equal(separatedComm(bytes(names[4]!)), 'tab\\there\\nx\\\\y\\r');
  assert.equal(separatedComm(bytes(names[3]!)), 'a\u00a0b\u3000c');
  assert.equal(jsonComm(bytes(names[0]!)), 'bad\\377\\376');
  assert.equal(jsonComm(bytes(names[4]!)), 'tab\there\nx\\\\y\r');
  assert.equal(jsonComm(bytes(names[5]!)), '日本語 ok');
  const rows = names.map((name, i) => row(i + 1, bytes(name), 'read', 1));
  const { columns, records } = tableOf(rows);
  const table = parseFields(renderTable(columns, records).toString(), TABLE_COLUMNS);
  const tsv = formatSeparated(columns, records, 'tsv')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'));
  const csv = parseCsv<{ cmd: string }>(formatSeparated(columns, records, 'csv'), { columns: true });
  const ndjson = formatNdjson(columns, records)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { cmd: string });
  const separated = { '\\': '\\', t: '\t', n: '\n', r: '\r' };
  names.forEach((name, i) => {
    assert.equal(table[i]!.length, 4, `table row of ${name.toString('hex')}`);
    assert.deepEqual(unescape(table[i]![1]!), name, `table ${name.toString('hex')}`);
    assert.deepEqual(unescape(tsv[i]![1]!, separated), name, `tsv ${name.toString('hex')}`);
    assert.deepEqual(unescape(csv[i]!.cmd, separated), name, `csv ${name.toString('hex')}`);
    assert.deepEqual(unescape(ndjson[i]!.cmd, { '\\': '\\' }), name, `json ${name.toString('hex')}`);
  });
});

test('wide characters in thread names count as two columns', () => {
  const [, line] = formatTable([row(1, bytes('日本語'), 'read', 2)]).split('\n');
  assert.equal(line, `1        日本語           read                            2`);
});

test('--by thread and --errors add TID and ERRORS columns', () => {
  const { columns, records } = tableOf([row(10, 'a', 'read', 7, 2, 11)], { byThread: true, errors: true });
  const text = renderTable(columns, records).toString();
  assert.equal(
    text,
    [
      'PID      TID      CMD              SYSCALL                     COUNT   ERRORS',
      '10       11       a                read                            7        2',
      '',
    ].join('\n'),
  );
});

test('tsv and csv keep names with tabs, commas, quotes and newlines intact, a row a line', () => {
  const { columns, records: rows } = tableOf([row(1, 'a,b "c"', 'read', 3), row(2, 'tab\there\nx\\', 'write', 4)]);
  assert.equal(formatSeparated(columns, rows, 'csv'), 'pid,cmd,syscall,count\n1,"a,b ""c""",read,3\n2,tab\\there\\nx\\\\,write,4\n');
  assert.equal(formatSeparated(columns, rows, 'tsv'), 'pid\tcmd\tsyscall\tcount\n1\ta,b "c"\tread\t3\n2\ttab\\there\\nx\\\\\twrite\t4\n');
  assert.deepEqual(
    formatNdjson(columns, rows)
      .trim()
      .split('\n')
      .map((l): unknown => JSON.parse(l)),
    [
      { pid: 1, cmd: 'a,b "c"', syscall: 'read', count: 3 },
      { pid: 2, cmd: 'tab\there\nx\\\\', syscall: 'write', count: 4 },
    ],
  );
});

test('the table writes any cell: negative numbers, right-aligned text, wide characters last', () => {
  const columns = [
    { title: 'N', key: 'n', width: 3, align: 'right' as const, value: (r: { n: number; s: string }) => r.n },
    { title: 'S', key: 's', width: 0, align: 'left' as const, value: (r: { n: number; s: string }) => r.s },
  ];
  const text = renderTable(columns, [
    { n: -1, s: '日本' },
    { n: 12345, s: 'ab' },
  ]).toString();
  assert.equal(text, ['    N S', '   -1 日本', '12345 ab', ''].join('\n'));
});
