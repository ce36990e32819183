/**
 * A refresh keeps the previous snapshot's object for every record that did not change. Nearly every key, device and
 * user of a site is the same from one refresh to the next; keeping the old object means:
 * - the new one dies young, where collecting it costs next to nothing, instead of being copied by the collector and
 *   held beside the old snapshot's until that one is dropped;
 * - the new snapshot shares the old one's objects, so what compares snapshots by identity (the migration observer,
 *   the grid's query index) looks only at what changed.
 * A record is kept only where every field is equal, so the snapshot reads exactly as if it were new.
 */
import type { DeviceRecord, KeyRecord, UserRecord } from '../../shared/inventory.js';

// Written out field by field: a refresh compares every record of a large site, and a loop over field names costs
// many times more. The tests change each field of each schema, so a field added to a record and not here fails them.

export function sameKeyRecord(a: KeyRecord, b: KeyRecord): boolean {
  return (
    a.id === b.id &&
    a.label === b.label &&
    a.kind === b.kind &&
    a.ownerType === b.ownerType &&
    a.ownerId === b.ownerId &&
    a.ownerLabel === b.ownerLabel &&
    a.ownerDisabled === b.ownerDisabled &&
    a.created === b.created &&
    a.expiresAt === b.expiresAt &&
    a.lastUsed === b.lastUsed &&
    a.isAppKey === b.isAppKey
  );
}

export function sameDeviceRecord(a: DeviceRecord, b: DeviceRecord): boolean {
  return (
    a.id === b.id &&
    a.label === b.label &&
    a.type === b.type &&
    a.disabled === b.disabled &&
    a.version === b.version &&
    a.health === b.health &&
    a.lastSeen === b.lastSeen &&
    a.errorCount === b.errorCount &&
    a.interval === b.interval &&
    (a.notes === b.notes ||
      (a.notes.location === b.notes.location && a.notes.modality === b.notes.modality && a.notes.contact === b.notes.contact))
  );
}

export function sameUserRecord(a: UserRecord, b: UserRecord): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.email === b.email &&
    a.disabled === b.disabled &&
    a.isSiteAdmin === b.isSiteAdmin &&
    a.keysVisible === b.keysVisible &&
    a.lastLogin === b.lastLogin
  );
}

/**
 * The previous snapshot's records of one kind. A refresh meets them in the order it met them last time (the site
 * lists by id), so each is looked for where the last match left off, and by id only where that guess fails (a record
 * added or removed). `streams` tells records that come in separate orders apart, such as device and user keys,
 * whose lists arrive interleaved.
 */
export class UnchangedRecords<T extends { readonly id: string }> {
  private byId: Map<string, number> | null = null;
  private readonly next = new Map<string, number>();
  private readonly starts = new Map<string, number>();

  constructor(
    private readonly previous: readonly T[],
    private readonly same: (a: T, b: T) => boolean,
    private readonly streamOf: (record: T) => string = () => '',
  ) {}

  /** `fresh`, or the previous record of its id where that has the same fields. */
  readonly keep = (fresh: T): T => {
    if (this.previous.length === 0) return fresh;
    const stream = this.streamOf(fresh);
    let at = this.next.get(stream) ?? this.startOf(stream);
    if (this.previous[at]?.id !== fresh.id) {
      // A stream met again from its start (the admin: from the users list, then from /users/self, then their app key
      // once more), found within a few records of its start; or else by id.
      const near = this.nearStart(stream, fresh.id);
      if (near !== -1) at = near;
      else {
        // Indexed at the first miss only: an unchanged site never builds it.
        this.byId ??= indexById(this.previous);
        const found = this.byId.get(fresh.id);
        if (found === undefined) return fresh;
        at = found;
      }
    }
    this.next.set(stream, at + 1);
    const old = this.previous[at]!;
    return this.same(old, fresh) ? old : fresh;
  };

  /** Where `id` is among the first NEAR_START records of `stream` in the previous snapshot; -1 where it is not. */
  private nearStart(stream: string, id: string): number {
    const start = this.startOf(stream);
    const end = Math.min(this.previous.length, start + NEAR_START);
    for (let at = start; at < end; at += 1) {
      const record = this.previous[at]!;
      if (record.id === id) return at;
      if (this.streamOf(record) !== stream) break;
    }
    return -1;
  }

  /** Where a stream's first record was in the previous snapshot (0 where it had none). */
  private startOf(stream: string): number {
    let at = this.starts.get(stream);
    if (at === undefined) {
      at = Math.max(
        0,
        this.previous.findIndex((record) => this.streamOf(record) === stream),
      );
      this.starts.set(stream, at);
    }
    return at;
  }
}

/** How far from a stream's start a record met again is looked for before every record is indexed by id. */
const NEAR_START = 16;

function indexById<T extends { readonly id: string }>(records: readonly T[]): Map<string, number> {
  const byId = new Map<string, number>();
  records.forEach((record, at) => byId.set(record.id, at));
  return byId;
}
