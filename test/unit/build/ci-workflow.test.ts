/**
 * The GitHub Actions workflow (.github/workflows/ci.yml), parsed: the three operating systems, `npm ci` then
 * `npm test` (under Xvfb on Linux, with a browser for the e2e tier everywhere), and the installers built and kept as
 * artifacts on version tags only.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// js-yaml comes with electron-builder and ships no types here; a narrow type, and zod for the shape.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

const Step = z.object({ run: z.string().optional(), uses: z.string().optional(), if: z.string().optional() });
const Job = z.object({
  'runs-on': z.string(),
  if: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  env: z.record(z.string(), z.string()).optional(),
  strategy: z.object({
    matrix: z.object({
      os: z.array(z.string()),
      include: z.array(z.object({ os: z.string(), chromium: z.string() })).optional(),
    }),
  }),
  steps: z.array(Step),
});
const Workflow = z.object({
  on: z.object({
    push: z.object({ branches: z.array(z.string()), tags: z.array(z.string()) }),
    pull_request: z.null(),
  }),
  jobs: z.object({ test: Job, dist: Job }),
});

const file = fileURLToPath(new URL('../../../.github/workflows/ci.yml', import.meta.url));
const workflow = Workflow.parse(yaml.load(fs.readFileSync(file, 'utf8')));
const { test, dist } = workflow.jobs;
const OSES = ['ubuntu-latest', 'windows-latest', 'macos-latest'];
const runs = (job: z.infer<typeof Job>): string[] => job.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
const stepIndex = (job: z.infer<typeof Job>, command: RegExp): number =>
  job.steps.findIndex((step) => step.run !== undefined && command.test(step.run));

describe('the CI workflow', () => {
  it('runs on every push, version tags included, and on pull requests', () => {
    expect(workflow.on.push.branches).toEqual(['**']);
    expect(workflow.on.push.tags).toEqual(['v*']);
  });

  it('tests on Linux, Windows and macOS with Node 20', () => {
    expect(test.strategy.matrix.os).toEqual(OSES);
    expect(test['runs-on']).toBe('${{ matrix.os }}');
    const setupNode = test.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setupNode).toBeDefined();
    expect(fs.readFileSync(file, 'utf8')).toMatch(/node-version: 20\n/);
  });

  it('installs with npm ci, fetches the Electron binary, then runs npm test', () => {
    const ci = stepIndex(test, /^npm ci\b/);
    const electron = stepIndex(test, /^node node_modules\/electron\/install\.js$/);
    const npmTest = stepIndex(test, /(^|\s)npm test$/);
    expect(ci).toBeGreaterThanOrEqual(0);
    expect(electron).toBeGreaterThan(ci);
    expect(npmTest).toBeGreaterThan(electron);
  });

  it('runs npm test under Xvfb on Linux and directly elsewhere, never both on one OS', () => {
    const tests = test.steps.filter((step) => step.run !== undefined && /(^|\s)npm test$/.test(step.run));
    expect(tests.map((step) => [step.if, step.run])).toEqual([
      ["runner.os == 'Linux'", 'xvfb-run -a npm test'],
      ["runner.os != 'Linux'", 'npm test'],
    ]);
  });

  it('points the e2e tier at a browser on each OS', () => {
    expect(test.env?.KEYWARDEN_CHROMIUM).toBe('${{ matrix.chromium }}');
    expect(test.strategy.matrix.include?.map((entry) => entry.os)).toEqual(OSES);
    for (const entry of test.strategy.matrix.include ?? []) expect(entry.chromium, entry.os).not.toBe('');
  });

  it('builds the installers on each OS for version tags only, after the tests, and uploads them', () => {
    expect(dist.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(dist.needs).toBe('test');
    expect(dist.strategy.matrix.os).toEqual(OSES);
    expect(runs(dist)).toEqual(expect.arrayContaining(['npm run dist']));
    expect(stepIndex(dist, /^npm ci\b/)).toBeLessThan(stepIndex(dist, /^npm run dist$/));
    const upload = dist.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload).toBeDefined();
    expect(fs.readFileSync(file, 'utf8')).toMatch(
      /release\/\*\.AppImage[\s\S]*release\/\*\.deb[\s\S]*release\/\*\.exe[\s\S]*release\/\*\.dmg/,
    );
  });
});
