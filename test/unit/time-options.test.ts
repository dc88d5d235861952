// The rules table (src/cli/rules.ts) read through the real grammar, and what --time asks of memory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildProgram, type Options } from '../../src/cli/program.js';
import { checkRules } from '../../src/cli/rules.js';
import { SyscallNames } from '../../src/syscalls/names.js';
import { checkMemory } from '../../src/cli/environment.js';
import { COUNT_VALUE_BYTES, HISTOGRAM_VALUE_BYTES } from '../../src/core/memory.js';

const names = new SyscallNames('x64');

/** The usage error a command line gets from the rules table, or undefined: parsed by the real grammar. */
function ruleBroken(args: string[], tty = true): string | undefined {
  const program = buildProgram('0.0.0', names).exitOverride();
  program.parse(args, { from: 'user' });
  try {
    checkRules({ options: program.opts<Options>(), command: program.args, stdinIsTTY: tty, stdoutIsTTY: tty });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

test('--sort time|avg|max need --time (or --histogram, which implies it); --histogram has no tsv or csv form nor a --live one', () => {
  for (const sort of ['time', 'avg', 'max']) {
    assert.equal(ruleBroken(['--sort', sort]), `option '--sort ${sort}' orders by the calls' durations: add -t, --time`);
    assert.equal(ruleBroken(['--sort', sort, '-t']), undefined);
    assert.equal(ruleBroken(['--sort', sort, '--histogram']), undefined);
  }
  assert.equal(ruleBroken(['--histogram', '-o', 'tsv']), "option '--histogram' has no tsv form: use -o table, json or ndjson");
  assert.equal(ruleBroken(['-t', '-o', 'csv']), undefined);
  for (const output of ['table', 'json', 'ndjson']) assert.equal(ruleBroken(['--histogram', '-o', output]), undefined);
  assert.equal(ruleBroken(['--histogram', '--live']), "option '--histogram' has no --live form: use -t for the time columns, or --histogram without --live");
  assert.equal(ruleBroken(['--live']), undefined);
  assert.equal(ruleBroken(['--live', '-t']), undefined);
});

test('the first rule broken is the one reported; -l stops after its own rule', () => {
  assert.equal(ruleBroken(['--live', '--serve', '-i', '1', '-o', 'json'], false), "option '--live' and '--serve [address]' exclude each other");
  assert.equal(
    ruleBroken(['--live'], false),
    "option '--live' draws on a terminal and reads its keys: stdin and stdout must both be one (for a pipe or a file, use -i)",
  );
  assert.equal(ruleBroken(['-l', '--labels', 'comm']), undefined);
  assert.equal(ruleBroken(['--labels', 'comm']), "option '--labels <label,...>' is for --serve");
});

test('--histogram asks for the larger entries: a bound that fits untimed can be refused with buckets', () => {
  const meminfo = `MemTotal: 1000000 kB\nMemAvailable: ${100 * 1024} kB\n`;
  checkMemory(100_000, 2, meminfo, COUNT_VALUE_BYTES);
  assert.throws(() => checkMemory(100_000, 2, meminfo, HISTOGRAM_VALUE_BYTES), {
    message:
      /^--max-entries 100000 needs about \d+ MiB of kernel memory with --serve \(2 count maps\), more than half of the 100 MiB available now; choose a smaller bound$/,
  });
});
