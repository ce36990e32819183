/**
 * An immutable map made of a shared base and the changes since (null: removed). The migration's view after an
 * action (viewAfterPatch in migration.ts) keeps its lookups this way: a new view copies the action's few changes,
 * not maps of 30,000 entries (about 10 ms each at 10x the scale site), until many have gathered and one copy folds
 * them in. Like TrackedKeys (tracked-keys.ts), without an order.
 */

/** How many changes a map holds beside its base before one copy folds them in. */
export const MAX_LAYERED_CHANGES = 256;

export class LayeredMap<V> {
  constructor(
    private readonly base: ReadonlyMap<string, V>,
    private readonly changes: ReadonlyMap<string, V | null> = new Map(),
  ) {}

  get(key: string): V | undefined {
    return this.changes.has(key) ? (this.changes.get(key) ?? undefined) : this.base.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  with(updates: ReadonlyMap<string, V | null>): LayeredMap<V> {
    if (updates.size === 0) return this;
    const changes = new Map(this.changes);
    for (const [key, value] of updates) changes.set(key, value);
    if (changes.size <= MAX_LAYERED_CHANGES) return new LayeredMap(this.base, changes);
    const whole = new Map(this.base);
    for (const [key, value] of changes) {
      if (value === null) whole.delete(key);
      else whole.set(key, value);
    }
    return new LayeredMap(whole);
  }
}
