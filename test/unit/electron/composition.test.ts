/**
 * The composition root refuses to run with TLS verification turned off process-wide (security.md D1): the
 * admin's key would go to anyone on the path.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertTlsVerificationOn, createMainServices, type HostPorts } from '../../../electron/composition.js';
import { MemoryClipboard } from '../../../electron/services/secret-handles.js';
import { captureLogger, fixedClock, MemoryStore } from '../support.js';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-composition-'));
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function ports(env: HostPorts['env']): HostPorts {
  return {
    dataDir,
    cipher: null,
    settings: new MemoryStore(),
    httpFactory: () => {
      throw new Error('no site is reached while the services are built');
    },
    clock: fixedClock(),
    logger: captureLogger(),
    clipboard: new MemoryClipboard(),
    env,
  };
}

describe('NODE_TLS_REJECT_UNAUTHORIZED=0', () => {
  it('is refused with a message that says why and what to do', () => {
    expect(() => assertTlsVerificationOn({ NODE_TLS_REJECT_UNAUTHORIZED: '0' })).toThrow(
      /NODE_TLS_REJECT_UNAUTHORIZED=0.*refuses to run.*Unset it/,
    );
  });

  it.each([[{}], [{ NODE_TLS_REJECT_UNAUTHORIZED: '1' }], [{ NODE_TLS_REJECT_UNAUTHORIZED: undefined }]])(
    'anything else (%o) is accepted',
    (env) => {
      expect(() => assertTlsVerificationOn(env)).not.toThrow();
    },
  );

  it('stops the composition before any service is built or any file is written', () => {
    expect(() => createMainServices(ports({ NODE_TLS_REJECT_UNAUTHORIZED: '0' }))).toThrow(/NODE_TLS_REJECT_UNAUTHORIZED/);
    expect(fs.readdirSync(dataDir)).toEqual([]);
    expect(() => createMainServices(ports({}))).not.toThrow();
  });
});
