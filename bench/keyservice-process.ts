/**
 * The key service in its own process, as a site is to the app: `tsx keyservice/cli.ts --seed scale --scale N
 * --port 0`, read from its banner (the `listening:` and `admin-key:` lines).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface KeyServiceBanner {
  readonly baseUrl: string;
  readonly adminKey: string;
}

/** Pure: the banner's two lines, once both are there; null before. */
export function parseBanner(text: string): KeyServiceBanner | null {
  const baseUrl = /^listening: (http:\/\/\S+)$/m.exec(text)?.[1];
  const adminKey = /^admin-key: (\S+)$/m.exec(text)?.[1];
  return baseUrl && adminKey ? { baseUrl, adminKey } : null;
}

export interface KeyServiceProcess extends KeyServiceBanner {
  readonly pid: number;
  close(): Promise<void>;
}

export const PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url));

export function startKeyServiceProcess(scale: number, timeoutMs = 15 * 60_000): Promise<KeyServiceProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'keyservice/cli.ts', '--seed', 'scale', '--scale', String(scale), '--port', '0'],
    { cwd: PROJECT_DIR, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('The key service did not start in time.'));
    }, timeoutMs);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (data: string) => {
      text += data;
      const banner = parseBanner(text);
      if (!banner) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      resolve({ ...banner, pid: child.pid ?? -1, close: () => stop(child) });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The key service stopped (exit ${code ?? 'signal'}) before it listened.`));
    });
  });
}

/** Ends a child we started and waits for it to go. */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
