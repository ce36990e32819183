/**
 * Confirmations with fakes: the token main issued (single use, for exactly this site, action and ids, expiring) and
 * then the admin's yes through the Confirmer port, asked once per action with main's own text, after the token is
 * spent. A "no", a confirmer that throws, or a missing token: `confirmation-required`, audited, nothing else.
 */
import { describe, expect, it, vi } from 'vitest';
import type { AuditInput } from '../../../../electron/services/audit-log.js';
import {
  Confirmations,
  NOT_CONFIRMED_MESSAGE,
  type ConfirmRequest,
  type Confirmer,
} from '../../../../electron/services/confirmations.js';
import { pageConfirmer } from '../../../../electron/composition.js';
import { confirmationText } from '../../../../electron/services/confirmation-text.js';
import { AppFailure } from '../../../../electron/services/site-error.js';
import type { ConfirmedAction } from '../../../../shared/ipc-contract.js';
import type { Inventory, KeyRecord } from '../../../../shared/inventory.js';
import { testDevice } from '../../../support/records.js';

const SITE = 'demo';

function key(id: string, label: string, ownerId: string, ownerLabel: string): KeyRecord {
  return {
    id,
    label,
    kind: 'enhanced',
    ownerType: 'device',
    ownerId,
    ownerLabel,
    ownerDisabled: false,
    created: '2026-01-01T00:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    lastUsed: '2026-11-20T10:00:00.000Z',
    isAppKey: false,
  };
}

const inventory = {
  siteId: SITE,
  siteName: 'Demo',
  origin: 'https://demo.example.org',
  fetchedAt: '2026-11-26T09:30:00.000Z',
  devices: [testDevice({ id: 'dev-1', label: 'MR scanner 3' })],
  users: [
    {
      id: 'grace@example.org',
      name: 'Grace Hopper',
      email: null,
      disabled: false,
      isSiteAdmin: false,
      keysVisible: true,
      lastLogin: null,
    },
  ],
  keys: [key('k1', 'Nightly', 'dev-1', 'MR scanner 3'), key('k2', 'Spare', 'dev-1', 'MR scanner 3')],
  coverage: { deviceKeys: true, users: true, userKeys: 'all' },
} satisfies Inventory;

function setup(answer: boolean | (() => Promise<boolean>) = true) {
  let now = Date.parse('2026-11-26T10:00:00.000Z');
  const asked: ConfirmRequest[] = [];
  const confirmer: Confirmer = {
    confirm: (request) => {
      asked.push(request);
      return typeof answer === 'function' ? answer() : Promise.resolve(answer);
    },
  };
  const audited: AuditInput[] = [];
  const confirmations = new Confirmations({
    clock: { now: () => new Date(now) },
    confirmer,
    describe: (_siteId, action, targets) => confirmationText(action, targets, inventory),
    audit: { append: (entry) => (audited.push(entry), { ...entry, time: '' }) },
    siteOf: (siteId) => (siteId === SITE ? { origin: 'https://demo.example.org', userId: 'admin@example.org' } : undefined),
  });
  return { confirmations, asked, audited, advance: (ms: number) => (now += ms) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof AppFailure ? error.code : 'thrown';
  }
}

