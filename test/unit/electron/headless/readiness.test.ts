import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runReadiness, type ReadinessIo } from '../../../../electron/headless/readiness.js';
import { TransportFailure, type SiteHttpFactory } from '../../../../electron/ports.js';
import { ADMIN_SECRET, CANARY } from '../../support.js';

const KEY_STRING = `flywheel.example.org:${ADMIN_SECRET}`;

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly requests: number;
}

describe('runReadiness without a site', () => {
  let tmpRoot: string;
  beforeEach(() => {
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-readiness-unit-'));
  });
  afterEach(() => {
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  });

  async function run(argv: string[], env: Record<string, string | undefined>, io: Partial<ReadinessIo> = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    let requests = 0;
    // A site that never answers: every request fails before it is sent.
    const httpFactory: SiteHttpFactory = () => async () => {
      requests += 1;
      throw new TransportFailure('unreachable', false);
    };
    const status = await runReadiness({
      argv,
      env,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      tmpRoot,
      httpFactory,
      ...io,
    });
    return { status, stdout, stderr, requests };
  }

  function expectOneLine(result: Run, pattern: RegExp): void {
    expect(result.stderr.endsWith('\n')).toBe(true);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr + result.stdout).not.toContain(CANARY);
  }

  it('prints the usage with --help and exits 0', async () => {
    const result = await run(['--help'], {});
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: KEYWARDEN_API_KEY=/);
    expect(result.stdout).toMatch(/--format json\|csv\|html/);
    expect(result.stderr).toBe('');
  });

  it('exits 2 with one line and no network call for a bad argument or a key on the command line', async () => {
    const bad = await run(['--format', 'xml'], { KEYWARDEN_API_KEY: KEY_STRING });
    expect(bad.status).toBe(2);
    expectOneLine(bad, /^readiness: No report: --format takes json, csv or html/);
    const key = await run(['--key', KEY_STRING], {});
    expect(key.status).toBe(2);
    expectOneLine(key, /shell history/);
    expect(bad.requests + key.requests).toBe(0);
  });

  it('exits 2 without a key', async () => {
    const result = await run([], {});
    expect(result.status).toBe(2);
    expectOneLine(result, /No key: set KEYWARDEN_API_KEY/);
    expect(result.stdout).toBe('');
  });

  it('refuses to run with TLS verification turned off', async () => {
    const result = await run([], { KEYWARDEN_API_KEY: KEY_STRING, NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    expect(result.status).toBe(2);
    expectOneLine(result, /NODE_TLS_REJECT_UNAUTHORIZED=0/);
    expect(result.requests).toBe(0);
  });

  it('refuses an --out folder that does not exist before asking the site', async () => {
    const result = await run(['--out', path.join(tmpRoot, 'nowhere', 'r.json')], { KEYWARDEN_API_KEY: KEY_STRING });
    expect(result.status).toBe(2);
    expectOneLine(result, /The folder of --out .* does not exist/);
    expect(result.requests).toBe(0);
  });

  it('exits 2 when the site does not answer, and leaves no temporary folder behind', async () => {
    const result = await run([], { KEYWARDEN_API_KEY: KEY_STRING });
    expect(result.status).toBe(2);
    expectOneLine(result, /^readiness: No report: Could not connect to the site: The site did not answer\..*\(unreachable\)$/m);
    expect(result.requests).toBeGreaterThan(0);
    expect(result.stdout).toBe('');
    expect(fs.readdirSync(tmpRoot)).toEqual([]);
  });

  it('refuses a malformed key string without repeating it', async () => {
    const result = await run([], { KEYWARDEN_API_KEY: `not a key ${CANARY}` });
    expect(result.status).toBe(2);
    expectOneLine(result, /not a Flywheel API key.*\(malformed-key\)/);
    expect(fs.readdirSync(tmpRoot)).toEqual([]);
  });

  it('stops cleanly when interrupted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await run([], { KEYWARDEN_API_KEY: KEY_STRING }, { signal: controller.signal });
    expect(result.status).toBe(2);
    expectOneLine(result, /Interrupted/);
    expect(fs.readdirSync(tmpRoot)).toEqual([]);
  });
});
