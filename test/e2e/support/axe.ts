/**
 * axe-core in the page under test (issue 10: "Check each page with axe-core in the e2e tier"). The app's CSP allows
 * scripts from its own origin only, so a `<script>` with axe's source (what `page.addScriptTag` adds) is refused;
 * the source is evaluated through the DevTools protocol instead, which the page's CSP does not govern.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, ImpactValue } from 'axe-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts a page must not have: the bar issue 10 sets. */
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

/** One finding, enough to find and fix it: the rule, its impact, the elements and what to do. */
export interface AxeFinding {
  readonly rule: string;
  readonly impact: ImpactValue | undefined;
  readonly help: string;
  readonly targets: readonly string[];
  /** axe's own summary per element (e.g. the contrast ratio and the two colours). */
  readonly details: readonly string[];
}

async function injectAxe(page: Page): Promise<void> {
  const present = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!present) await page.evaluate(AXE_SOURCE);
}

/** The serious and critical violations axe finds in the whole document as it is now. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  await injectAxe(page);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe;
    const run = await axe.run(document, { resultTypes: ['violations'] });
    return run.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
      details: violation.nodes.map((node) => node.failureSummary ?? ''),
    }));
  });
  return results.filter((finding) => BLOCKING.includes(finding.impact ?? null));
}

/** The findings as lines a failing test prints: rule, impact, help, then each element. */
export function describeFindings(where: string, findings: readonly AxeFinding[]): string {
  const lines = findings.flatMap((finding) => [
    `${where}: ${finding.rule} (${finding.impact}): ${finding.help}`,
    ...finding.targets.map(
      (target, index) => `    ${target}\n      ${(finding.details[index] ?? '').replace(/\n/g, '\n      ')}`,
    ),
  ]);
  return lines.join('\n');
}
