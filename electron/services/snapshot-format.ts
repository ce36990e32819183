/**
 * How an inventory snapshot is kept on disk. After a refresh, its keys are written as rows, one JSON array per key
 * with the fields in the order `keyFields` names, instead of one object per key: a large site's snapshot is then
 * about 40 % smaller, and its text is made in about 40 % less time, on the main thread, in every refresh.
 * After an action, the keys are rows too where the last refresh's pages could be used (patchedKeysText). A snapshot
 * written from the records (where neither could be used) has its keys as objects, as every snapshot before rows
 * had; both read back as the same inventory.
 */
import { inventory, keyRecord, type Inventory, type KeyRecord } from '../../shared/inventory.js';

/** The key fields in the order of a row. */
export const KEY_FIELDS = Object.keys(keyRecord.shape) as readonly (keyof KeyRecord)[];

/**
 * A key as a row, in KEY_FIELDS' order. Written out rather than mapped over the names: it runs for every key of
 * every refresh. The tests read every field of a record back from its row.
 */
export function keyRow(key: KeyRecord): unknown[] {
  return [
    key.id,
    key.label,
    key.kind,
    key.ownerType,
    key.ownerId,
    key.ownerLabel,
    key.ownerDisabled,
    key.created,
    key.expiresAt,
    key.lastUsed,
    key.isAppKey,
  ];
}

/** What goes to disk: the snapshot, with its keys as rows whose text was made already (keysText: their JSON). */
export function rowsDocument(snapshot: Inventory, keysText: unknown): Record<string, unknown> {
  return { ...snapshot, keys: undefined, keyFields: KEY_FIELDS, keyRows: keysText };
}

/** A snapshot file's parsed JSON as an inventory, keys as rows or as objects; null where it is not a valid one. */
export function inventoryOfDocument(document: unknown): Inventory | null {
  const parsed = inventory.safeParse(withKeysFromRows(document));
  return parsed.success ? parsed.data : null;
}

/** The document with `keyRows` turned into `keys` objects; as it was where it has no rows. */
function withKeysFromRows(document: unknown): unknown {
  if (typeof document !== 'object' || document === null || !('keyRows' in document)) return document;
  const { keyRows, keyFields, ...rest } = document as { keyRows: unknown; keyFields: unknown };
  // Only the key fields this app knows, each once: a name from elsewhere (such as __proto__) is never set.
  const known: ReadonlySet<string> = new Set(KEY_FIELDS);
  if (
    !Array.isArray(keyRows) ||
    !Array.isArray(keyFields) ||
    !keyFields.every((name) => typeof name === 'string' && known.has(name)) ||
    new Set(keyFields).size !== keyFields.length
  ) {
    return null;
  }
  const keys: Record<string, unknown>[] = [];
  for (const row of keyRows as unknown[]) {
    // A row of another length than its names is not a key; the whole snapshot is then damaged.
    if (!Array.isArray(row) || row.length !== keyFields.length) return null;
    const key: Record<string, unknown> = {};
    keyFields.forEach((name: string, at) => {
      key[name] = row[at];
    });
    keys.push(key);
  }
  return { ...rest, keys };
}
