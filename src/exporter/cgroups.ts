// cgroup v2 ids (what the BPF program reads for the cgroup label) to paths a user knows.
import { opendirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A cgroup v2 id is the inode number of its directory in the cgroup2 file system. The directories
 * are walked again when an id is not known, at most once per `refresh()` (once per drain), so
 * that cgroups created since are found without walking the tree for every row.
 */
export class CgroupPaths {
  private paths = new Map<number, string>();
  private walked = false;

  /** `mount`: where cgroup v2 is mounted; undefined: ids are shown as `id:<n>`. */
  constructor(private readonly mount: string | undefined) {}

  /** Allows the next unknown id to walk the tree again. */
  refresh(): void {
    this.walked = false;
  }

  /** The cgroup's path below the mount (`/` for the root, `/system.slice/cron.service`), or `id:<n>` if it is gone. */
  path(id: number): string {
    let path = this.paths.get(id);
    if (path === undefined && !this.walked && this.mount !== undefined) {
      this.walked = true;
      this.paths = walk(this.mount);
      path = this.paths.get(id);
    }
    return path ?? `id:${id}`;
  }
}

function walk(mount: string): Map<number, string> {
  const paths = new Map<number, string>();
  const visit = (dir: string, path: string) => {
    try {
      paths.set(statSync(dir).ino, path);
      const entries = opendirSync(dir);
      try {
        for (let entry = entries.readSync(); entry; entry = entries.readSync()) {
          if (entry.isDirectory()) visit(join(dir, entry.name), path === '/' ? `/${entry.name}` : `${path}/${entry.name}`);
        }
      } finally {
        entries.closeSync();
      }
    } catch {
      // Removed while walking: it is looked up by id, if ever again.
    }
  };
  visit(mount, '/');
  return paths;
}
