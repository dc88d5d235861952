// Output writing: the table's destination, --output-file opened safely, and writes that finish
// before the tool exits (pipes are asynchronous).
import { closeSync, constants as fsConstants, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
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
 * would block, a device gets written) and a file with other hard links are refused. A new file is
 * created 0644 (less as the umask says); an existing one is emptied once it passed these checks.
 */
export function openOutputFile(path: string): NonNullable<OutputFile> {
  const refuse = (why: string) => usage(`option '--output-file <path>': ${path} ${why}`);
  const { O_WRONLY, O_CREAT, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY } = fsConstants;
  let fd: number;
  try {
    fd = openSync(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw refuse('is a symbolic link: give the file itself');
    if (code === 'EISDIR' || code === 'ENXIO') throw refuse('is not a regular file');
    throw usage(`option '--output-file <path>': cannot write ${path}: ${(error as Error).message}`);
  }
  const stat = fstatSync(fd);
  const refusal = !stat.isFile() ? 'is not a regular file' : stat.nlink > 1 ? `has ${stat.nlink} hard links: give a file with one` : undefined;
  if (refusal) {
    closeSync(fd);
    throw refuse(refusal);
  }
  ftruncateSync(fd, 0);
  return { path, fd };
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
