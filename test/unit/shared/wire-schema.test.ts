import { describe, expect, it } from 'vitest';
import { apiKeyWire, deviceWire, pageWire, userWire } from '../../../shared/wire.schema.js';

const key = { _id: 'k1', label: 'Scanner', created: '2026-01-01T00:00:00Z', expires_at: null, last_used: null };

describe('the list items of the wire format', () => {
  it('accept fields a newer site adds, and keep only what the app reads', () => {
    const device = deviceWire.parse({
      _id: 'd1',
      label: 'MR 3T',
      new_field: { nested: true },
      api_keys: [{ ...key, scope: 'x' }],
    });
    expect(device).toEqual({ _id: 'd1', label: 'MR 3T', api_keys: [key] });
    const user = userWire.parse({ _id: 'u1', firstname: 'Ada', preferences: {}, api_keys: [key] });
    expect(user).toEqual({ _id: 'u1', firstname: 'Ada', api_keys: [key] });
    expect(pageWire(apiKeyWire).parse({ total: 1, count: 1, results: [key], next: 'x' })).toEqual({
      total: 1,
      count: 1,
      results: [key],
    });
  });

  it('refuse an item whose fields the app reads have the wrong type', () => {
    expect(apiKeyWire.safeParse({ ...key, _id: 5 }).success).toBe(false);
    expect(apiKeyWire.safeParse({ ...key, _id: '' }).success).toBe(false);
    expect(apiKeyWire.safeParse({ ...key, expires_at: 20270101 }).success).toBe(false);
    expect(deviceWire.safeParse({ _id: 'd1', disabled: 'no' }).success).toBe(false);
    expect(userWire.safeParse({ _id: 'u1', api_keys: [{ label: 'no id' }] }).success).toBe(false);
    expect(pageWire(userWire).safeParse({ results: 'none' }).success).toBe(false);
  });
});
