import type { Reporter, TestCase, TestModule } from 'vitest/node';

/** Why a test was skipped: its `ctx.skip(note)`, else the name of the skipped suite around it, else its own name. */
function skipReason(test: TestCase): string {
  const result = test.result();
  if (result.state === 'skipped' && result.note) return result.note;
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) {
    if (parent.options.mode === 'skip') return parent.name;
  }
  return `${test.module.moduleId}: ${test.fullName}`;
}

/**
 * Ends every run with the plain line "N passed, N failed" (", N skipped" when any were skipped), after one line per
 * reason for skipping (e.g. the real-Electron tier where the Electron binary is missing), each printed once.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const reasons = new Set<string>();
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failedHere += 1;
        else {
          skipped += 1;
          reasons.add(skipReason(test));
        }
      }
      // A file that failed outside its tests (an import or a hook) counts as one failure.
      if (module.state() === 'failed' && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    const skips = [...reasons].map((reason) => `Skipped: ${reason}\n`).join('');
    process.stdout.write(`\n${skips}${passed} passed, ${failed} failed${tail}\n`);
  }
}