describe('Confirmations', () => {
  it("the token, then one question with main's text; a yes lets the action run", async () => {
    const { confirmations, asked, audited } = setup(true);
    const token = confirmations.request(SITE, 'revoke-key', ['k1', 'k2']);
    expect(token.title).toBe('Revoke 2 keys?');
    expect(asked).toEqual([]);
    await confirmations.consume(token.id, SITE, 'revoke-key', ['k2', 'k1']);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ title: 'Revoke 2 keys?', confirmLabel: 'Revoke 2 keys', destructive: true });
    expect(asked[0]!.lines.join('\n')).toContain('"Nightly" of device "MR scanner 3"');
    expect(asked[0]!.lines.join('\n')).toContain('"Spare" of device "MR scanner 3"');
    expect(audited).toEqual([]);
  });

  it('a "no" answers confirmation-required with "You did not confirm", audited as failed, and the token is spent', async () => {
    const { confirmations, audited } = setup(false);
    const token = confirmations.request(SITE, 'disable-device', ['dev-1']);
    const failure = await confirmations.consume(token.id, SITE, 'disable-device', ['dev-1']).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppFailure);
    expect(failure).toMatchObject({ code: 'confirmation-required', message: NOT_CONFIRMED_MESSAGE });
    expect(NOT_CONFIRMED_MESSAGE).toMatch(/^You did not confirm .*Nothing was changed\.$/);
    expect(audited).toEqual([
      expect.objectContaining({
        site: 'https://demo.example.org',
        actor: 'admin@example.org',
        action: 'disable-device',
        targetType: 'device',
        targetId: 'dev-1',
        outcome: 'failed',
        detail: expect.stringMatching(/^Not confirmed/),
      }),
    ]);
    expect(await codeOf(confirmations.consume(token.id, SITE, 'disable-device', ['dev-1']))).toBe('confirmation-required');
  });

  it('a confirmer that throws is a no', async () => {
    const { confirmations } = setup(() => Promise.reject(new Error('no display')));
    const token = confirmations.request(SITE, 'disable-user', ['grace@example.org']);
    expect(await codeOf(confirmations.consume(token.id, SITE, 'disable-user', ['grace@example.org']))).toBe(
      'confirmation-required',
    );
  });

  it('without a valid token the admin is never asked', async () => {
    const { confirmations, asked } = setup(true);
    const token = confirmations.request(SITE, 'revoke-key', ['k1']);
    const cases: [string | undefined, string, ConfirmedAction, string[]][] = [
      [undefined, SITE, 'revoke-key', ['k1']],
      ['A'.repeat(24), SITE, 'revoke-key', ['k1']],
      [token.id, 'other-site', 'revoke-key', ['k1']],
    ];
    for (const [id, site, action, targets] of cases) {
      expect(await codeOf(confirmations.consume(id, site, action, targets))).toBe('confirmation-required');
    }
    // The token was used up by the attempt on the other site.
    expect(await codeOf(confirmations.consume(token.id, SITE, 'revoke-key', ['k1']))).toBe('confirmation-required');
    for (const [action, targets] of [
      ['delete-device', ['k1']],
      ['revoke-key', ['k1', 'k2']],
      ['revoke-key', ['k2']],
    ] as const) {
      const fresh = confirmations.request(SITE, 'revoke-key', ['k1']);
      expect(await codeOf(confirmations.consume(fresh.id, SITE, action, [...targets]))).toBe('confirmation-required');
    }
    expect(asked).toEqual([]);
  });

  it('a token older than five minutes is refused before the admin is asked', async () => {
    const { confirmations, asked, advance } = setup(true);
    const token = confirmations.request(SITE, 'enable-device', ['dev-1']);
    advance(5 * 60 * 1000 + 1);
    expect(await codeOf(confirmations.consume(token.id, SITE, 'enable-device', ['dev-1']))).toBe('confirmation-required');
    expect(asked).toEqual([]);
  });

  it('a token spent while the admin is still being asked cannot be spent again', async () => {
    let answer: (yes: boolean) => void = () => undefined;
    const { confirmations, asked } = setup(() => new Promise((resolve) => (answer = resolve)));
    const token = confirmations.request(SITE, 'revoke-key', ['k1']);
    const first = confirmations.consume(token.id, SITE, 'revoke-key', ['k1']);
    expect(await codeOf(confirmations.consume(token.id, SITE, 'revoke-key', ['k1']))).toBe('confirmation-required');
    answer(true);
    await first;
    expect(asked).toHaveLength(1);
  });

  it('spend, then ask: the two steps apart (a device delete checks the typed label in between)', async () => {
    const { confirmations, asked } = setup(true);
    const token = confirmations.request(SITE, 'delete-device', ['dev-1']);
    confirmations.spend(token.id, SITE, 'delete-device', ['dev-1']);
    expect(asked).toEqual([]);
    expect(() => confirmations.spend(token.id, SITE, 'delete-device', ['dev-1'])).toThrow(AppFailure);
    await confirmations.ask(SITE, 'delete-device', ['dev-1']);
    expect(asked[0]).toMatchObject({ title: 'Delete device "MR scanner 3"?', confirmLabel: 'Delete device' });
  });

  it("says what disabling stops: the owner's keys and, for a device, its data; for a user, scripts and web login", async () => {
    const { confirmations, asked } = setup(true);
    for (const [action, target] of [
      ['disable-device', 'dev-1'],
      ['disable-user', 'grace@example.org'],
    ] as const) {
      const token = confirmations.request(SITE, action, [target]);
      await confirmations.consume(token.id, SITE, action, [target]);
    }
    const [device, user] = asked;
    expect(device).toMatchObject({ title: 'Disable device "MR scanner 3"?', confirmLabel: 'Disable device' });
    expect(device!.lines.join('\n')).toMatch(/Its 2 keys are rejected/);
    expect(device!.lines.join('\n')).toContain('"Nightly"');
    expect(device!.lines.join('\n')).toContain('stops sending data');
    expect(user).toMatchObject({ title: 'Disable user "Grace Hopper"?', confirmLabel: 'Disable user' });
    expect(user!.lines.join('\n')).toContain('They have no keys.');
    expect(user!.lines.join('\n')).toMatch(/scripts .* cannot log in to the web app/);
  });

  it("the web host's confirmer is the page itself: its own dialog was the yes", async () => {
    expect(await pageConfirmer.confirm({ title: 't', lines: [], confirmLabel: 'OK', destructive: true })).toBe(true);
  });

  it('asks nothing when the renderer only requests a token', () => {
    const confirm = vi.fn();
    const confirmations = new Confirmations({
      clock: { now: () => new Date() },
      confirmer: { confirm },
      describe: () => ({ title: 't', lines: [], typeToConfirm: null }),
      audit: { append: vi.fn() },
      siteOf: () => undefined,
    });
    confirmations.request(SITE, 'revoke-key', ['k1']);
    expect(confirm).not.toHaveBeenCalled();
  });
});
