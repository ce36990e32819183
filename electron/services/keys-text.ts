/**
 * The JSON text of a refresh's keys, made page by page as the site's lists arrive. A large site's snapshot is then
 * mostly written while the app waits for the site's next page, not after the last one: the refresh is done sooner.
 *
 * Joined, the pieces are exactly `JSON.stringify(inventory.keys.map(keyRow))` (the keys as rows, snapshot-format.ts)
 * for the inventory assembleInventory makes of the same pages: device keys in the devices' order, then user keys in
 * the users' order, the admin's own keys (from /users/self, where the app's key is marked) in the admin's place in
 * the list, or last. Where the text cannot be proved to be that (a list that failed half way, the admin not who the
 * profile says), `textOf` answers null and the snapshot is written from the records. After an action, the patched
 * snapshot's text is made from the same pieces (patchedKeysText).
 */
import type { Inventory, KeyRecord } from '../../shared/inventory.js';
import { JsonArrayText, LazyPiece, MarkedPiece, type JsonChunk } from './json-chunks.js';
import { keyRow } from './snapshot-format.js';
import type { FetchedDevice, FetchedUser } from './inventory-mapping.js';

/** Where the admin's own keys go among the users' pieces. */
const SELF = Symbol('self');

/** The keys' rows' JSON without the brackets ('' for none). */
const itemsText = (keys: readonly KeyRecord[]): string =>
  keys.length === 0 ? '' : JSON.stringify(keys.map(keyRow)).slice(1, -1);

const encoder = new TextEncoder();

/**
 * Text as UTF-8 bytes in a SharedArrayBuffer, exactly its size. The snapshot writer's thread reads them where they
 * are (worker-snapshot-writer.ts), not copied. A refresh holds its pieces until its end; as strings, a large site's
 * (45 MiB at 10x the scale site) outlived the young generation and stayed in the old one until a full collection,
 * refresh after refresh.
 */
function sharedBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(new SharedArrayBuffer(Buffer.byteLength(text, 'utf8')));
  encoder.encodeInto(text, bytes);
  return bytes;
}

/** Marks for pieces, unique in the process (the snapshot writer's thread is one per process). */
let lastMark = 0;

/**
 * The pieces of a site's last refresh, each with the key records it was made of, by list and place. A refresh keeps
 * the last snapshot's object for every unchanged key (unchanged-records.ts), so a piece whose records are the same
 * objects in the same order has the same text: it goes to the writer under the same mark and without bytes, and the
 * writer copies it from the snapshot file it wrote last (MarkedPiece). On a site where little changed between two
 * refreshes, that is most of the refresh's text: about 200 ms of CPU at 10x the scale site not spent making it, and
 * no text held between refreshes (its bytes were 46 MiB at 10x). Keyed by list ('d' or 'u') and place.
 */
export type KeyPieces = ReadonlyMap<string, KeyPiece>;

/** A piece's records, by place in its list, and the mark and length of the text made of them. */
interface KeyPiece {
  readonly keys: readonly KeyRecord[];
  readonly mark: number;
  readonly byteLength: number;
}

const sameRecords = (a: readonly KeyRecord[], b: readonly KeyRecord[]): boolean =>
  a.length === b.length && a.every((key, at) => key === b[at]);

/** Whether `keys` holds `run`'s records, the same objects in the same order, from `at` on. */
function holdsAt(keys: readonly KeyRecord[], at: number, run: readonly KeyRecord[]): boolean {
  for (let k = 0; k < run.length; k += 1) if (keys[at + k] !== run[k]) return false;
  return true;
}

/** Keys between two copied pages made into text per run of at most this many, each in a writer's slice of work. */
const LOOSE_RUN = 1000;

/**
 * The text of a snapshot's keys after an action patched it (a key added, changed or gone), from the pieces of the
 * site's last refresh: a run of the keys that is a piece's records, in order, goes under that piece's mark and
 * without bytes, for the writer to copy from the file it wrote last; the keys between such runs are made into text
 * when the writer comes to them. The file written then holds the marks again, so the next refresh's unchanged pages
 * are copied too: written from the records, as before, it had none, and the refresh after any action made every
 * page's text again (at 10x the scale site, about 46 MiB of text), and the action's own write stringified every
 * key. Worked out when first written (JsonArrayText), so a burst of patches costs one walk over the keys.
 */
