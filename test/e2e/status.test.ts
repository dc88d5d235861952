// The status line: where it appears (its text: test/unit/status.test.ts). A pseudo-terminal (util-linux `script`) stands in
// for the user's terminal; everywhere else nothing changes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CLI, collect, durationBanner, rootSkipReason, runCli } from '../support.js';

/** Runs the CLI with stderr on a pseudo-terminal and stdout in a file: what each received. */
async function onTerminal(args: string[]): Promise<{ code: number | null; terminal: string; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'syscallbypid-status-'));
  try {
    const out = join(dir, 'stdout');
    const command = `stty cols 200; ${process.execPath} ${CLI} ${args.join(' ')} > ${out}; echo "exit $?"`;
    const result = await collect(spawn('script', ['-qfc', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] }), 30_000);
    const exit = /exit (\d+)\r\n$/.exec(result.stdout);
    return { code: exit ? Number(exit[1]) : null, terminal: result.stdout.replace(/exit \d+\r\n$/, ''), stdout: readFileSync(out, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the status line where it runs', { skip: rootSkipReason() }, () => {
  test('on a terminal: under the banner, rewritten in place, erased before the table; never on stdout', async () => {
    const { code, terminal, stdout } = await onTerminal(['-d', '2']);
    assert.equal(code, 0, terminal);
    assert.ok(terminal.startsWith(durationBanner('2').replace('\n', '\r\n\r\x1b[K')), JSON.stringify(terminal.slice(0, 80)));
    const lines = terminal.split('\r\n')[1]!.split('\r\x1b[K');
    assert.equal(lines.at(-1), '', 'the last thing written erases the line');
    const shown = lines.slice(1, -1);
    assert.ok(shown.length >= 2, `refreshed ${shown.length} times`);
    for (const line of shown) assert.match(line, /^\d+:\d\d  [\d,]+ completions  kernel map [\d,]+ of 2,048 entries  [\d,]+ rows drained$/);
    assert.match(stdout, /^PID +CMD +SYSCALL +COUNT\n/);
    assert.doesNotMatch(stdout, /[\r\x1b]|completions/);
  });

  test('on a terminal, the overflow error is on a line of its own, the status erased', async () => {
    const { code, terminal, stdout } = await onTerminal(['--max-entries', '1', '-d', '10']);
    assert.equal(code, 3, terminal);
    assert.equal(stdout, '');
    // Erased if it was shown (a one-entry map may fill before the first refresh).
    assert.match(terminal, /(\r\n|\r\x1b\[K)syscallbypid: the count map is full \(--max-entries 1\)[^\r\x1b]*\r\n$/);
  });

  test('--quiet on a terminal, and no terminal at all: the banner alone', async () => {
    const quiet = await onTerminal(['-d', '1', '--quiet']);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.terminal, durationBanner('1').replace('\n', '\r\n'));
    const piped = await runCli(['-d', '1']);
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stderr, durationBanner('1'));
  });
});
