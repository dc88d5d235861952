// cgroup v2 ids (what the BPF program reads for the cgroup label) to paths a user knows.
import { opendirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The least time between two walks of the tree, and at least this many times what the last one took. */
export const WALK_INTERVAL_MS = 1000;
const WALK_COST_FACTOR = 10;
/** A cgroup no walk has found for this long is forgotten (a cgroup is removed only once empty). */
const FORGET_MS = 15 * 60_000;

/**
 * A cgroup v2 id is the inode number of its directory in the cgroup2 file system. The directories
 * are walked again when an id is not known, at most once per `refresh()` (once per drain) and at
 * most once per WALK_INTERVAL_MS, or ten times as long as a walk takes, so that a large tree is not
 * walked over and over. A walk adds to what is known: the path of a cgroup removed since stays.
 */
export class CgroupPaths {
  private readonly paths = new Map<number, { path: string; seen: number }>();
  /** Ids not found yet, and when each was first asked for. */
  private readonly unknown = new Map<number, number>();
  private mayWalk = true;
  private nextWalk = -Infinity;
  private lastWalk = -Infinity;
  /** Walks made so far. */
  walks = 0;

  /** `mount`: where cgroup v2 is mounted; undefined: ids are shown as `id:<n>`. */
  constructor(
    private readonly mount: string | undefined,
    private readonly now: () => number = () => performance.now(),
    private readonly walkTree: (mount: string) => Map<number, string> = walk,
  ) {}

  /** Allows the next unknown id to walk the tree again, if the last walk is old enough. */
  refresh(): void {
    this.mayWalk = true;
  }

  /**
   * The cgroup's path below the mount (`/` for the root, `/system.slice/cron.service`); `id:<n>` if
   * a walk made since it was first asked for did not find it (removed); undefined until then.
   */
  path(id: number): string | undefined {
    const known = this.paths.get(id);
    if (known !== undefined) return known.path;
    if (this.mount === undefined) return `id:${id}`;
    const asked = this.unknown.get(id);
    if (asked !== undefined && asked < this.lastWalk) {
      this.unknown.delete(id);
      return `id:${id}`;
    }
    if (asked === undefined) this.unknown.set(id, this.now());
    if (!this.mayWalk || this.now() < this.nextWalk) return undefined;
    this.walkNow(this.mount);
    this.unknown.delete(id);
    return this.paths.get(id)?.path ?? `id:${id}`;
  }

  private walkNow(mount: string): void {
    this.mayWalk = false;
    const started = this.now();
    const found = this.walkTree(mount);
    this.walks++;
    const ended = this.now();
    // Ids asked for before the previous walk have been answered since, if ever asked again.
    for (const [id, asked] of this.unknown) if (asked < this.lastWalk) this.unknown.delete(id);
    this.lastWalk = started;
    this.nextWalk = started + Math.max(WALK_INTERVAL_MS, (ended - started) * WALK_COST_FACTOR);
    for (const [id, path] of found) this.paths.set(id, { path, seen: ended });
    for (const [id, entry] of this.paths) if (ended - entry.seen > FORGET_MS) this.paths.delete(id);
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