export function patchedKeysText(keys: readonly KeyRecord[], last: KeyPieces): JsonArrayText {
  return new JsonArrayText(() => {
    const byFirst = new Map<KeyRecord, KeyPiece>();
    for (const piece of last.values()) if (piece.keys.length > 0) byFirst.set(piece.keys[0]!, piece);
    const pieces: JsonChunk[] = [];
    let looseFrom = 0;
    const looseTo = (end: number): void => {
      for (let from = looseFrom; from < end; from += LOOSE_RUN) {
        const run = keys.slice(from, Math.min(end, from + LOOSE_RUN));
        pieces.push(new LazyPiece(() => itemsText(run)));
      }
    };
    for (let at = 0; at < keys.length;) {
      const piece = byFirst.get(keys[at]!);
      if (piece && holdsAt(keys, at, piece.keys)) {
        looseTo(at);
        pieces.push(new MarkedPiece(piece.mark, piece.byteLength, null, () => itemsText(piece.keys)));
        at += piece.keys.length;
        looseFrom = at;
        continue;
      }
      at += 1;
    }
    looseTo(keys.length);
    return pieces;
  });
}

export class KeysTextBuilder {
  private readonly devicePieces: MarkedPiece[] = [];
  private readonly userPieces: Array<MarkedPiece | typeof SELF> = [];
  private deviceKeys = 0;
  private userKeys = 0;
  private readonly made = new Map<string, KeyPiece>();

  /**
   * `selfId`: the admin's user id as the site profile knows it. `last`: the pieces of the site's last refresh, whose
   * text is used again where their records are.
   */
  constructor(
    private readonly selfId: string,
    private readonly last: KeyPieces = new Map(),
  ) {}

  /** This refresh's pieces, for the next one (KeyPieces). */
  pieces(): KeyPieces {
    return this.made;
  }

  /** The keys' rows: the last refresh's piece where made of the same records (no bytes), else new bytes. */
  private itemsPiece(list: 'd' | 'u', keys: readonly KeyRecord[]): MarkedPiece {
    const place = `${list}${list === 'd' ? this.devicePieces.length : this.userPieces.length}`;
    const before = this.last.get(place);
    const remake = (): string => itemsText(keys);
    if (before && sameRecords(before.keys, keys)) {
      this.made.set(place, before);
      return new MarkedPiece(before.mark, before.byteLength, null, remake);
    }
    const bytes = sharedBytes(itemsText(keys));
    const piece: KeyPiece = { keys, mark: ++lastMark, byteLength: bytes.byteLength };
    this.made.set(place, piece);
    return new MarkedPiece(piece.mark, piece.byteLength, bytes, remake);
  }

  /** A page of the devices list, as listAll mapped it. */
  devicePage(page: readonly FetchedDevice[]): void {
    const keys: KeyRecord[] = [];
    for (const device of page) for (const key of device.keys) keys.push(key);
    this.deviceKeys += keys.length;
    this.devicePieces.push(this.itemsPiece('d', keys));
  }

  /** A page of the users list: every user's listed keys but the admin's, whose keys come from /users/self. */
  userPage(page: readonly FetchedUser[]): void {
    let keys: KeyRecord[] = [];
    for (const user of page) {
      if (user.user.id === this.selfId) {
        this.userPieces.push(this.itemsPiece('u', keys), SELF);
        this.userKeys += keys.length;
        keys = [];
        continue;
      }
      for (const key of user.keys ?? []) keys.push(key);
    }
    this.userKeys += keys.length;
    this.userPieces.push(this.itemsPiece('u', keys));
  }

  /**
   * The text of `inventory.keys` as rows, or null where these pages are not provably its keys. `assembledSelfId`: the
   * admin as /users/self answered, whose keys assembleInventory took from that answer.
   */
  textOf(inventory: Inventory, assembledSelfId: string): JsonArrayText | null {
    if (assembledSelfId !== this.selfId) return null;
    const own: KeyRecord[] = [];
    for (const key of inventory.keys) if (key.ownerType === 'user' && key.ownerId === this.selfId) own.push(key);
    const slots = this.userPieces.filter((piece) => piece === SELF).length;
    if (slots > 1 || this.deviceKeys + this.userKeys + own.length !== inventory.keys.length) return null;
    // Not kept between refreshes: the app key is used, so changed, at every refresh.
    const ownBytes = sharedBytes(itemsText(own));
    const pieces: JsonChunk[] = [...this.devicePieces, ...this.userPieces.map((piece) => (piece === SELF ? ownBytes : piece))];
    if (slots === 0) pieces.push(ownBytes);
    return new JsonArrayText(pieces);
  }
}
