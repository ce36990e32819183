/**
 * The key text a refresh makes page by page is exactly the text of the keys of the inventory assembled from the
 * same pages, in every shape of site; where it cannot be proved so, there is none and the records are written.
 */
import { describe, expect, it } from 'vitest';
import {
  assembleInventory,
  fetchedDeviceOf,
  fetchedUserOf,
  type FetchedDevice,
  type FetchedUser,
} from '../../../../electron/services/inventory-mapping.js';
import {
  chunkContent,
  JsonArrayText,
  jsonChunks,
  LazyPiece,
  MarkedPiece,
  type JsonChunk,
} from '../../../../electron/services/json-chunks.js';
import { KEY_FIELDS, keyRow } from '../../../../electron/services/snapshot-format.js';
import { KeysTextBuilder, patchedKeysText } from '../../../../electron/services/keys-text.js';
import type { KeyRecord } from '../../../../shared/inventory.js';
import type { ApiKeyWire, DeviceWire, UserWire } from '../../../../shared/wire.schema.js';

const FETCHED_AT = new Date('2026-11-26T12:00:00.000Z');
const SITE = { id: 'site-1', name: 'Site', origin: 'https://site.example.org', keyKind: 'enhanced' as const };

const key = (id: string, lastUsedMinutesAgo: number | null = null): ApiKeyWire => ({
  _id: id,
  label: `Key "${id}" ✓`,
  created: '2026-01-01T00:00:00.000Z',
  expires_at: '2027-01-01T00:00:00.000Z',
  last_used: lastUsedMinutesAgo === null ? null : new Date(FETCHED_AT.getTime() - lastUsedMinutesAgo * 60_000).toISOString(),
});
const device = (id: string, keys: number): DeviceWire => ({
  _id: id,
  label: `Device ${id}`,
  type: 'reaper',
  api_keys: Array.from({ length: keys }, (_, i) => key(`${id}-k${i}`)),
});
const user = (id: string, keys: ApiKeyWire[] | null): UserWire => ({
  _id: id,
  firstname: id,
  lastname: 'Lovelace',
  ...(keys ? { api_keys: keys } : {}),
});

/** The admin as /users/self answers: two keys, the app's used a minute ago. */
const SELF = user('ada', [key('own-app', 1), key('own-old', 90)]);
/** The same admin as the users list has them: the list's copy of the keys, without the app's mark. */
const SELF_LISTED = user('ada', [key('own-app'), key('own-old')]);

interface Lists {
  readonly devices: DeviceWire[] | null;
  readonly users: UserWire[] | null;
  readonly self?: UserWire;
}

function pagesOf<T>(items: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let at = 0; at < items.length; at += size) pages.push(items.slice(at, at + size));
  return pages.length === 0 ? [[]] : pages;
}

/** A refresh of these lists in pages of `size`: the inventory and the text made of its pages. */
function refresh(lists: Lists, size: number, profileUserId = 'ada') {
  const builder = new KeysTextBuilder(profileUserId);
  const devices =
    lists.devices &&
    pagesOf(
      lists.devices.map((item) => fetchedDeviceOf(item)),
      size,
    );
  const users =
    lists.users &&
    pagesOf(
      lists.users.map((item) => fetchedUserOf(item)),
      size,
    );
  for (const page of devices ?? []) builder.devicePage(page);
  for (const page of users ?? []) builder.userPage(page);
  const self = lists.self ?? SELF;
  const inventory = assembleInventory({
    site: SITE,
    fetchedAt: FETCHED_AT,
    devices: devices && devices.flat(),
    status: null,
    users: users && users.flat(),
    self,
    notes: {},
  });
  return { inventory, builder, self };
}

const decoder = new TextDecoder();
const textOfChunks = (chunks: Iterable<JsonChunk>): string =>
  [...chunks]
    .map((chunk) => {
      const content = chunkContent(chunk);
      return typeof content === 'string' ? content : decoder.decode(content);
    })
    .join('');

const textOfKeys = (lists: Lists, size: number, profileUserId?: string) => {
  const { inventory, builder, self } = refresh(lists, size, profileUserId);
  const text = builder.textOf(inventory, self._id);
  return { inventory, text: text && textOfChunks(jsonChunks({ keys: text })) };
};

const users = (count: number, keysEach: number | null): UserWire[] =>
  Array.from({ length: count }, (_, i) =>
    user(`u${i}`, keysEach === null ? null : Array.from({ length: keysEach }, (_, k) => key(`u${i}-k${k}`))),
  );

