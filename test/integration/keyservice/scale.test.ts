import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyService, type KeyService } from '../../../keyservice/index.js';
import { SCALE_TOTALS } from '../../../keyservice/seed/scale.js';
import { call, secretOf, type DeviceBody, type KeyBody, type Page, type UserBody } from './helpers.js';

/** The service clock, stood still: the seed's dates are relative to it, so the checks below do not race the real one. */
const SEEDED_AT = new Date('2026-11-26T12:00:00.000Z');

describe('keyservice scale seed', () => {
  let service: KeyService;
  beforeAll(async () => {
    // How fast it seeds is a benchmark's question (bench/), not a test's.
    service = await startKeyService({ seed: 'scale', now: () => new Date(SEEDED_AT) });
  });
  afterAll(async () => {
    await service.close();
  });

  it('seeds 5,000 users, 1,000 devices and 25,000 keys (3,000 legacy)', async () => {
    const admin = secretOf(service.keys?.admin ?? '');
    const keys: KeyBody[] = [];
    const counts = { users: 0, devices: 0 };
    for (const kind of ['users', 'devices'] as const) {
      let after: string | null = null;
      for (;;) {
        const path: string = `/api/${kind}?join_keys=true&limit=1000${after ? `&after_id=${encodeURIComponent(after)}` : ''}`;
        const page = await call<Page<UserBody | DeviceBody>>(service.baseUrl, 'GET', path, {
          secret: admin,
          headers: { 'X-Accept-Feature': 'pagination' },
        });
        expect(page.status).toBe(200);
        counts[kind] += page.body.count;
        for (const owner of page.body.results) {
          expect(owner.api_keys?.length ?? 0).toBeLessThanOrEqual(5);
          keys.push(...(owner.api_keys ?? []));
        }
        if (page.body.count < 1000) break;
        after = page.body.results[page.body.results.length - 1]?._id ?? null;
      }
    }
    expect(counts).toEqual({ users: SCALE_TOTALS.users, devices: SCALE_TOTALS.devices });
    expect(keys).toHaveLength(SCALE_TOTALS.keys);
    expect(keys.filter((key) => key.expires_at === null)).toHaveLength(SCALE_TOTALS.legacyKeys);
    const expiries = keys.flatMap((key) => (key.expires_at ? [Date.parse(key.expires_at) - SEEDED_AT.getTime()] : []));
    expect(expiries.some((ms) => ms < -300 * 86_400_000)).toBe(true);
    expect(expiries.some((ms) => ms > 300 * 86_400_000)).toBe(true);
    for (const name of ['admin', 'user', 'legacy', 'disabledUser'] as const) {
      const status = await call(service.baseUrl, 'GET', '/api/auth/status', { secret: secretOf(service.keys?.[name] ?? '') });
      expect(status.status, name).toBe(name === 'disabledUser' ? 402 : 200);
    }
  });
});
