/**
 * Rules that hold per site when the app knows two: a crash's journal intents are settled only against their own
 * site (security.md E3), and a confirmation main issued while one site was active is refused on the other (C6).
 * Both demo sites have the same device and key ids (the seed is deterministic), so an id alone cannot tell them
 * apart: only the site can.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/ports.js';
import { Journal } from '../../../electron/services/journal.js';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS } from '../../../keyservice/seed/demo.js';
import type { AuditEntry, SiteSummary } from '../../../shared/ipc-contract.js';
import { createMainHarness, type MainHarness } from '../../support/main-harness.js';
import {
  adminKeyString,
  confirm,
  connectAdmin,
  failCode,
  inDays,
  journalEntries,
  journalFile,
  ok,
  refresh,
  settle,
  siteCall,
  siteDevice,
  startDemoSite,
} from './support.js';

const DEVICE = DEMO_DEVICE_IDS.cliNoKeys;

interface Site {
  readonly service: KeyService;
  readonly id: string;
  readonly origin: string;
}

const services: KeyService[] = [];
const harnesses: MainHarness[] = [];

afterEach(async () => {
  for (const harness of harnesses.splice(0)) harness.cleanup();
  for (const service of services.splice(0)) await service.close();
});

/** One app connected to two demo sites, A then B (so B is active), each refreshed once. */
async function appWithTwoSites(): Promise<{ app: MainHarness; a: Site; b: Site }> {
  const serviceA = await startDemoSite();
  services.push(serviceA);
  const serviceB = await startDemoSite();
  services.push(serviceB);
  const { harness: app, siteId: idA } = await connectAdmin(serviceA);
  harnesses.push(app);
  await refresh(app);
  const summaryB = await ok<SiteSummary>(app, 'sites.connect', { keyString: adminKeyString(serviceB), name: 'Demo B' });
  await app.services.notifications.settled();
  await refresh(app);
  await settle(app);
  const origins = await ok<{ sites: SiteSummary[]; activeId: string | null }>(app, 'sites.state');
  expect(origins.activeId).toBe(summaryB.id);
  const originA = origins.sites.find((site) => site.id === idA)?.origin ?? '';
  expect(idA).not.toBe(summaryB.id);
  return {
    app,
    a: { service: serviceA, id: idA, origin: originA },
    b: { service: serviceB, id: summaryB.id, origin: summaryB.origin },
  };
}

async function createOnSite(service: KeyService, label: string): Promise<string> {
  const answer = await siteCall<{ _id: string }>(service, 'POST', `/devices/${DEVICE}/key`, {
    body: { label, expires_at: inDays(30) },
  });
  expect(answer.status).toBe(200);
  return answer.body._id;
}

function pendingSites(harness: MainHarness): string[] {
  return (journalEntries(harness) as Array<{ siteId: string }>).map((entry) => entry.siteId).sort();
}

function createAudits(audit: readonly AuditEntry[]): AuditEntry[] {
  return audit.filter((entry) => entry.action === 'create-key');
}

describe('a journal reconciliation with two sites', () => {
  it.each([
    ['A', 'B'],
    ['B', 'A'],
  ] as const)(
    "settles only the active site's intents: with %s active, the intents of %s wait for their own site",
    async (first, second) => {
      const { app, a, b } = await appWithTwoSites();
      const sites = { A: a, B: b };
      // A crash left one create intent per site, and each site made its key before the answer was lost.
      const journal = new Journal(journalFile(app), systemClock);
      const made: Record<'A' | 'B', string> = { A: '', B: '' };
      for (const name of ['A', 'B'] as const) {
        journal.begin({
          siteId: sites[name].id,
          operation: 'create-key',
          ownerType: 'device',
          ownerId: DEVICE,
          label: `Made on ${name}`,
          keyId: null,
          knownKeyIds: [],
        });
        made[name] = await createOnSite(sites[name].service, `Made on ${name}`);
      }

      const restarted = createMainHarness({ dataDir: app.dataDir });
      await ok(restarted, 'sites.activate', { id: sites[first].id });
      // Asked to reconcile the site that is not active, it does nothing: it would ask the active site's client.
      await restarted.services.keys.reconcile(sites[second].id);
      expect(pendingSites(restarted)).toEqual([a.id, b.id].sort());
      await refresh(restarted);
      // The active site's intent is settled from its own data; the other site's stays, untouched.
      expect(pendingSites(restarted)).toEqual([sites[second].id]);
      const afterFirst = createAudits(await ok<AuditEntry[]>(restarted, 'audit.list', {}));
      expect(afterFirst).toEqual([
        expect.objectContaining({ site: sites[first].origin, keyId: made[first], outcome: 'reconciled' }),
      ]);

      await ok(restarted, 'sites.activate', { id: sites[second].id });
      await refresh(restarted);
      expect(pendingSites(restarted)).toEqual([]);
      const afterSecond = createAudits(await ok<AuditEntry[]>(restarted, 'audit.list', {}));
      expect(afterSecond).toHaveLength(2);
      expect(afterSecond).toContainEqual(
        expect.objectContaining({ site: sites[second].origin, keyId: made[second], outcome: 'reconciled' }),
      );
      // Each site holds exactly its own key: nothing was settled (or made) on the wrong one.
      for (const name of ['A', 'B'] as const) {
        expect((await siteDevice(sites[name].service, DEVICE))?.api_keys?.map((key) => key._id)).toEqual([made[name]]);
      }
    },
  );
});

describe('a confirmation spent on another site', () => {
  it.each([
    ['A', 'B'],
    ['B', 'A'],
  ] as const)('a confirmation issued while %s is active is refused on %s, and nothing is revoked', async (issuedOn, spentOn) => {
    const { app, a, b } = await appWithTwoSites();
    const sites = { A: a, B: b };
    const owner = { type: 'device', id: DEMO_DEVICE_IDS.reaperOk } as const;
    const keyOf = async (name: 'A' | 'B') =>
      (await siteDevice(sites[name].service, owner.id))?.api_keys?.map((key) => key._id) ?? [];
    const keyId = (await keyOf(spentOn))[0] ?? '';
    // The same key id is on both sites: the confirmation names exactly the key that is revoked below.
    expect(await keyOf(issuedOn)).toContain(keyId);

    await ok(app, 'sites.activate', { id: sites[issuedOn].id });
    const confirmation = await confirm(app, 'revoke-key', [keyId]);
    await ok(app, 'sites.activate', { id: sites[spentOn].id });
    expect(await failCode(app, 'keys.revoke', { owner, keyId, confirmationId: confirmation.id })).toBe('confirmation-required');
    expect(await keyOf(spentOn)).toContain(keyId);
    expect(await keyOf(issuedOn)).toContain(keyId);

    // A confirmation issued on the active site itself works: the refusal above was for the site alone.
    const own = await confirm(app, 'revoke-key', [keyId]);
    await ok(app, 'keys.revoke', { owner, keyId, confirmationId: own.id });
    expect(await keyOf(spentOn)).not.toContain(keyId);
    expect(await keyOf(issuedOn)).toContain(keyId);
  });
});
