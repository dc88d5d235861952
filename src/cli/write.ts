// Output writing: the table's destination, --output-file opened safely, and writes that finish
// before the tool exits (pipes are asynchronous).
import { closeSync, constants as fsConstants, fstatSync, ftruncateSync, lstatSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ExitCode, ToolError, usage } from '../core/errors.js';
import type { Rendered } from '../output/format.js';

/** Writes everything before resolving; a reader that went away (| head) is not an error. */
export function writeStream(stream: NodeJS.WriteStream, name: string, text: Rendered): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (!error || (error as NodeJS.ErrnoException).code === 'EPIPE') resolve();
      else reject(new ToolError(`cannot write the table to ${name}: ${error.message}`, ExitCode.internal));
    });
  });
}

export const writeStdout = (text: Rendered) => writeStream(process.stdout, 'stdout', text);

/** --output-file, opened; undefined for the standard streams. */
export type OutputFile = { path: string; fd: number } | undefined;

/**
 * --output-file, opened once at start and written through that descriptor for the whole run: a
 * path swapped meanwhile redirects nothing. As root in a shared folder (/tmp) the name may have
 * been planted by another user: a symbolic link (O_NOFOLLOW), anything but a regular file (a FIFO
 * would block, a device gets written), a file with other hard links, and, in a folder anyone may
 * write that has the sticky bit, a file of another user's (as the kernel's protected_regular
 * refuses) are refused. A new file is created 0644 (less as the umask says); an existing one is
 * emptied once it passed these checks.
 */
export function openOutputFile(path: string): NonNullable<OutputFile> {
  const refuse = (why: string) => usage(`option '--output-file <path>': ${path} ${why}`);
  const { O_WRONLY, O_CREAT, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY } = fsConstants;
  let fd: number;
  try {
    fd = openSync(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0o644);
  } catch (error) {
    const why = openRefusal(path, error as NodeJS.ErrnoException);
    if (why) throw refuse(why);
    throw usage(`option '--output-file <path>': cannot write ${path}: ${(error as Error).message}`);
  }
  const stat = fstatSync(fd);
  const refusal = !stat.isFile()
    ? 'is not a regular file'
    : stat.nlink > 1
      ? `has ${stat.nlink} hard links: give a file with one`
      : planted(path, stat.uid)
        ? plantedReason(stat.uid)
        : undefined;
  if (refusal) {
    closeSync(fd);
    throw refuse(refusal);
  }
  ftruncateSync(fd, 0);
  return { path, fd };
}

const plantedReason = (uid: number) => `belongs to another user (uid ${uid}) in a folder anyone can write: give a path in a folder only you can write`;

/**
 * Whether a file owned by `uid` at `path` may have been planted there for us: its folder is
 * world-writable and sticky (/tmp), and neither we nor the folder's owner own the file.
 */
function planted(path: string, uid: number): boolean {
  if (uid === process.geteuid!()) return false;
  try {
    const folder = statSync(dirname(path));
    return (folder.mode & 0o1002) === 0o1002 && uid !== folder.uid;
  } catch {
    return false;
  }
}

/**
 * Why opening --output-file failed, in the user's terms, or undefined for a plain system error.
 * O_NOFOLLOW on a symbolic link fails with ELOOP, and the kernel's protected_symlinks and
 * protected_regular protections with EACCES: what the path is tells which.
 */
export function openRefusal(path: string, error: NodeJS.ErrnoException): string | undefined {
  if (error.code === 'EISDIR' || error.code === 'ENXIO') return 'is not a regular file';
  if (error.code !== 'ELOOP' && error.code !== 'EACCES') return undefined;
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return error.code === 'ELOOP' ? 'is a symbolic link: give the file itself' : undefined;
  }
  if (stat.isSymbolicLink()) return 'is a symbolic link: give the file itself';
  if (error.code === 'EACCES' && stat.isFile() && planted(path, stat.uid)) return plantedReason(stat.uid);
  return undefined;
}

/** The table's destination: --output-file, else stdout (stderr in command mode). */
export async function writeOutput(outputFile: OutputFile, text: Rendered, commandMode = false): Promise<void> {
  if (outputFile === undefined) return commandMode ? writeStream(process.stderr, 'stderr', text) : writeStdout(text);
  try {
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    for (let done = 0; done < bytes.length; ) done += writeSync(outputFile.fd, bytes, done);
  } catch (error) {
    throw new ToolError(`cannot write the table to ${outputFile.path}: ${(error as Error).message}`, ExitCode.internal);
  }
}
