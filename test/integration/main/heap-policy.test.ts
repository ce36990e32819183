import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyHeapPolicy, HEAP_POLICY_FLAGS } from '../../../electron/heap-policy.js';

const probe = fileURLToPath(new URL('../../fixtures/heap/pretenure-probe.ts', import.meta.url));
const promotedBy = (...args: string[]): number =>
  (JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', probe, ...args], { encoding: 'utf8' })) as { promoted: number })
    .promoted;

describe('main heap policy', () => {
  it('sets each of its flags', () => {
    const set: string[] = [];
    applyHeapPolicy((flag) => set.push(flag));
    expect(set).toEqual(HEAP_POLICY_FLAGS);
    expect(set).toContain('--no-allocation-site-pretenuring');
  });

  it('keeps short-lived objects young where their place once made long-lived ones', () => {
    // Counted in bytes moved by young collections, in two fresh processes: with V8's default, the place is
    // pretenured after the first phase and the dropped objects fill the old space; with the policy they die young.
    const withDefault = promotedBy();
    const withPolicy = promotedBy('policy');
    expect(withPolicy).toBeLessThan(withDefault / 3);
  }, 60_000);
});
