/**
 * Main's V8 heap policy, applied by the composition root before any service allocates, so every host (the
 * Electron main process, the web host, the readiness check, the benchmark) runs under the same one.
 *
 * Allocation-site pretenuring is off. V8 watches where objects are made, and once most objects of one place
 * survive a young collection it makes that place's later objects directly in the old space. A first refresh
 * does exactly that: every key record and every parsed page it makes is kept. From then on each refresh's
 * short-lived copies (the parsed pages, the fresh records that equal the last snapshot's) went straight to the
 * old space as garbage, about 58 MiB per refresh of a 250,000-key site, which only a full collection frees: young
 * collections cost twice as much and the heap grew refresh after refresh (issue 12's profile). Without
 * pretenuring they die young.
 *
 * The old generation may grow by half of what a full collection left before the next one starts. By default V8
 * lets it grow to several times that when collections are cheap: at 10x the scale site, from about 150 MB live to
 * 500 MB and more, refresh after refresh. At half, a 10x refresh's peak fell from about 5x to 3.5x the inventory's
 * JSON for about 0.1x more CPU (npm run bench; a quarter cost 0.3x for 3.2x).
 */
import v8 from 'node:v8';

export const HEAP_POLICY_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring', '--heap-growing-percent=50'];

/** Sets the flags once per process; V8 reads these at each collection, so setting them at start-up takes effect. */
export function applyHeapPolicy(setFlags: (flag: string) => void = v8.setFlagsFromString): void {
  for (const flag of HEAP_POLICY_FLAGS) setFlags(flag);
}