describe('the key text made page by page', () => {
  const shapes: Record<string, Lists> = {
    'the admin in the middle of the users': {
      devices: [device('d1', 2), device('d2', 0), device('d3', 3)],
      users: [...users(4, 1), SELF_LISTED, ...users(3, 2)],
    },
    'the admin first': { devices: [device('d1', 1)], users: [SELF_LISTED, ...users(5, 1)] },
    'the admin last': { devices: [device('d1', 1)], users: [...users(5, 1), SELF_LISTED] },
    'the admin not in the list': { devices: [device('d1', 2)], users: users(6, 1) },
    "other users' keys hidden": { devices: [device('d1', 2)], users: [...users(3, null), user('ada', null), ...users(2, null)] },
    'no users list': { devices: [device('d1', 2), device('d2', 1)], users: null },
    'no devices list': { devices: null, users: [...users(2, 2), SELF_LISTED] },
    'nothing but the admin': { devices: [], users: [] },
    'users without keys': { devices: [device('d1', 0)], users: [...users(3, 0), SELF_LISTED] },
  };
  for (const [name, lists] of Object.entries(shapes)) {
    it(`is the text of the inventory's keys: ${name}`, () => {
      for (const size of [1, 2, 3, 100]) {
        const { inventory, text } = textOfKeys(lists, size);
        expect(text, `pages of ${size}`).toBe(JSON.stringify({ keys: inventory.keys.map(keyRow) }));
      }
    });
  }

  it("takes the admin's keys from /users/self, where the app's key is marked", () => {
    const { inventory, text } = textOfKeys(shapes['the admin in the middle of the users']!, 2);
    expect(inventory.keys.find((k) => k.isAppKey)?.id).toBe('own-app');
    const rows = (JSON.parse(text!) as { keys: unknown[][] }).keys;
    const appKey = rows.find((row) => row[KEY_FIELDS.indexOf('isAppKey')] === true);
    expect(appKey?.[KEY_FIELDS.indexOf('id')]).toBe('own-app');
  });

  it("marks a page of the same records as the last refresh's piece, without bytes, and makes only what changed", () => {
    const lists = { devices: [device('d1', 2), device('d2', 1)], users: [...users(4, 2), SELF_LISTED] };
    const first = refresh(lists, 2);
    const firstText = first.builder.textOf(first.inventory, first.self._id)!;
    expect(firstText).not.toBeNull();

    // The next refresh keeps every record object (unchanged-records.ts), but for one renamed key on the second users
    // page. The pages are mapped from the same records, as listAll would from the site's pages.
    const renamed = { ...first.inventory.keys.find((key) => key.id === 'u2-k0')!, label: 'Renamed' };
    const byId = new Map(first.inventory.keys.map((key) => [key.id, key]));
    byId.set('u2-k0', renamed);
    const devicePages = pagesOf(
      lists.devices.map((item) => ({ ...fetchedDeviceOf(item), keys: item.api_keys!.map((key) => byId.get(key._id)!) })),
      2,
    );
    const userPages = pagesOf(
      lists.users.map((item) => {
        const fetched = fetchedUserOf(item);
        return { ...fetched, keys: item._id === 'ada' ? fetched.keys : item.api_keys!.map((key) => byId.get(key._id)!) };
      }),
      2,
    );
    const builder = new KeysTextBuilder('ada', first.builder.pieces());
    for (const page of devicePages) builder.devicePage(page);
    for (const page of userPages) builder.userPage(page);
    const inventory = assembleInventory({
      site: SITE,
      fetchedAt: FETCHED_AT,
      devices: devicePages.flat(),
      status: null,
      users: userPages.flat(),
      self: SELF,
      notes: {},
    });
    const text = builder.textOf(inventory, 'ada')!;
    expect(textOfChunks(jsonChunks({ keys: text }))).toBe(JSON.stringify({ keys: inventory.keys.map(keyRow) }));
    // The unchanged pages go under the last refresh's marks, without bytes, for the writer to copy from the file it
    // wrote; made again: the page with the renamed key, and the admin's own keys (they change at every refresh).
    const lastMarks = new Map([...first.builder.pieces().values()].map((piece) => [piece.mark, piece.byteLength]));
    const marked = text.pieces.filter((piece): piece is MarkedPiece => piece instanceof MarkedPiece);
    const kept = marked.filter((piece) => piece.made === null);
    expect(kept.length).toBeGreaterThan(2);
    for (const piece of kept) expect(lastMarks.get(piece.mark)).toBe(piece.byteLength);
    const remade = text.pieces.filter((piece) => !kept.includes(piece as MarkedPiece));
    expect(remade).toHaveLength(2);
    const renamedPiece = remade[0] as MarkedPiece;
    expect(lastMarks.has(renamedPiece.mark)).toBe(false);
    expect(decoder.decode(renamedPiece.made!)).toContain('Renamed');
    expect(renamedPiece.byteLength).toBe(renamedPiece.made!.byteLength);
    // The admin's keys are never marked: the next refresh makes them anyway.
    expect(remade[1]).toBeInstanceOf(Uint8Array);
    // Bytes made are in shared memory: the writer's thread reads them where they are.
    for (const bytes of [renamedPiece.made!, remade[1] as Uint8Array])
      expect(Object.prototype.toString.call(bytes.buffer)).toBe('[object SharedArrayBuffer]');
    // A piece without bytes makes its text again for a writer that cannot copy it: the same text.
    const firstMarked = new Map(
      firstText.pieces.filter((piece): piece is MarkedPiece => piece instanceof MarkedPiece).map((piece) => [piece.mark, piece]),
    );
    for (const piece of kept) expect(decoder.decode(firstMarked.get(piece.mark)!.made!)).toBe(piece.content());
  });

  it('is none when the admin /users/self answers is not the one the profile knows', () => {
    const lists = { devices: [device('d1', 1)], users: [...users(3, 1), SELF_LISTED] };
    expect(textOfKeys(lists, 2, 'u1').text).toBeNull();
  });

  it('is none when a list failed after some of its pages (the inventory has none of its keys)', () => {
    const builder = new KeysTextBuilder('ada');
    builder.devicePage([device('d1', 2)].map((item) => fetchedDeviceOf(item)) as FetchedDevice[]);
    const { inventory } = refresh({ devices: null, users: users(2, 1) }, 5);
    for (const page of pagesOf(
      users(2, 1).map((item) => fetchedUserOf(item)),
      5,
    ) as FetchedUser[][])
      builder.userPage(page);
    expect(builder.textOf(inventory, 'ada')).toBeNull();
  });
});

