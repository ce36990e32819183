/**
 * The migration's tracked legacy keys by id, as an immutable map that a few changes copy cheaply. Every legacy key
 * the app has seen is tracked (30,000 at ten times the scale site), and each snapshot after an action changes one
 * or two of them: copying a record of 30,000 entries took 15-30 ms of the action's main-thread task. Here a change
 * makes a new map that shares the unchanged entries (`with`), and only after many changes is one whole copy made.
 *
 * Order is that of a record the changes were assigned to: a key keeps its place, a new one goes last. Written as a
 * JSON record (toJSON), read from one (`of`).
 */
import type { TrackedLegacyKey } from './migration.js';

/** How many changed entries a map holds beside its shared base before one copy folds them in. */
export const MAX_CHANGES_BESIDE = 256;

export class TrackedKeys implements Iterable<[string, TrackedLegacyKey]> {
  static readonly EMPTY = new TrackedKeys(new Map(), new Map(), 0);

  /** The entries of a record (as read from the file), in its order. */
  static of(record: Readonly<Record<string, TrackedLegacyKey>>): TrackedKeys {
    return new TrackedKeys(new Map(Object.entries(record)), new Map(), 0);
  }

  /** The entries of `entries`, in their order (a later entry of the same id replaces the earlier in its place). */
  static from(entries: Iterable<readonly [string, TrackedLegacyKey]>): TrackedKeys {
    return new TrackedKeys(new Map(entries), new Map(), 0);
  }

  private constructor(
    /** Shared between maps, never changed. */
    private readonly base: ReadonlyMap<string, TrackedLegacyKey>,
    /** Entries changed or added since `base`; never changed once the map is made. */
    private readonly changed: ReadonlyMap<string, TrackedLegacyKey>,
    /** How many of `changed` are not in `base`. */
    private readonly added: number,
  ) {}

  get size(): number {
    return this.base.size + this.added;
  }

  get(keyId: string): TrackedLegacyKey | undefined {
    return this.changed.get(keyId) ?? this.base.get(keyId);
  }

  has(keyId: string): boolean {
    return this.changed.has(keyId) || this.base.has(keyId);
  }

  /** A map with `updates` assigned (this one is unchanged); this very map where there are none. */
  with(updates: ReadonlyMap<string, TrackedLegacyKey>): TrackedKeys {
    if (updates.size === 0) return this;
    if (this.changed.size + updates.size > MAX_CHANGES_BESIDE) {
      const whole = new Map(this);
      for (const [keyId, entry] of updates) whole.set(keyId, entry);
      return new TrackedKeys(whole, new Map(), 0);
    }
    const changed = new Map(this.changed);
    let added = this.added;
    for (const [keyId, entry] of updates) {
      if (!this.has(keyId)) added += 1;
      changed.set(keyId, entry);
    }
    return new TrackedKeys(this.base, changed, added);
  }

  /**
   * The ids whose entries differ between this map and `other`, read from their changes alone where both were made
   * from the same base (as the maps of one site's consecutive snapshots are, until a copy folds the changes in);
   * null where they were not, and only a pass over every entry can tell.
   */
  changedSince(other: TrackedKeys): Set<string> | null {
    if (this.base !== other.base) return null;
    const ids = new Set<string>();
    for (const keyId of this.changed.keys()) if (this.get(keyId) !== other.get(keyId)) ids.add(keyId);
    for (const keyId of other.changed.keys()) if (this.get(keyId) !== other.get(keyId)) ids.add(keyId);
    return ids;
  }

  *entries(): IterableIterator<[string, TrackedLegacyKey]> {
    for (const [keyId, entry] of this.base) yield [keyId, this.changed.get(keyId) ?? entry];
    for (const [keyId, entry] of this.changed) if (!this.base.has(keyId)) yield [keyId, entry];
  }

  [Symbol.iterator](): IterableIterator<[string, TrackedLegacyKey]> {
    return this.entries();
  }

  *values(): IterableIterator<TrackedLegacyKey> {
    for (const [, entry] of this.entries()) yield entry;
  }

  /** Its entries for a writer that writes them a slice at a time (jsonChunks' EntryRecord). */
  jsonEntries(): IterableIterator<[string, TrackedLegacyKey]> {
    return this.entries();
  }

  toJSON(): Record<string, TrackedLegacyKey> {
    return Object.fromEntries(this.entries());
  }
}
