/**
 * A hand tick or untick changes only its key's entry: the view made again from the last one (withEntriesRebuilt)
 * is the view a whole build gives, on a seeded site of 240 legacy keys in every phase, some gone, on a known and
 * an unknown release; and a change other than ticks is never taken for one (tickedSince).
 */
import { describe, expect, it } from 'vitest';
import {
  TICKABLE_STEPS,
  buildMigration,
  emptyMigrationState,
  tickedSince,
  trackLegacyKeys,
  withEntriesRebuilt,
  withTick,
  type MigrationInput,
  type MigrationState,
  type TickableStep,
} from '../../../shared/migration.js';
import { TrackedKeys } from '../../../shared/tracked-keys.js';
import { DAY_MS } from '../../../shared/time.js';
import { NOW, legacySite, seeded } from '../../support/legacy-site.js';

const SITE = { name: 'Large', origin: 'https://large.example.org', keyKind: 'enhanced', userId: 'user-1@example.org' } as const;

function inputOf(release: string | null): MigrationInput {
  const { inventory, gone } = legacySite();
  const seen = trackLegacyKeys(emptyMigrationState(), inventory, new Date(NOW.getTime() - 10 * DAY_MS));
  const state = trackLegacyKeys(seen, gone, NOW);
  return { inventory: gone, site: { ...SITE, release }, state, now: NOW };
}

const tick = (n: number) => ({ note: `Checked on the device (${n}).`, time: NOW.toISOString(), actor: SITE.userId });

/** Every (key, step) the view offers to tick, in the view's order. */
function tickable(input: MigrationInput): Array<[string, TickableStep]> {
  const view = buildMigration(input);
  return [...view.keys, ...view.deleted].flatMap((entry) =>
    entry.steps.filter((step) => step.tickable).map((step) => [entry.keyId, step.step as TickableStep] as [string, TickableStep]),
  );
}

describe.each([
  ['a known release', '18.4.0'],
  ['an unknown release', null],
])('ticks on %s', (_name, release) => {
  it('each tick and untick, one after another, gives the view a whole build gives', () => {
    const random = seeded(11);
    const base = inputOf(release);
    const offered = tickable(base);
    expect(offered.length).toBeGreaterThan(20);
    let state: MigrationState = base.state;
    let view = buildMigration(base);
    let changedEntries = 0;
    const ticked: Array<[string, TickableStep]> = [];
    for (let round = 0; round < 40; round += 1) {
      const untick = ticked.length > 0 && random.next() < 0.35;
      const [keyId, step] = untick ? ticked.splice(random.int(ticked.length), 1)[0]! : offered[random.int(offered.length)]!;
      if (!untick) ticked.push([keyId, step]);
      const next = withTick(state, keyId, step, untick ? null : tick(round));
      const keys = tickedSince(state, next);
      expect(keys).toEqual(new Set([keyId]));
      const input = { ...base, state: next };
      const rebuilt = withEntriesRebuilt(view, input, keys!);
      const whole = buildMigration(input);
      expect(rebuilt).toEqual(whole);
      // Not a vacuous equality: the tick did change its entry.
      const entry = (v: typeof view) => [...v.keys, ...v.deleted].find((candidate) => candidate.keyId === keyId);
      if (JSON.stringify(entry(view)) !== JSON.stringify(entry(whole))) changedEntries += 1;
      state = next;
      view = rebuilt;
    }
    expect(changedEntries).toBeGreaterThan(30);
  });

  it('several keys ticked at once are all made again', () => {
    const base = inputOf(release);
    const offered = tickable(base).filter((_, at) => at % 7 === 0);
    let state = base.state;
    offered.forEach(([keyId, step], n) => (state = withTick(state, keyId, step, tick(n))));
    const input = { ...base, state };
    const keys = tickedSince(base.state, state);
    expect(keys?.size).toBe(new Set(offered.map(([keyId]) => keyId)).size);
    expect(withEntriesRebuilt(buildMigration(base), input, keys!)).toEqual(buildMigration(input));
  });
});

describe('tickedSince', () => {
  const base = inputOf('18.4.0').state;
  const ticked = withTick(base, 'legacy-001', 2, tick(1));

  it('no change: no key', () => {
    expect(tickedSince(base, base)).toEqual(new Set());
  });

  it('a setting, the tracked keys or the record about other users are not ticks', () => {
    expect(tickedSince(base, { ...ticked, settings: { ...base.settings, quietDays: 20 } })).toBeNull();
    expect(tickedSince(base, { ...ticked, tracked: TrackedKeys.of(base.tracked.toJSON()) })).toBeNull();
    expect(tickedSince(base, { ...ticked, userKeysChecked: tick(2) })).toBeNull();
  });

  it('a tick taken back is a change of its key, as is a new one', () => {
    expect(tickedSince(ticked, base)).toEqual(new Set(['legacy-001']));
    expect(tickedSince(ticked, withTick(ticked, 'legacy-004', 3, tick(3)))).toEqual(new Set(['legacy-004']));
  });

  it('every tickable step is offered somewhere on the seeded site', () => {
    const steps = new Set(tickable(inputOf(null)).map(([, step]) => step));
    expect([...steps].sort()).toEqual([...TICKABLE_STEPS]);
  });
});
