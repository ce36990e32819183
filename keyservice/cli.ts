/**
 * npx tsx keyservice/cli.ts [--port N] [--db FILE] [--release X.Y.Z] [--seed demo|none|scale] [--scale N]
 * Prints "listening: <base url>" and the seed's key strings, then serves until SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseVersion } from '../shared/version.js';
import { startKeyService, type KeyServiceOptions } from './index.js';

const USAGE = 'usage: keyservice [--port N] [--db FILE] [--release X.Y.Z] [--seed demo|none|scale] [--scale N]';

export class UsageError extends Error {}

export function parseCliArgs(args: readonly string[]): KeyServiceOptions {
  const options: KeyServiceOptions = { seed: 'demo', port: 0 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const take = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
      return value;
    };
    switch (name) {
      case '--port': {
        const text = take();
        const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
        if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port must be 0..65535, got "${text}"`);
        options.port = port;
        break;
      }
      case '--db': {
        const file = take();
        if (file === '') throw new UsageError('--db needs a file name');
        options.dbFile = file;
        break;
      }
      case '--release': {
        const release = take();
        if (parseVersion(release) === null) throw new UsageError(`--release must look like 18.4.0, got "${release}"`);
        options.release = release;
        break;
      }
      case '--seed': {
        const seed = take();
        if (seed !== 'demo' && seed !== 'none' && seed !== 'scale') {
          throw new UsageError(`--seed must be demo, none or scale, got "${seed}"`);
        }
        options.seed = seed;
        break;
      }
      case '--scale': {
        const text = take();
        // Digits only: "1e3", "0x10" or "2.0" would each be read as some number by Number().
        const factor = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
        if (!(factor >= 1 && factor <= 1000))
          throw new UsageError(`--scale must be a whole number from 1 to 1000, got "${text}"`);
        options.scale = factor;
        break;
      }
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  // A factor for another seed would be silently ignored: say so instead.
  if (options.scale !== undefined && options.seed !== 'scale') throw new UsageError('--scale needs --seed scale');
  return options;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let options: KeyServiceOptions;
  try {
    options = parseCliArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`keyservice: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  const service = await startKeyService(options);
  const lines = [`listening: ${service.baseUrl}`];
  if (service.keys) {
    lines.push(
      `admin-key: ${service.keys.admin}`,
      `user-key: ${service.keys.user}`,
      `legacy-key: ${service.keys.legacy}`,
      `disabled-user-key: ${service.keys.disabledUser}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`keyservice: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Runs only as the entry point, so importing parseCliArgs does no work.
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`keyservice: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