describe('the key text of a snapshot patched after an action', () => {
  const lists = { devices: [device('d1', 2), device('d2', 1), device('d3', 2)], users: [...users(4, 2), SELF_LISTED] };
  const first = refresh(lists, 2);
  const pieces = first.builder.pieces();
  const keys = first.inventory.keys;
  const byId = (id: string) => keys.find((key) => key.id === id)!;
  const added: KeyRecord = { ...byId('d1-k0'), id: 'd1-new', label: 'Added by the admin' };
  const patches: Record<string, readonly KeyRecord[]> = {
    'nothing changed': keys,
    "a key added after its device's keys": keys.flatMap((key) => (key.id === 'd1-k1' ? [key, added] : [key])),
    'a key added at the end': [...keys, added],
    'a key gone': keys.filter((key) => key.id !== 'u2-k1'),
    'a key changed in place': keys.map((key) => (key.id === 'd3-k0' ? { ...key, label: 'Renamed' } : key)),
    'every key of a page gone': keys.filter((key) => !key.id.startsWith('u0-') && !key.id.startsWith('u1-')),
  };

  for (const [name, patched] of Object.entries(patches)) {
    it(`is the text of the patched keys: ${name}`, () => {
      const text = patchedKeysText(patched, pieces);
      expect(textOfChunks(jsonChunks({ keys: text }))).toBe(JSON.stringify({ keys: patched.map(keyRow) }));
      // Each piece whose records are all there, in order, goes under its mark without bytes; no other does.
      const whole = [...pieces.values()].filter(
        (piece) => piece.keys.length > 0 && patched.some((_, at) => piece.keys.every((key, k) => patched[at + k] === key)),
      );
      const marked = text.pieces.filter((piece): piece is MarkedPiece => piece instanceof MarkedPiece);
      expect(marked.map((piece) => piece.mark).sort()).toEqual(whole.map((piece) => piece.mark).sort());
      for (const piece of marked) expect(piece.made).toBeNull();
      // The rest is made when written; a writer that cannot copy gets the same text.
      for (const piece of text.pieces) expect(piece instanceof MarkedPiece || piece instanceof LazyPiece).toBe(true);
      const remade = text.pieces.map((piece) => chunkContent(piece));
      expect(textOfChunks(jsonChunks({ keys: new JsonArrayText(remade) }))).toBe(JSON.stringify({ keys: patched.map(keyRow) }));
    });
  }

  it('keeps the pages an action did not touch', () => {
    const text = patchedKeysText(patches['a key changed in place']!, pieces);
    const all = [...pieces.values()].filter((piece) => piece.keys.length > 0);
    // Only the page of the changed key is made again, with the admin's own keys (never a piece).
    expect(text.pieces.filter((piece) => piece instanceof MarkedPiece)).toHaveLength(all.length - 1);
  });

  it('makes every key when no page of the last refresh is whole, in runs of at most 1,000 keys', () => {
    const many = Array.from({ length: 2_500 }, (_, n) => ({ ...keys[n % keys.length]!, id: `k${n}` }));
    for (const last of [new Map(), pieces]) {
      const text = patchedKeysText(many, last);
      expect(text.pieces.map((piece) => piece instanceof LazyPiece)).toEqual([true, true, true]);
      expect(textOfChunks(jsonChunks({ keys: text }))).toBe(JSON.stringify({ keys: many.map(keyRow) }));
    }
  });

  it('works its pieces out when first read, once: a burst of patches is walked once, at its write', () => {
    let walked = 0;
    const counted = new Map(pieces);
    const values = counted.values.bind(counted);
    counted.values = () => {
      walked += 1;
      return values();
    };
    const text = patchedKeysText(patches['a key gone']!, counted);
    expect(walked).toBe(0);
    const read = text.pieces;
    expect(text.pieces).toBe(read);
    expect(walked).toBe(1);
  });
});
