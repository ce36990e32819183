/**
 * The JSON text of a refresh's keys, made page by page as the site's lists arrive. A large site's snapshot is then
 * mostly written while the app waits for the site's next page, not after the last one: the refresh is done sooner.
 *
 * Joined, the pieces are exactly `JSON.stringify(inventory.keys.map(keyRow))` (the keys as rows, snapshot-format.ts)
 * for the inventory assembleInventory makes of the same pages: device keys in the devices' order, then user keys in the users' order, the admin's own keys (from
 * /users/self, where the app's key is marked) in the admin's place in the list, or last. Where the text cannot be
 * proved to be that (a list that failed half way, the admin not who the profile says), `textOf` answers null and the
 * snapshot is written from the records, as after any change the app makes.
 */
import type { Inventory, KeyRecord } from '../../shared/inventory.js';
import { JsonArrayText } from './json-chunks.js';
import { keyRow } from './snapshot-format.js';
import type { FetchedDevice, FetchedUser } from './inventory-mapping.js';

/** Where the admin's own keys go among the users' pieces. */
const SELF = Symbol('self');

/** The keys' rows' JSON without the brackets ('' for none). */
const itemsText = (keys: readonly KeyRecord[]): string =>
  keys.length === 0 ? '' : JSON.stringify(keys.map(keyRow)).slice(1, -1);

const encoder = new TextEncoder();

/** The rows' JSON of many keys, a slice at a time: the text again where the bytes were given away. */
function* rowSlices(keys: readonly KeyRecord[], slice = 1000): Generator<string> {
  for (let at = 0; at < keys.length; at += slice) yield itemsText(keys.slice(at, at + slice));
}

export class KeysTextBuilder {
  private readonly devicePieces: Uint8Array[] = [];
  private readonly userPieces: Array<Uint8Array | typeof SELF> = [];
  private deviceKeys = 0;
  private userKeys = 0;

  /**
   * `selfId`: the admin's user id as the site profile knows it. `encode`: how a piece becomes UTF-8 bytes; by
   * default new ones, in a refresh the snapshot writer's own (SnapshotWriter.encode), used again from one refresh
   * to the next.
   */
  constructor(
    private readonly selfId: string,
    private readonly encode: (text: string) => Uint8Array = (text) => encoder.encode(text),
  ) {}

  /**
   * The keys' rows as UTF-8 bytes. A refresh holds its pieces until its end; as strings, a large site's (45 MiB at
   * 10x the scale site) outlived the young generation and stayed in the old one until a full collection, refresh
   * after refresh. As bytes they are outside the JS heap, and go to the writer's thread without a copy.
   */
  private itemsBytes(keys: readonly KeyRecord[]): Uint8Array {
    return this.encode(itemsText(keys));
  }

  /** A page of the devices list, as listAll mapped it. */
  devicePage(page: readonly FetchedDevice[]): void {
    const keys: KeyRecord[] = [];
    for (const device of page) for (const key of device.keys) keys.push(key);
    this.deviceKeys += keys.length;
    this.devicePieces.push(this.itemsBytes(keys));
  }

  /** A page of the users list: every user's listed keys but the admin's, whose keys come from /users/self. */
  userPage(page: readonly FetchedUser[]): void {
    let keys: KeyRecord[] = [];
    for (const user of page) {
      if (user.user.id === this.selfId) {
        this.userPieces.push(this.itemsBytes(keys), SELF);
        this.userKeys += keys.length;
        keys = [];
        continue;
      }
      for (const key of user.keys ?? []) keys.push(key);
    }
    this.userKeys += keys.length;
    this.userPieces.push(this.itemsBytes(keys));
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
    const ownBytes = this.itemsBytes(own);
    const pieces = [...this.devicePieces, ...this.userPieces.map((piece) => (piece === SELF ? ownBytes : piece))];
    if (slots === 0) pieces.push(ownBytes);
    return new JsonArrayText(pieces, () => rowSlices(inventory.keys));
  }
}
