import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyHeapPolicy, HEAP_POLICY_FLAGS } from '../../../electron/heap-policy.js';

describe('main heap policy', () => {
  it('sets each of its flags: allocation-site pretenuring off, the old generation grown by half at most', () => {
    const set: string[] = [];
    applyHeapPolicy((flag) => set.push(flag));
    expect(set).toEqual(HEAP_POLICY_FLAGS);
    expect(set).toContain('--no-allocation-site-pretenuring');
    expect(set).toContain('--heap-growing-percent=50');
  });

  it("names only flags this runtime's V8 has (an unknown one would be ignored without a word)", () => {
    // Its effect is measured by the benchmark (promoted bytes per refresh), not here: it depends on the collector's
    // timing, which a loaded test machine changes.
    const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    for (const flag of HEAP_POLICY_FLAGS) {
      const name = flag.replace(/^--(no-)?/, '').replace(/=.*$/, '');
      expect(known, flag).toContain(`--${name} `);
    }
  });
});
