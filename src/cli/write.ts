// Output writing: the table's destination, --output-file opened safely, and writes that finish
// before the tool exits (pipes are asynchronous).
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  ftruncateSync,
  lstatSync,
  openSync,
  readlinkSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
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
 * been planted by another user: a symbolic link anywhere in the path, anything but a regular file
 * (a FIFO would block, a device gets written), a file with other hard links, and, in a folder
 * anyone may write that has the sticky bit, a file of another user's (as the kernel's
 * protected_regular refuses) are refused. A new file is created 0644 (less as the umask says); an
 * existing one is emptied once it passed these checks.
 *
 * The folder is opened first and must be the folder as given (no symbolic link on the way); the
 * file is then opened inside that very folder (through /proc/self/fd: Node has no openat) and
 * checked against what was opened, so a folder swapped for a link meanwhile cannot redirect it.
 */
export function openOutputFile(path: string): NonNullable<OutputFile> {
  const refuse = (why: string) => usage(`option '--output-file <path>': ${path} ${why}`);
  // Node's message names the path it opened (the folder, or /proc/self/fd/N/...): the user's path stands instead.
  const cannot = (error: unknown) => usage(`option '--output-file <path>': cannot write ${path}: ${(error as Error).message.replace(/, open '.*'$/s, '')}`);
  const { O_RDONLY, O_DIRECTORY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY } = fsConstants;
  if (path.endsWith('/')) throw refuse('is not a regular file');
  const absolute = resolve(path);
  const folderPath = dirname(absolute);
  let folder: number;
  try {
    folder = openSync(folderPath, O_RDONLY | O_DIRECTORY | O_NOCTTY);
  } catch (error) {
    throw cannot(error);
  }
  let fd = -1;
  let created = false;
  const inFolder = `/proc/self/fd/${folder}/${basename(absolute)}`;
  try {
    const real = readlinkSync(`/proc/self/fd/${folder}`);
    if (real !== folderPath) throw refuse(`has a symbolic link in its folders (${folderPath} is ${real}): give the real path`);
    // O_EXCL first tells whether the file is ours to remove if it is refused; never O_TRUNC: a
    // file is emptied only once it passed every check.
    const flags = O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY;
    try {
      fd = openSync(inFolder, flags | O_CREAT | O_EXCL, 0o644);
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      fd = openSync(inFolder, flags);
    }
    const stat = fstatSync(fd);
    const refusal = !stat.isFile()
      ? 'is not a regular file'
      : stat.nlink > 1
        ? `has ${stat.nlink} hard links: give a file with one`
        : planted(fstatSync(folder), stat.uid)
          ? plantedReason(stat.uid)
          : readlinkSync(`/proc/self/fd/${fd}`) !== absolute
            ? 'was moved while it was opened: give it again'
            : undefined;
    if (refusal) throw refuse(refusal);
  } catch (error) {
    if (fd >= 0) {
      if (created) removeOurs(inFolder, fd);
      closeSync(fd);
    }
    closeSync(folder);
    if (error instanceof ToolError) throw error;
    const why = openRefusal(absolute, error as NodeJS.ErrnoException);
    throw why ? refuse(why) : cannot(error);
  }
  closeSync(folder);
  ftruncateSync(fd, 0);
  return { path, fd };
}

/** Removes the file we created at `name` if it still is the one open as `fd`. */
function removeOurs(name: string, fd: number): void {
  try {
    const opened = fstatSync(fd);
    const there = lstatSync(name);
    if (there.dev === opened.dev && there.ino === opened.ino) unlinkSync(name);
  } catch {
    // gone already
  }
}

const plantedReason = (uid: number) => `belongs to another user (uid ${uid}) in a folder anyone can write: give a path in a folder only you can write`;

/**
 * Whether a file owned by `uid` in `folder` may have been planted there for us: the folder is
 * world-writable and sticky (/tmp), and neither we nor the folder's owner own the file.
 */
function planted(folder: Stats, uid: number): boolean {
  return uid !== process.geteuid!() && (folder.mode & 0o1002) === 0o1002 && uid !== folder.uid;
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
  if (error.code !== 'EACCES' || !stat.isFile()) return undefined;
  let folder;
  try {
    folder = statSync(dirname(resolve(path)));
  } catch {
    return undefined;
  }
  return planted(folder, stat.uid) ? plantedReason(stat.uid) : undefined;
}

/** The table's destination: --output-file, else stdout (stderr in command mode). */
export async function writeOutput(outputFile: OutputFile, text: Rendered, commandMode = false): Promise<void> {
  if (outputFile === undefined) return commandMode ? writeStream(process.stderr, 'stderr', text) : writeStdout(text);
  try {
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    for (let done = 0; done < bytes.length;) done += writeSync(outputFile.fd, bytes, done);
  } catch (error) {
    throw new ToolError(`cannot write the table to ${outputFile.path}: ${(error as Error).message}`, ExitCode.internal);
  }
}
