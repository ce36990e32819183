/**
 * Disabling and enabling users through the dispatcher: a disabled user's keys answer 402 on the site, so disabling
 * needs a 'disable-user' confirmation saying what stops; enabling brings them back, so it needs an 'enable-user'
 * confirmation that lists them (security.md C6); the admin cannot disable their own account from the app.
 */
import { describe, expect, it } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_USER_IDS } from '../../../keyservice/seed/demo.js';
import type { UserRecord } from '../../../shared/inventory.js';
import type { MainHarness } from '../../support/main-harness.js';
import { actionAudit, confirm, eachTestOnConnectedDemoSite, failCode, load, ok, refresh, secretOf, siteCall } from './support.js';

let service: KeyService;
let harness: MainHarness;

eachTestOnConnectedDemoSite((site, app) => {
  service = site;
  harness = app;
});

async function graceKeyStatus(): Promise<number> {
  return (await siteCall(service, 'GET', '/users/self', { secret: secretOf(service.keys!.user) })).status;
}

async function disableUser(userId: string): Promise<UserRecord> {
  const confirmation = await confirm(harness, 'disable-user', [userId]);
  return ok<UserRecord>(harness, 'users.setDisabled', { userId, disabled: true, confirmationId: confirmation.id });
}

describe('users.setDisabled', () => {
  it("disabling a user makes that user's key answer 402", async () => {
    expect(await graceKeyStatus()).toBe(200);
    const user = await disableUser(DEMO_USER_IDS.user);
    expect(user).toMatchObject({ id: DEMO_USER_IDS.user, disabled: true });
    expect(await graceKeyStatus()).toBe(402);
    const inventory = (await load(harness)).inventory!;
    expect(inventory.users.find((u) => u.id === DEMO_USER_IDS.user)?.disabled).toBe(true);
    const keys = inventory.keys.filter((k) => k.ownerId === DEMO_USER_IDS.user);
    expect(keys.length).toBe(3); // two enhanced keys and a legacy key
    expect(keys.every((k) => k.ownerDisabled)).toBe(true);
  });

  it("disabling needs a 'disable-user' confirmation that says what stops; without one the user keeps working", async () => {
    expect(await failCode(harness, 'users.setDisabled', { userId: DEMO_USER_IDS.user, disabled: true })).toBe(
      'confirmation-required',
    );
    const wrong = await confirm(harness, 'enable-user', [DEMO_USER_IDS.user]);
    expect(
      await failCode(harness, 'users.setDisabled', { userId: DEMO_USER_IDS.user, disabled: true, confirmationId: wrong.id }),
    ).toBe('confirmation-required');
    const forOther = await confirm(harness, 'disable-user', [DEMO_USER_IDS.disabled]);
    expect(
      await failCode(harness, 'users.setDisabled', { userId: DEMO_USER_IDS.user, disabled: true, confirmationId: forOther.id }),
    ).toBe('confirmation-required');
    expect(await graceKeyStatus()).toBe(200);
    expect((await load(harness)).inventory!.users.find((u) => u.id === DEMO_USER_IDS.user)?.disabled).toBe(false);

    const confirmation = await confirm(harness, 'disable-user', [DEMO_USER_IDS.user]);
    expect(confirmation.title).toBe('Disable user "Grace Hopper"?');
    const text = confirmation.lines.join('\n');
    expect(text).toContain('Their 3 keys are rejected by the site from then on:');
    expect(text).toContain('Analysis laptop');
    expect(text).toMatch(/scripts and tools stop working, and they cannot log in to the web app/);
  });

  it("enabling needs an 'enable-user' confirmation whose lines list the user's keys", async () => {
    await disableUser(DEMO_USER_IDS.user);
    expect(await failCode(harness, 'users.setDisabled', { userId: DEMO_USER_IDS.user, disabled: false })).toBe(
      'confirmation-required',
    );
    const wrong = await confirm(harness, 'enable-device', [DEMO_USER_IDS.user]);
    expect(
      await failCode(harness, 'users.setDisabled', { userId: DEMO_USER_IDS.user, disabled: false, confirmationId: wrong.id }),
    ).toBe('confirmation-required');
    expect(await graceKeyStatus()).toBe(402);

    const confirmation = await confirm(harness, 'enable-user', [DEMO_USER_IDS.user]);
    const text = confirmation.lines.join('\n');
    expect(text).toContain('Analysis laptop');
    expect(text).toContain('Old laptop');
    expect(confirmation.title).toContain('Grace Hopper');
    const user = await ok<UserRecord>(harness, 'users.setDisabled', {
      userId: DEMO_USER_IDS.user,
      disabled: false,
      confirmationId: confirmation.id,
    });
    expect(user.disabled).toBe(false);
    expect(await graceKeyStatus()).toBe(200);
  });

  it("enables the seed's disabled user with a confirmation, and the key answers again", async () => {
    const disabledKey = secretOf(service.keys!.disabledUser);
    expect((await siteCall(service, 'GET', '/users/self', { secret: disabledKey })).status).toBe(402);
    const confirmation = await confirm(harness, 'enable-user', [DEMO_USER_IDS.disabled]);
    expect(confirmation.lines.join('\n')).toContain('Pipeline');
    await ok(harness, 'users.setDisabled', { userId: DEMO_USER_IDS.disabled, disabled: false, confirmationId: confirmation.id });
    expect((await siteCall(service, 'GET', '/users/self', { secret: disabledKey })).status).toBe(200);
  });

  it('disabling yourself is refused, and the site is not asked', async () => {
    expect(await failCode(harness, 'users.setDisabled', { userId: DEMO_USER_IDS.admin, disabled: true })).toBe('validation');
    expect((await refresh(harness)).inventory?.users.find((u) => u.id === DEMO_USER_IDS.admin)?.disabled).toBe(false);
    expect(await actionAudit(harness)).toEqual([]);
  });

  it('a user the site does not know: not-found', async () => {
    const confirmation = await confirm(harness, 'disable-user', ['nobody@example.org']);
    expect(
      await failCode(harness, 'users.setDisabled', {
        userId: 'nobody@example.org',
        disabled: true,
        confirmationId: confirmation.id,
      }),
    ).toBe('not-found');
  });
});
