/**
 * Lists that span several pages (limit + after_id) come back whole, every item exactly once: with a small page
 * size on a SiteClient over the real HTTP adapter, and through the app on the scale seed (250 per page).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSiteHttp } from '../../../electron/adapters/node-site-http.js';
import { systemClock, type HttpRequest, type SiteHttp } from '../../../electron/ports.js';
import { SiteClient } from '../../../electron/services/site-client.js';
import { startKeyService, type KeyService } from '../../../keyservice/index.js';
import { SCALE_TOTALS } from '../../../keyservice/seed/scale.js';
import { DEMO_DEVICE_IDS } from '../../../keyservice/seed/demo.js';
import { deviceWire, userWire } from '../../../shared/wire.schema.js';
import { ADMIN_CANARY_SECRET } from '../../support/canary.js';
import { connectAdmin, refresh, startDemoSite } from './support.js';

function countingClient(service: KeyService, pageSize: number): { client: SiteClient; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  const http = createNodeSiteHttp({ origin: service.baseUrl, socketTimeoutMs: 5_000, maxBodyBytes: 8 * 1024 * 1024 });
  const counting: SiteHttp = (request) => {
    requests.push(request);
    return http(request);
  };
  return { client: new SiteClient({ http: counting, secret: ADMIN_CANARY_SECRET, clock: systemClock, pageSize }), requests };
}

describe('paging on the demo seed with a small page size', () => {
  let service: KeyService;
  beforeAll(async () => {
    service = await startDemoSite();
  });
  afterAll(() => service.close());

  it('ten devices in pages of four: three pages, each device exactly once', async () => {
    const { client, requests } = countingClient(service, 4);
    const devices = await client.listAll('/devices', deviceWire, { query: { join_keys: true } });
    expect(requests).toHaveLength(3);
    expect(devices.map((d) => d._id).sort()).toEqual(Object.values(DEMO_DEVICE_IDS).sort());
    expect(requests.map((r) => r.query?.after_id)).toEqual([
      undefined,
      DEMO_DEVICE_IDS.importerLegacy,
      DEMO_DEVICE_IDS.connectorOk,
    ]);
  });

  it('thirteen users in pages of five: three pages, each user exactly once, keys joined', async () => {
    const { client, requests } = countingClient(service, 5);
    const users = await client.listAll('/users', userWire, { query: { join_keys: true } });
    expect(requests).toHaveLength(3);
    expect(users).toHaveLength(13);
    expect(new Set(users.map((u) => u._id)).size).toBe(13);
    expect(users.every((u) => Array.isArray(u.api_keys))).toBe(true);
  });

  it('a list that ends exactly on a page boundary: ten devices in pages of five', async () => {
    const { client, requests } = countingClient(service, 5);
    const devices = await client.listAll('/devices', deviceWire);
    expect(devices).toHaveLength(10);
    expect(new Set(devices.map((d) => d._id)).size).toBe(10);
    expect(requests).toHaveLength(3);
  });
});

describe('paging through the app on the scale seed', () => {
  it(`inventory.refresh gets all ${SCALE_TOTALS.devices} devices, ${SCALE_TOTALS.users} users and ${SCALE_TOTALS.keys} keys`, async () => {
    const service = await startKeyService({ seed: 'scale', adminSecret: ADMIN_CANARY_SECRET });
    const { harness } = await connectAdmin(service);
    try {
      const inventory = (await refresh(harness)).inventory!;
      expect(inventory.devices).toHaveLength(SCALE_TOTALS.devices);
      expect(inventory.users).toHaveLength(SCALE_TOTALS.users);
      expect(inventory.keys).toHaveLength(SCALE_TOTALS.keys);
      expect(new Set(inventory.devices.map((d) => d.id)).size).toBe(SCALE_TOTALS.devices);
      expect(new Set(inventory.users.map((u) => u.id)).size).toBe(SCALE_TOTALS.users);
      expect(new Set(inventory.keys.map((k) => k.id)).size).toBe(SCALE_TOTALS.keys);
      expect(inventory.keys.filter((k) => k.kind === 'legacy')).toHaveLength(SCALE_TOTALS.legacyKeys);
    } finally {
      harness.cleanup();
      await service.close();
    }
  });
});
