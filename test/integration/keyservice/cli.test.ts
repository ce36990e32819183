import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { call, secretOf } from './helpers.js';

const TSX = 'node_modules/.bin/tsx';
const CLI = 'keyservice/cli.ts';
const LABELS = ['listening', 'admin-key', 'user-key', 'legacy-key', 'disabled-user-key'] as const;

/** Starts the CLI and resolves with its first five stdout lines, by label. */
function startCli(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; lines: Map<string, string> }> {
  const child = spawn(TSX, [CLI, ...args], { cwd: process.cwd(), stdio: 'pipe' });
  return new Promise((resolve, reject) => {
    const lines = new Map<string, string>();
    const timer = setTimeout(() => reject(new Error('CLI did not print its lines in time')), 15_000);
    child.once('exit', (code) => reject(new Error(`CLI exited early with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^([a-z-]+): (.+)$/.exec(line);
      if (match?.[1] && match[2]) lines.set(match[1], match[2]);
      if (LABELS.every((label) => lines.has(label))) {
        clearTimeout(timer);
        resolve({ child, lines });
      }
    });
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve(child.exitCode);
      return;
    }
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('keyservice CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyservice-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the listening line and the four key lines, serves, and stops cleanly on SIGTERM', async () => {
    const { child, lines } = await startCli(['--port', '0', '--seed', 'demo']);
    try {
      const baseUrl = lines.get('listening') ?? '';
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const port = new URL(baseUrl).port;
      for (const label of LABELS.slice(1)) {
        expect(lines.get(label)).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port}:__force_insecure:[A-Za-z0-9_-]+$`));
      }
      const status = await call<{ user_is_admin: boolean }>(baseUrl, 'GET', '/api/auth/status', {
        secret: secretOf(lines.get('admin-key') ?? ''),
      });
      expect(status.body.user_is_admin).toBe(true);
      const user = await call<{ user_is_admin: boolean }>(baseUrl, 'GET', '/api/auth/status', {
        secret: secretOf(lines.get('user-key') ?? ''),
      });
      expect(user.body.user_is_admin).toBe(false);
      const legacy = await call<{ is_device: boolean }>(baseUrl, 'GET', '/api/auth/status', {
        secret: secretOf(lines.get('legacy-key') ?? ''),
      });
      expect(legacy.body.is_device).toBe(true);
      expect(secretOf(lines.get('legacy-key') ?? '')).toHaveLength(18);
      const disabled = await call(baseUrl, 'GET', '/api/auth/status', { secret: secretOf(lines.get('disabled-user-key') ?? '') });
      expect(disabled.status).toBe(402);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('prints the key lines again when reopening a db file', async () => {
    const db = join(dir, 'cli.sqlite');
    const first = await startCli(['--db', db, '--release', '18.4.0']);
    await stop(first.child);
    const second = await startCli(['--db', db, '--port', '0']);
    try {
      expect(secretOf(second.lines.get('admin-key') ?? '')).toBe(secretOf(first.lines.get('admin-key') ?? ''));
      const status = await call(second.lines.get('listening') ?? '', 'GET', '/api/auth/status', {
        secret: secretOf(second.lines.get('admin-key') ?? ''),
      });
      expect(status.status).toBe(200);
    } finally {
      await stop(second.child);
    }
  });

  it('refuses bad arguments with a one-line error and exit code 2', async () => {
    const cases = [['--seed', 'bogus'], ['--port', 'abc'], ['--release', 'x'], ['--wat'], ['--port']];
    const results = await Promise.all(
      cases.map(
        (args) =>
          new Promise<{ args: string[]; code: number | null; stdout: string; stderr: string }>((resolve) => {
            const child = spawn(TSX, [CLI, ...args], { stdio: 'pipe' });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
            child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
            child.on('close', (code) => resolve({ args, code, stdout, stderr }));
          }),
      ),
    );
    for (const result of results) {
      expect(result.code, result.args.join(' ')).toBe(2);
      expect(result.stderr.split('\n')[0]).toMatch(/^keyservice: /);
      expect(result.stdout).toBe('');
    }
  });
});
