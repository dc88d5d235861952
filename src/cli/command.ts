// Command mode's pure parts: finding the command as a shell would, and its exit status as ours.
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';

export type Resolved = { path: string } | { error: string; exitCode: 126 | 127 };

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Like a shell: a name with a slash as given, else the first executable file of that name on PATH. */
export function resolveCommand(name: string, searchPath: string | undefined): Resolved {
  if (name.includes('/')) {
    try {
      statSync(name);
    } catch {
      return { error: `${name}: No such file or directory`, exitCode: 127 };
    }
    return executable(name) ? { path: name } : { error: `${name}: Permission denied`, exitCode: 126 };
  }
  let found: string | undefined;
  for (const dir of (searchPath ?? '/usr/local/bin:/usr/bin:/bin').split(':')) {
    const candidate = join(dir || '.', name);
    if (executable(candidate)) return { path: candidate };
    try {
      if (statSync(candidate).isFile()) found ??= candidate;
    } catch {
      // not here
    }
  }
  return found ? { error: `${found}: Permission denied`, exitCode: 126 } : { error: `${name}: command not found`, exitCode: 127 };
}

/** The command's exit status as the tool's, like time(1): its code, or 128 + the signal that killed it. */
export function exitStatus(status: { code: number | null; signal: number | null }): number {
  return status.code ?? 128 + (status.signal ?? 0);
}
