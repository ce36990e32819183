/** Where each kind of notification target leads in the app. */
import { describe, expect, it } from 'vitest';
import { pageOfTarget } from '../../../renderer/pages/notifications/open-target.js';

describe('pageOfTarget', () => {
  it('leads to the owner with the key, the migration entry, or the inventory of the keys', () => {
    expect(pageOfTarget({ page: 'devices', deviceId: 'dev-1', keyId: 'k1' })).toEqual({
      page: 'devices',
      params: { deviceId: 'dev-1', keyId: 'k1' },
    });
    expect(pageOfTarget({ page: 'my-keys', keyId: 'k2' })).toEqual({ page: 'my-keys', params: { keyId: 'k2' } });
    expect(pageOfTarget({ page: 'users', userId: 'grace@example.org', keyId: 'k3' })).toEqual({
      page: 'users',
      params: { userId: 'grace@example.org', keyId: 'k3' },
    });
    expect(pageOfTarget({ page: 'legacy', keyId: 'k4' })).toEqual({ page: 'legacy', params: { keyId: 'k4' } });
    expect(pageOfTarget({ page: 'inventory', keyIds: ['a', 'b'] })).toEqual({
      page: 'inventory',
      params: { keyIds: ['a', 'b'] },
    });
  });
});
