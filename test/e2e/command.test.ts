// Command mode: syscallbypid -- COMMAND counts COMMAND and its descendants exactly, like
// strace -f -c, and nothing else. Needs root.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  CLI,
  ROOT,
  TABLE_COLUMNS,
  bpfObjectIds,
  bpfObjectsOf,
  collect,
  parseFields,
  rootSkipReason,
  startTracing,
  startWorkload,
  workload,
  type Result,
} from '../support.js';

interface Row {
  pid: number;
  cmd: string;
  syscall: string;
  count: number;
}

/** Runs syscallbypid -- command with `input` on stdin; the rows come through --output-file as json. */
async function traced(command: string[], input = ''): Promise<{ result: Result; rows: Row[] }> {
  const file = join(mkdtempSync(join(tmpdir(), 'syscallbypid-cmd-')), 'out.json');
  const child = spawn(process.execPath, [CLI, '-o', 'json', '--output-file', file, '--', ...command], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(input);
  const result = await collect(child, 60_000);
  const text = readFileSync(file, 'utf8');
  return { result, rows: text ? (JSON.parse(text) as { rows: Row[] }).rows : [] };
}

/** Calls per syscall as strace -f -c counts them for the same command. */
function straceCounts(command: string[], input = ''): Map<string, number> {
  const out = join(mkdtempSync(join(tmpdir(), 'syscallbypid-strace-')), 'strace.txt');
  const run = spawnSync('strace', ['-f', '-c', '-o', out, '--', ...command], { input, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const counts = new Map<string, number>();
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$/.exec(line);
    if (m && m[2] !== 'total') counts.set(m[2]!, Number(m[1]));
  }
  return counts;
}

/** Our rows summed by syscall, named as strace names them. futex is left out: whether a thread's
 * join has to wait is a race, so its count differs between runs of strace itself. */
function bySyscall(rows: Row[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.syscall, (counts.get(row.syscall) ?? 0) + row.count);
  return counts;
}

const withoutFutex = (counts: Map<string, number>) => new Map([...counts].filter(([name]) => name !== 'futex'));

describe('command mode', { skip: rootSkipReason() }, () => {
  const cases: Array<[string, string[], string]> = [
    ['a helper making known syscalls in threads', ['getppid', '1500', '3'], 'go\n'],
    ['a helper forking children', ['fork', '5'], 'go\n'],
    ['a helper raising signals', ['signal', '40'], 'go\n'],
  ];
  for (const [name, args, input] of cases) {
    test(`${name}: the same counts as strace -f -c`, async () => {
      const command = [workload(), ...args];
      const { result, rows } = await traced(command, input);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(withoutFutex(bySyscall(rows)), withoutFutex(straceCounts(command, input)));
    });
  }

  test('a shell script that forks and execs children: the same counts as strace -f -c', async () => {
    const command = ['/bin/sh', '-c', 'for i in 1 2 3; do /bin/true; done; /bin/echo x >/dev/null; exit 0'];
    const { result, rows } = await traced(command);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(withoutFutex(bySyscall(rows)), withoutFutex(straceCounts(command)));
    assert.equal(rows.filter((r) => r.cmd === 'true' && r.syscall === 'execve').length, 3);
  });

  test('a double-forked, short-lived grandchild is counted', async () => {
    const w = workload();
    const { result, rows } = await traced(['/bin/sh', '-c', `(echo go | ${w} getppid 777 1 >/dev/null &); sleep 1`]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(rows.find((r) => r.cmd === 'wl-worker' && r.syscall === 'getppid')?.count, 777);
  });

  test('processes outside the tree never appear', async () => {
    const distractor = startWorkload('getppid', '300000', '1');
    const running = distractor.go();
    const { rows } = await traced(['/bin/sh', '-c', 'sleep 0.3']);
    await running;
    assert.ok(rows.length > 0);
    assert.deepEqual(
      rows.filter((r) => r.pid === distractor.pid),
      [],
    );
    assert.ok(
      rows.every((r) => ['sh', 'sleep'].includes(r.cmd)),
      JSON.stringify(rows.map((r) => r.cmd)),
    );
  });

  test("the command's stdout stays clean; the table goes to stderr", async () => {
    const child = spawn(process.execPath, [CLI, '--', '/bin/sh', '-c', 'echo hello'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result = await collect(child, 30_000);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'hello\n');
    assert.match(result.stderr, /^PID\s+CMD\s+SYSCALL\s+COUNT\n/);
    assert.match(result.stderr, /\bsh\s+execve\s+1\n/);
  });

  test("exit status: the command's code, 128 + its signal, 127 not found, 126 not executable", async () => {
    assert.equal((await traced(['/bin/sh', '-c', 'exit 7'])).result.code, 7);
    assert.equal((await traced(['/bin/sh', '-c', 'kill -TERM $$'])).result.code, 143);
    const missing = await traced(['no-such-command-here']);
    assert.deepEqual([missing.result.code, missing.result.stderr], [127, 'syscallbypid: no-such-command-here: command not found\n']);
    const plain = join(mkdtempSync(join(tmpdir(), 'syscallbypid-cmd-')), 'plain');
    writeFileSync(plain, 'not a program\n');
    const notExecutable = await traced([plain]);
    assert.deepEqual([notExecutable.result.code, notExecutable.result.stderr], [126, `syscallbypid: ${plain}: Permission denied\n`]);
  });

  test('Ctrl-C reaches the command; the tool waits, prints, and exits with its status', async () => {
    // A terminal's Ctrl-C signals the whole foreground process group: the tool and the command.
    const child = spawn(process.execPath, [CLI, '--', '/bin/sh', '-c', 'trap "exit 3" INT; echo ready; while :; do sleep 0.05; done'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const result = collect(child, 30_000);
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    process.kill(-child.pid!, 'SIGINT');
    const { code, stderr } = await result;
    assert.equal(code, 3, stderr);
    assert.match(stderr, /^PID\s+CMD\s+SYSCALL\s+COUNT\n/);
  });

  test('a second Ctrl-C stops waiting for a command that ignores it, prints, exits 130', async () => {
    const child = spawn(process.execPath, [CLI, '--', '/bin/sh', '-c', 'trap "" INT; echo ready; sleep 30'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // The command outlives the tool and keeps the pipes open: wait for the tool's exit, not for EOF.
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const closed = new Promise((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    process.kill(-child.pid!, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(-child.pid!, 'SIGINT');
    const code = await exited;
    process.kill(-child.pid!, 'SIGKILL'); // the command, still ignoring Ctrl-C; then the pipes close
    await closed;
    assert.equal(code, 130, stderr);
    assert.match(stderr, /\bsh\s+execve\s+1\n/);
  });

  test('-p PID --follow counts that process and the children it creates from then on', async () => {
    workload();
    const parent = startWorkload('fork', '4');
    const tracing = await startTracing(['-p', String(parent.pid), '--follow']);
    await parent.go();
    tracing.child.kill('SIGINT');
    const result = await tracing.result;
    assert.equal(result.code, 0, result.stderr);
    const lines = parseFields(result.stdout, TABLE_COLUMNS);
    const children = lines.filter((f) => f[2] === 'getppid' && Number(f[0]) !== parent.pid);
    assert.equal(children.length, 4);
    assert.ok(lines.every((f) => Number(f[0]) === parent.pid || children.some((c) => c[0] === f[0])));
  });

  test('killed between spawning COMMAND and releasing it: the paused child dies too, holding no BPF object', async () => {
    // What the tool does between the two steps, stopped right there: a tracer attached, COMMAND
    // forked and followed but not released. Then SIGKILL, as `kill -9` would in that window.
    const script = join(mkdtempSync(join(tmpdir(), 'syscallbypid-cmd-')), 'paused.cjs');
    writeFileSync(
      script,
      `const addon = require(${JSON.stringify(join(ROOT, 'build/Release/syscallbypid.node'))});
      const tracer = new addon.Tracer({ maxEntries: 64, follow: true });
      const child = addon.spawnPaused('/bin/true', ['true']);
      tracer.follow(child.pid, true);
      process.stdout.write(child.pid + '\\n');
      setInterval(() => {}, 1000);`,
    );
    const holder = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = collect(holder, 30_000);
    const childPid = Number(await new Promise<string>((resolve) => holder.stdout.once('data', (d: Buffer) => resolve(d.toString()))));
    const ours = [...bpfObjectsOf(holder.pid!)];
    assert.ok(
      ours.some((id) => id.startsWith('prog ')),
      `the holder holds ${ours.join(', ')}`,
    );
    assert.deepEqual([...bpfObjectsOf(childPid)], [], 'the paused child holds none of the BPF fds');
    holder.kill('SIGKILL');
    await exited;
    const gone = () => {
      try {
        return / Z /.test(readFileSync(`/proc/${childPid}/stat`, 'utf8')); // a zombie holds nothing
      } catch {
        return true;
      }
    };
    let left = ours;
    for (let i = 0; i < 50 && (!gone() || left.length > 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = bpfObjectIds();
      left = ours.filter((id) => now.has(id));
    }
    assert.ok(gone(), `the paused child ${childPid} outlived the tool`);
    assert.deepEqual(left, [], 'BPF objects left in the kernel');
  });

  test('--output-file: created 0644 whatever the umask; a path swapped mid-run redirects nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'syscallbypid-out-'));
    const [out, target] = [join(dir, 'out'), join(dir, 'target')];
    writeFileSync(target, '');
    // COMMAND itself swaps the path for a symlink to another file while the tool runs.
    const swap = `mv ${out} ${out}.old && ln -s ${target} ${out}`;
    const child = spawn('/bin/sh', ['-c', `umask 0 && exec "$0" "$@"`, process.execPath, CLI, '--output-file', out, '--', '/bin/sh', '-c', swap], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = await collect(child, 30_000);
    assert.deepEqual([result.code, result.stdout, result.stderr], [0, '', '']);
    assert.equal(statSync(`${out}.old`).mode & 0o777, 0o644);
    assert.equal(readFileSync(target, 'utf8'), '');
    assert.match(readFileSync(`${out}.old`, 'utf8'), /^PID\s+CMD\s+SYSCALL\s+COUNT\n[^]*\bsh\s+execve\s+1\n/);
  });

  test("--user runs COMMAND with that user's uid, gid and supplementary groups, by name or uid", async () => {
    const id = (flag: string) => execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' });
    const expected = id('-u') + id('-g') + id('-G');
    for (const user of ['nobody', id('-u').trim()]) {
      const child = spawn(process.execPath, [CLI, '-u', user, '--', '/bin/sh', '-c', 'id -u; id -g; id -G'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const result = await collect(child, 30_000);
      assert.deepEqual([result.code, result.stdout], [0, expected], result.stderr);
      assert.equal([...result.stderr.matchAll(/\bid\s+execve\s+1\n/g)].length, 3, result.stderr); // and counted
    }
  });

  test('--user under ambient capabilities (a non-root tool run by capsh --addamb): COMMAND gets no capability at all', async () => {
    // The tool runs as daemon with CAP_BPF and CAP_PERFMON to trace, CAP_SETUID and CAP_SETGID for --user, all
    // ambient, and CAP_DAC_READ_SEARCH to read this checkout wherever it is (a clone in a private temporary folder).
    const capsh = (...command: string[]) =>
      collect(
        spawn(
          'capsh',
          [
            '--caps=cap_setuid,cap_setgid,cap_setpcap,cap_bpf,cap_perfmon,cap_dac_read_search+eip',
            '--keep=1',
            '--user=daemon',
            '--addamb=cap_bpf,cap_perfmon,cap_setuid,cap_setgid,cap_dac_read_search',
            '--',
            '-c',
            'exec "$@"',
            'sh',
            ...command,
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        ),
        30_000,
      );
    const status = ['grep', '^Cap[IPEA][nrfm][hmfb]:', '/proc/self/status'];
    const setup = await capsh(...status);
    assert.match(setup.stdout, /^CapAmb:\t00000\w*[1-9a-f]\w*$/m, `the tool would have ambient capabilities to pass on: ${setup.stdout}${setup.stderr}`);
    const result = await capsh(process.execPath, CLI, '-u', 'nobody', '--', ...status);
    assert.deepEqual(
      [result.code, result.stdout],
      [0, 'CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapAmb:\t0000000000000000\n'],
      result.stderr,
    );
  });

  test("COMMAND gets the soft RLIMIT_NOFILE the tool started with, not Node's raised one", async () => {
    // Run as a program (as npx runs it), the bin records the limit before Node raises it.
    const viaBin = spawn('/bin/sh', ['-c', 'ulimit -Sn 1000 && exec "$@"', 'sh', CLI, '--', '/bin/sh', '-c', 'ulimit -Sn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = await collect(viaBin, 30_000);
    assert.deepEqual([result.code, result.stdout], [0, '1000\n'], result.stderr);
    // Run with node, the limit cannot be known: Linux's default.
    const viaNode = spawn('/bin/sh', ['-c', 'ulimit -Sn 1000 && exec "$@"', 'sh', process.execPath, CLI, '--', '/bin/sh', '-c', 'ulimit -Sn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.equal((await collect(viaNode, 30_000)).stdout, '1024\n');
  });

  test('started with SIGHUP ignored (nohup): a SIGHUP neither stops the tool nor reaches COMMAND', async () => {
    const child = spawn('/bin/sh', ['-c', 'trap "" HUP && exec "$@"', 'sh', CLI, '--', '/bin/sh', '-c', 'echo ready; sleep 1; echo still'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = collect(child, 30_000);
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGHUP');
    const { code, stdout, stderr } = await result;
    assert.deepEqual([code, stdout], [0, 'ready\nstill\n'], stderr);
    assert.match(stderr, /\bsh\s+execve\s+1\n/);
  });

  test('started with SIGHUP ignored (nohup), tracing goes on through a SIGHUP until Ctrl-C', async () => {
    const child = spawn('/bin/sh', ['-c', 'trap "" HUP && exec "$@"', 'sh', CLI, '-i', '0.1', '-c', 'no-such-thread'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result = collect(child, 30_000);
    let stamps = 0;
    const seen = (n: number) =>
      new Promise<void>((resolve) => {
        const onData = (d: Buffer) => {
          stamps += (d.toString().match(/^\d{4}-\d\d-\d\dT/gm) ?? []).length;
          if (stamps >= n) {
            child.stdout.off('data', onData);
            resolve();
          }
        };
        child.stdout.on('data', onData);
        child.on('close', () => resolve());
      });
    await seen(1);
    child.kill('SIGHUP');
    const before = stamps;
    await seen(before + 2); // two more intervals: still tracing (a stopped tracer prints one and exits)
    child.kill('SIGINT');
    const { code, stderr } = await result;
    assert.equal(code, 0, stderr);
    assert.ok(stamps >= before + 2, `the tracer stopped at SIGHUP after ${stamps} intervals`);
  });

  test('counts lost (exit 3): the tool waits for COMMAND to exit before it reports them', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'syscallbypid-cmd-')), 'done');
    const child = spawn(process.execPath, [CLI, '--max-entries', '1', '--', '/bin/sh', '-c', `sleep 1; echo x > ${marker}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = collect(child, 30_000);
    const doneAtExit = await new Promise<boolean>((resolve) => child.on('exit', () => resolve(existsSync(marker))));
    const { code, stderr } = await result;
    assert.equal(code, 3, stderr);
    // sh forks sleep: the followed set (bounded by --max-entries too) or the count map fills first.
    assert.match(stderr, /^syscallbypid: the (count map|set of followed processes) is full \(--max-entries 1[ )]/);
    assert.ok(doneAtExit, 'the tool exited while COMMAND was still running');
  });

  test('a daemon that outlives COMMAND is counted until it exits, like strace -f', async () => {
    const w = workload();
    const command = ['/bin/sh', '-c', `(sleep 1; echo go | ${w} getppid 777 1) >/dev/null 2>&1 &`];
    const { result, rows } = await traced(command);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, 'syscallbypid: /bin/sh exited; counting the processes it left running until they exit (Ctrl-C stops now)\n');
    assert.equal(rows.find((r) => r.cmd === 'wl-worker' && r.syscall === 'getppid')?.count, 777);
  });

  test("once COMMAND has exited, one Ctrl-C stops waiting for what it left running; the status is COMMAND's", async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'syscallbypid-cmd-')), 'pid');
    const child = spawn(process.execPath, [CLI, '--', '/bin/sh', '-c', `sleep 60 >/dev/null 2>&1 & echo $! > ${pidFile}; exit 5`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = collect(child, 30_000);
    await new Promise<void>((resolve) => child.stderr.once('data', () => resolve()));
    child.kill('SIGINT');
    const { code, stderr } = await result;
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    assert.equal(code, 5, stderr);
    assert.match(stderr, /^syscallbypid: \/bin\/sh exited; counting[^\n]*\nPID\s+CMD\s+SYSCALL\s+COUNT\n[^]*\bsleep\s+execve\s+1\n/);
  });

  test("a dead stderr pipe: the table still reaches stdout (exit 0), and command mode exits with COMMAND's status", async () => {
    const run = (args: string[]) => {
      const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stderr.destroy(); // the banner and the command-mode table then fail with EPIPE
      return collect(child, 30_000);
    };
    const traced = await run(['-d', '0.2', '-c', 'no-such-thread']);
    assert.deepEqual([traced.code, traced.stdout], [0, 'PID      CMD              SYSCALL                     COUNT\n']);
    assert.equal((await run(['--', '/bin/sh', '-c', 'exit 7'])).code, 7);
  });
});

// What --user leaves behind of root's login: its terminal and its keys. Python's ctypes makes the
// raw keyring syscalls (keyutils' keyctl may be missing); x86_64 numbers, else the test skips.
const KEYRING = `
import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
ADD_KEY, KEYCTL, KEYCTL_SEARCH, SESSION = 248, 250, 10, -3
def search(name):
    serial = libc.syscall(KEYCTL, KEYCTL_SEARCH, SESSION, b"user", name.encode(), 0)
    return "found" if serial > 0 else errno.errorcode[ctypes.get_errno()]
if sys.argv[1] == "add":
    # Into root's session keyring, then the tool runs in that session: os.execv keeps it.
    assert libc.syscall(ADD_KEY, b"user", sys.argv[2].encode(), b"secret", 6, SESSION) > 0
    print("root:", search(sys.argv[2]), flush=True)
    os.execv(sys.argv[3], sys.argv[3:])
print(f"uid {os.getuid()}:", search(sys.argv[2]), flush=True)
`;

describe(
  "--user isolates COMMAND from root's login",
  { skip: rootSkipReason() || (process.arch !== 'x64' && "the keyring syscall numbers are x86_64's") },
  () => {
    test("COMMAND gets a new, empty session keyring: root's keys are not found", async () => {
      const name = `syscallbypid-test-${process.pid}`;
      const child = spawn(
        'python3',
        ['-c', KEYRING, 'add', name, process.execPath, CLI, '-u', 'nobody', '--', '/usr/bin/python3', '-c', KEYRING, 'search', name],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const result = await collect(child, 30_000);
      const nobody = execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim();
      assert.deepEqual([result.code, result.stdout], [0, `root: found\nuid ${nobody}: ENOKEY\n`], result.stderr);
    });

    describe('in a terminal (tmux)', () => {
      const socket = `syscallbypid-cmd-${process.pid}`;
      const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
      /** A root shell in a detached tmux window; `until` polls its screen (a generous bound, not machine speed). */
      const terminal = (name: string) => {
        tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', 'bash --norc --noprofile');
        return {
          type: (line: string) => {
            tmux('send-keys', '-t', name, '-l', line);
            tmux('send-keys', '-t', name, 'Enter');
          },
          keys: (...keys: string[]) => tmux('send-keys', '-t', name, ...keys),
          async until(what: string, pattern: RegExp): Promise<string> {
            const deadline = Date.now() + 60_000;
            for (;;) {
              const screen = tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name);
              if (pattern.test(screen)) return screen;
              if (Date.now() > deadline) throw new Error(`no ${what} on the screen:\n${screen}`);
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
          },
        };
      };
      process.on('exit', () => spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' }));

      test("COMMAND cannot type into root's shell (TIOCSTI fails with EPERM), and reads the terminal's input", async () => {
        const marker = join(mkdtempSync(join(tmpdir(), 'syscallbypid-tty-')), 'typed');
        const inject = `import errno, fcntl, termios
try:
    for c in "touch ${marker}\\n": fcntl.ioctl(0, termios.TIOCSTI, c.encode())
    print("tiocsti: typed")
except OSError as e:
    print("tiocsti:", errno.errorcode[e.errno])
print("read:", input("line? "))`;
        const term = terminal('tiocsti');
        try {
          term.type(`${process.execPath} ${CLI} -u nobody -- /usr/bin/python3 -c '${inject}'; echo "exit=$?"`);
          await term.until('the prompt', /^line\? $/m);
          term.type('typed by the user');
          const screen = await term.until('the end', /^exit=\d+$/m);
          assert.match(screen, /^tiocsti: EPERM\nline\? typed by the user\nread: typed by the user\n/m);
          assert.match(screen, /^exit=0$/m);
          assert.match(screen, /\bpython3\s+execve\s+1\n/);
          // Anything typed would run now, before this line.
          term.type('echo "shell=$?"');
          await term.until('the shell', /^shell=0$/m);
          assert.equal(existsSync(marker), false);
        } finally {
          tmux('kill-session', '-t', 'tiocsti');
        }
      });

      test('Ctrl-C in the terminal still reaches COMMAND and its children; the tool prints the table and exits with its status', async () => {
        const term = terminal('ctrlc');
        try {
          term.type(`${process.execPath} ${CLI} -u nobody -- /bin/sh -c 'trap "exit 3" INT; echo ready; while :; do sleep 0.05; done'; echo "exit=$?"`);
          await term.until('COMMAND', /^ready$/m);
          term.keys('C-c');
          const screen = await term.until('the end', /^exit=\d+$/m);
          assert.match(screen, /^exit=3$/m);
          assert.match(screen, /^(\^C)?PID\s+CMD\s+SYSCALL\s+COUNT\n[^]*\bsh\s+execve\s+1\n/m);
        } finally {
          tmux('kill-session', '-t', 'ctrlc');
        }
      });
    });
  },
);
