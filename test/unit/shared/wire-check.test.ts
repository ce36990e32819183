/**
 * The in-place checks accept and refuse exactly what their zod schemas do: every field of a valid item replaced by
 * each value of a pool of kinds and bounds, nested keys likewise, both page shapes, and random combinations.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { isApiKeyWire, isDeviceWire, isUserWire, pageCheckOf } from '../../../shared/wire-check.js';
import { apiKeyWire, deviceWire, pageWire, userWire, versionWire } from '../../../shared/wire.schema.js';

const POOL: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'a'.repeat(64),
  'a'.repeat(65),
  'a'.repeat(256),
  'a'.repeat(257),
  'a'.repeat(4096),
  'a'.repeat(4097),
  0,
  -1.5,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  true,
  false,
  [],
  ['x'],
  [1],
  [{}],
  {},
  { type: 't', id: 'i' },
  { type: 't', id: '' },
  { type: 1, id: 'i' },
  // Not from JSON, but an array is no object to zod, whatever its properties.
  Object.assign([], { _id: 'k1', type: 't', id: 'i' }),
];

const KEY = {
  _id: 'k1',
  label: 'Scanner',
  type: 'device',
  origin: { type: 'device', id: 'd1' },
  created: '2026-01-01T00:00:00Z',
  expires_at: null,
  last_used: '2026-02-01T00:00:00Z',
  legacy: false,
};
const USER = {
  _id: 'u1',
  firstname: 'Ada',
  lastname: 'Lovelace',
  email: 'ada@example.org',
  roles: ['site_admin'],
  disabled: false,
  created: '2020-01-01',
  modified: '2020-01-02',
  lastlogin: null,
  api_keys: [KEY],
};
const DEVICE = {
  _id: 'd1',
  label: 'MR 3T',
  type: 'reaper',
  name: 'reaper-1',
  version: '1.0',
  interval: 60,
  last_seen: '2026-11-30T00:00:00Z',
  disabled: false,
  errors: ['x', 1],
  api_keys: [KEY, { _id: 'k2' }],
};

/** Every value with one field (one of `fields`, or a new one) set to each value of the pool. */
function* mutations(item: Record<string, unknown>): Generator<unknown> {
  for (const field of [...Object.keys(item), 'extra']) {
    for (const value of POOL) yield { ...item, [field]: value };
  }
  yield* POOL;
}

function agree(schema: z.ZodType, check: (value: unknown) => boolean, value: unknown): void {
  expect(check(value), JSON.stringify(value)?.slice(0, 200)).toBe(schema.safeParse(value).success);
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the in-place checks of list items', () => {
  const cases: Array<[string, z.ZodType, (value: unknown) => boolean, Record<string, unknown>]> = [
    ['key', apiKeyWire, isApiKeyWire, KEY],
    ['user', userWire, isUserWire, USER],
    ['device', deviceWire, isDeviceWire, DEVICE],
  ];

  for (const [name, schema, check, item] of cases) {
    it(`agree with the ${name} schema on every field set to every kind of value`, () => {
      agree(schema, check, item);
      for (const value of mutations(item)) agree(schema, check, value);
    });
  }

  it('agree on the keys inside users and devices, and on the key origin', () => {
    for (const key of mutations(KEY)) {
      agree(userWire, isUserWire, { ...USER, api_keys: [KEY, key] });
      agree(deviceWire, isDeviceWire, { ...DEVICE, api_keys: [key] });
    }
    for (const origin of mutations(KEY.origin)) agree(apiKeyWire, isApiKeyWire, { ...KEY, origin });
    for (const role of POOL) agree(userWire, isUserWire, { ...USER, roles: ['viewer', role] });
  });

  it('agree on random combinations of changed fields', () => {
    const next = random(12);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    for (const [, schema, check, item] of cases) {
      for (let round = 0; round < 2000; round += 1) {
        const value: Record<string, unknown> = { ...item };
        for (let changes = 1 + Math.floor(next() * 3); changes > 0; changes -= 1) {
          value[pick([...Object.keys(item), 'extra'])] = pick(POOL);
        }
        agree(schema, check, value);
      }
    }
  });

  it("agree with pageWire on both page shapes, the page's own fields included", () => {
    for (const [itemSchema, item] of [
      [userWire, USER],
      [deviceWire, DEVICE],
    ] as const) {
      const pageCheck = pageCheckOf(itemSchema)!;
      const pageSchema = pageWire(itemSchema);
      const pages: unknown[] = [
        [],
        [item, item],
        [item, { ...item, _id: '' }],
        { results: [item] },
        { total: 3, count: 1, results: [item] },
        { total: null, results: [item] },
        { total: Number.POSITIVE_INFINITY, results: [item] },
        { count: '1', results: [item] },
        { results: [item, 5] },
        { results: 'none' },
        { total: 1 },
        null,
        'page',
      ];
      for (const page of pages) {
        const checked = pageCheck(page);
        const parsed = pageSchema.safeParse(page);
        expect(checked !== null, JSON.stringify(page)).toBe(parsed.success);
        if (checked && parsed.success) {
          const data = parsed.data as unknown[] | { total?: number; results: unknown[] };
          expect(checked.total).toBe(Array.isArray(data) ? null : (data.total ?? null));
          expect(checked.items).toHaveLength(Array.isArray(data) ? data.length : data.results.length);
        }
      }
    }
  });

  it('have none for the schemas zod checks', () => {
    expect(pageCheckOf(versionWire)).toBeNull();
  });
});
