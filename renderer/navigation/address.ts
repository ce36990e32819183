/**
 * A page's address (issue 10, "Pages have addresses"): the page and its parameters in `location.hash`, so that the
 * back and forward buttons, a reload and a notification's click land on the right page and item. Pure: a page in,
 * an address out, and back. A hash route is enough for one window on its own page (no router dependency); the
 * Electron window only ever shows its own index.html, and a hash change is an in-page navigation there.
 *
 *   #/overview                         #/inventory?status=expired
 *   #/devices                          #/inventory?keys=k1,k2,k3
 *   #/devices/<deviceId>?key=<keyId>   #/users/<userId>?key=<keyId>
 *   #/my-keys?key=<keyId>              #/legacy?key=<keyId>
 *   #/notifications  #/audit  #/sites
 *   #/inventory?keys=k1,k2&day=2027-01-14   (the keys that expire on that day: an overview's collision or chart bar)
 *
 * A long list of keys (a summary notification, a busy expiry day) does not go into the address: it says only how
 * many (`#/inventory?held=250`) and the list is kept in the history entry's state, which the browser keeps across
 * back, forward and reload.
 */
import { KEY_STATUSES, type KeyStatus } from '../../shared/key-status.js';
import { UTC_DAY } from './chosen-keys.js';
import type { PageId, PageParams } from './navigation.js';

/** A page with its parameters: where the app is. */
export interface Place {
  readonly page: PageId;
  readonly params: PageParams;
}

/** The address of each page (the Connect page is "Sites" in the navigation, and so in its address). */
const SLUGS: Readonly<Record<PageId, string>> = {
  overview: 'overview',
  inventory: 'inventory',
  devices: 'devices',
  users: 'users',
  'my-keys': 'my-keys',
  legacy: 'legacy',
  notifications: 'notifications',
  audit: 'audit',
  connect: 'sites',
};
const PAGE_OF_SLUG = new Map<string, PageId>(Object.entries(SLUGS).map(([page, slug]) => [slug, page as PageId]));

/** Beyond this many characters of key ids, the list is kept in the history entry instead of the address. */
export const MAX_KEY_IDS_IN_ADDRESS = 1500;
/** Longer than any id the site gives (ids, user ids that are e-mail addresses): a longer one is not an address of ours. */
const MAX_ID_LENGTH = 320;

const encode = (value: string) => encodeURIComponent(value);

function keyIdsText(keyIds: readonly string[]): string {
  return keyIds.map(encode).join(',');
}

/** Whether an address can hold this list of keys (otherwise the history entry holds it). */
export function keyIdsFitAddress(keyIds: readonly string[]): boolean {
  return keyIdsText(keyIds).length <= MAX_KEY_IDS_IN_ADDRESS;
}

/**
 * The address of a page with its parameters, as a hash (`#/devices/dev-1?key=k1`). Only the parameters the page
 * reads go into it, in a fixed order, so one place has one address.
 */
export function addressOf(page: PageId, params: PageParams = {}): string {
  let path = `#/${SLUGS[page]}`;
  const query: string[] = [];
  switch (page) {
    case 'inventory':
      if (params.status) query.push(`status=${encode(params.status)}`);
      if (params.keyIds) {
        query.push(keyIdsFitAddress(params.keyIds) ? `keys=${keyIdsText(params.keyIds)}` : `held=${params.keyIds.length}`);
        // Where the keys came from travels with them, so a reload or back still says it.
        if (params.keysExpiringOn) query.push(`day=${encode(params.keysExpiringOn)}`);
      }
      break;
    case 'devices':
      if (params.deviceId) {
        path += `/${encode(params.deviceId)}`;
        if (params.keyId) query.push(`key=${encode(params.keyId)}`);
      }
      break;
    case 'users':
      if (params.userId) {
        path += `/${encode(params.userId)}`;
        if (params.keyId) query.push(`key=${encode(params.keyId)}`);
      }
      break;
    case 'my-keys':
    case 'legacy':
      if (params.keyId) query.push(`key=${encode(params.keyId)}`);
      break;
    default:
      break;
  }
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}

function decodeId(text: string): string | null {
  let value: string;
  try {
    value = decodeURIComponent(text);
  } catch {
    return null;
  }
  return value.length > 0 && value.length <= MAX_ID_LENGTH ? value : null;
}

/** The query's name=value pairs; null when one is malformed or repeated. */
function queryOf(text: string | undefined): Map<string, string> | null {
  const pairs = new Map<string, string>();
  if (text === undefined || text === '') return pairs;
  for (const part of text.split('&')) {
    const at = part.indexOf('=');
    if (at <= 0) return null;
    const name = part.slice(0, at);
    if (pairs.has(name)) return null;
    pairs.set(name, part.slice(at + 1));
  }
  return pairs;
}

function isKeyStatus(value: string): value is KeyStatus {
  return (KEY_STATUSES as readonly string[]).includes(value);
}

/**
 * Where an address leads, or null when it is not one of the app's addresses (an unknown page, a malformed or
 * unexpected parameter): the app then opens on its start page. `held` keys come back as `heldKeys`, their count:
 * the list itself is in the history entry.
 */
export function parseAddress(hash: string): (Place & { readonly heldKeys?: number }) | null {
  const match = /^#\/([^/?]+)(?:\/([^/?]+))?(?:\?(.*))?$/.exec(hash);
  if (!match) return null;
  const [, slug = '', idText, queryText] = match;
  const page = PAGE_OF_SLUG.get(slug);
  const query = queryOf(queryText);
  if (!page || !query) return null;
  const id = idText === undefined ? undefined : decodeId(idText);
  if (id === null) return null;
  const take = (name: string): string | undefined => {
    const value = query.get(name);
    query.delete(name);
    return value;
  };

  let params: PageParams = {};
  let heldKeys: number | undefined;
  switch (page) {
    case 'inventory': {
      if (id !== undefined) return null;
      const status = take('status');
      const keys = take('keys');
      const held = take('held');
      const day = take('day');
      if (status !== undefined) {
        if (!isKeyStatus(status)) return null;
        params = { ...params, status };
      }
      if (keys !== undefined && held !== undefined) return null;
      if (keys !== undefined) {
        const keyIds = keys.split(',').map(decodeId);
        if (keyIds.some((keyId) => keyId === null)) return null;
        params = { ...params, keyIds: keyIds as string[] };
      }
      if (held !== undefined) {
        if (!/^[1-9]\d{0,6}$/.test(held)) return null;
        heldKeys = Number(held);
      }
      // A day says where a list of keys came from: never on its own.
      if (day !== undefined) {
        if ((keys === undefined && held === undefined) || !UTC_DAY.test(day)) return null;
        params = { ...params, keysExpiringOn: day };
      }
      break;
    }
    case 'devices':
    case 'users':
    case 'my-keys':
    case 'legacy': {
      const ownerPage = page === 'devices' || page === 'users';
      if (id !== undefined && !ownerPage) return null;
      const keyText = take('key');
      // A key is highlighted in its owner's keys: on Devices and Users, only with the owner.
      if (keyText !== undefined && ownerPage && id === undefined) return null;
      const keyId = keyText === undefined ? undefined : decodeId(keyText);
      if (keyId === null) return null;
      if (id !== undefined) params = page === 'devices' ? { deviceId: id } : { userId: id };
      if (keyId !== undefined) params = { ...params, keyId };
      break;
    }
    default:
      if (id !== undefined) return null;
      break;
  }
  if (query.size > 0) return null;
  return heldKeys === undefined ? { page, params } : { page, params, heldKeys };
}
