/**
 * Atomic writes (security.md E1): a temporary file in the same folder, fsync, rename over the target,
 * then fsync the folder, so a crash leaves either the old file or the new one, never half of one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** The temporary files writeFileAtomic makes: `.<name>.<12 hex digits>.tmp`, and nothing else. */
const TEMP_FILE = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;

export function writeFileAtomic(target: string, data: string | Buffer, mode = 0o600): void {
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.chmodSync(target, mode);
  try {
    const dirFd = fs.openSync(dir, 'r');
    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
  } catch {
    // Some platforms cannot fsync a folder; the rename is still atomic.
  }
}

/** Moves a damaged file aside (never deletes it) and returns the new name (security.md E2). */
export function keepAside(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const aside = `${file}.damaged-${stamp}`;
  fs.renameSync(file, aside);
  return aside;
}

/**
 * Removes the temporary files a crash left between writing and renaming (never a target: only names that match
 * writeFileAtomic's pattern exactly, only regular files, only directly in these folders). Missing folders are
 * skipped. Answers how many were removed. Call it at start, before anything writes.
 */
export function removeLeftoverTempFiles(dirs: readonly string[]): number {
  let removed = 0;
  for (const dir of dirs) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isFile() || !TEMP_FILE.test(entry.name)) continue;
      fs.rmSync(path.join(dir, entry.name), { force: true });
      removed += 1;
    }
  }
  return removed;
}
