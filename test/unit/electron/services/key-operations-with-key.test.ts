/**
 * The snapshot patch after a key is made: the new key goes last, in place of any key of its id. Given the keys
 * stored before the site made it, only the keys stored since are searched; any other list is searched whole.
 */
import { describe, expect, it } from 'vitest';
import { withKey } from '../../../../electron/services/key-operations.service.js';
import type { KeyRecord } from '../../../../shared/inventory.js';

const key = (id: string, label = 'Key'): KeyRecord => ({
  id,
  label,
  kind: 'enhanced',
  ownerType: 'device',
  ownerId: 'dev-1',
  ownerLabel: 'Importer',
  ownerDisabled: false,
  created: null,
  expiresAt: null,
  lastUsed: null,
  isAppKey: false,
});

describe('withKey', () => {
  const before = Array.from({ length: 2000 }, (_, n) => key(`k-${n}`));
  const made = key('made', 'New');

  it('adds the key last, reading none of the keys stored before the site made it', () => {
    let reads = 0;
    const watched = before.map(
      (k) =>
        new Proxy(k, {
          get(target, property, receiver) {
            reads += 1;
            return Reflect.get(target, property, receiver) as unknown;
          },
        }),
    );
    const since = [...watched, key('other-action')];
    const patched = withKey(since, made, watched);
    expect(reads).toBe(0);
    expect(patched).toEqual([...before, key('other-action'), made]);
  });

  it('replaces a key of the same id stored since (another patch, a refresh)', () => {
    const adopted = key('made', 'Adopted');
    expect(withKey([...before, adopted, key('x')], made, before)).toEqual([...before, key('x'), made]);
    // A refresh since: nothing is shared, the whole list is searched.
    const refreshed = [...before.map((k) => ({ ...k })), adopted];
    expect(withKey(refreshed, made, before)).toEqual([...before, made]);
  });

  it('searches the whole list without the keys before', () => {
    expect(withKey([key('made', 'Old'), ...before], made)).toEqual([...before, made]);
  });
});
