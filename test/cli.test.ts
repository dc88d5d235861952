// The spawned binary's answers to bad and informational invocations: no privileges needed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from './support.js';

describe('bad usage: one line on stderr naming the option, nothing on stdout, exit 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--bogus'], /^syscallbypid: unknown option '--bogus'$/],
    [['--max-entries'], /^syscallbypid: option '--max-entries <n>' argument missing$/],
    [['--max-entries', 'abc'], /^syscallbypid: option '--max-entries <n>' argument 'abc' is invalid\. expected a whole number from 1 to 4194304\.$/],
    [['--max-entries', '0'], /argument '0' is invalid\. expected a whole number from 1 to 4194304/],
    [['--max-entries', '-5'], /--max-entries <n>.*(argument '-5' is invalid|unknown option '-5')/],
    [['--max-entries', '1.5'], /argument '1\.5' is invalid/],
    [['--max-entries', '4194305'], /argument '4194305' is invalid\. expected a whole number from 1 to 4194304/],
    [['--max-entries', '99999999999999999999999'], /is invalid\. expected a whole number/],
    [['extra'], /^syscallbypid: too many arguments/],
  ];
  for (const [args, message] of cases) {
    test(args.join(' '), async () => {
      const result = await runCli(args);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, '');
      const lines = result.stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0]!, message);
    });
  }
});

test('--help explains every option, the output and the exit codes, on stdout, exit 0', async () => {
  const result = await runCli(['--help']);
  assert.equal(result.code, 0);
  assert.equal(result.stderr, '');
  for (const text of ['--max-entries <n>', '(default: 2048)', '--verbose', '--version', 'PID ', 'CMD ', 'SYSCALL ', 'COUNT ', 'Exit codes:']) {
    assert.ok(result.stdout.includes(text), `help lacks ${text}`);
  }
});

test('--version prints the package version, exit 0', async () => {
  const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
  const result = await runCli(['--version']);
  assert.deepEqual([result.code, result.stdout, result.stderr], [0, `${version}\n`, '']);
});
