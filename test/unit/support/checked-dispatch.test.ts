/**
 * The integration harness checks every ok answer against the contract's output schema (test/support/main-harness.ts),
 * so a handler answering the wrong shape fails the test that dispatched it. These are the checks of that check.
 */
import { describe, expect, it } from 'vitest';
import type { Dispatch } from '../../../electron/ipc/dispatcher.js';
import type { AuditEntry } from '../../../shared/ipc-contract.js';
import { fail, ok } from '../../../shared/result.js';
import { checkedDispatch } from '../../support/main-harness.js';

const ENTRY: AuditEntry = {
  time: '2026-11-26T12:00:00.000Z',
  site: 'https://flywheel.example.org',
  actor: 'ada.lovelace@example.org',
  action: 'revoke-key',
  targetType: 'device',
  targetId: 'd1',
  targetLabel: 'MRI Reaper / Primary',
  keyId: 'k1',
  outcome: 'ok',
  detail: 'Revoked.',
};

/** A dispatch that answers `value` as ok on every channel. */
function answering(value: unknown): Dispatch {
  return async () => ok(value);
}

describe('checkedDispatch', () => {
  it('passes an answer of the right shape through unchanged', async () => {
    const answer = { expiringWithinDays: 30, idleAfterDays: 90 };
    expect(await checkedDispatch(answering(answer))('preferences.get', undefined)).toEqual(ok(answer));
    expect(await checkedDispatch(answering([ENTRY]))('audit.list', {})).toEqual(ok([ENTRY]));
    // A field left undefined does not cross IPC: it is not an unknown field.
    const withUndefined = [{ ...ENTRY, extra: undefined }];
    expect(await checkedDispatch(answering(withUndefined))('audit.list', {})).toEqual(ok(withUndefined));
  });

  it('throws on an ok answer of the wrong shape, naming the channel and the field', async () => {
    await expect(
      checkedDispatch(answering({ expiringWithinDays: '30', idleAfterDays: 90 }))('preferences.get', undefined),
    ).rejects.toThrow(/preferences\.get.*expiringWithinDays/);
    await expect(checkedDispatch(answering([{ ...ENTRY, outcome: 'done' }]))('audit.list', {})).rejects.toThrow(
      /audit\.list.*0\.outcome/,
    );
    await expect(checkedDispatch(answering(undefined))('keys.revoke', {})).rejects.toThrow(/keys\.revoke/);
  });

  it('throws on a field the output schema does not list, however deep (the schema would strip it silently)', async () => {
    await expect(
      checkedDispatch(answering({ expiringWithinDays: 30, idleAfterDays: 90, secret: 'x' }))('preferences.get', undefined),
    ).rejects.toThrow(/preferences\.get.*secret/);
    await expect(checkedDispatch(answering([ENTRY, { ...ENTRY, key: 'x' }]))('audit.list', {})).rejects.toThrow(
      /audit\.list.*\[1\]\.key/,
    );
  });

  it('leaves failures alone: they are checked by the dispatcher itself', async () => {
    const refusal = fail('validation', 'The request was not valid and was not carried out.');
    expect(await checkedDispatch(async () => refusal)('no.such', {})).toBe(refusal);
    expect(await checkedDispatch(async () => refusal)('preferences.get', undefined)).toBe(refusal);
  });

  it('throws on an ok answer for a channel the contract does not have', async () => {
    await expect(checkedDispatch(answering({}))('no.such', {})).rejects.toThrow(/no\.such/);
  });
});
