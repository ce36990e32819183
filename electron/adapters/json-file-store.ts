/**
 * A KeyValueStore in one JSON file, written atomically. The web host uses it where electron-store cannot run
 * (electron-store finds its folder through Electron's app module). A damaged file is kept aside, never reset
 * silently, and the admin is told (security.md E2).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Clock, KeyValueStore } from '../ports.js';
import { keepAside, writeFileAtomic } from '../services/atomic-file.js';

export class JsonFileStore implements KeyValueStore {
  private data: Record<string, unknown> = {};
  readonly problems: string[] = [];

  constructor(
    private readonly file: string,
    clock: Clock,
  ) {
    if (!fs.existsSync(file)) return;
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      this.data = Object.assign(Object.create(null) as Record<string, unknown>, parsed);
    } catch {
      const aside = keepAside(file, clock.now());
      this.problems.push(
        `The settings file was damaged and could not be read. It was kept as ${path.basename(aside)}; the app started without it.`,
      );
    }
  }

  get(key: string): unknown {
    return Object.hasOwn(this.data, key) ? this.data[key] : undefined;
  }

  set(key: string, value: unknown): void {
    this.data[key] = value;
    this.flush();
  }

  delete(key: string): void {
    delete this.data[key];
    this.flush();
  }

  private flush(): void {
    writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`);
  }
}
