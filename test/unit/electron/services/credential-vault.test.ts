import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialVault } from '../../../../electron/services/credential-vault.js';
import { ADMIN_SECRET, CANARY, FakeCipher } from '../../support.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-vault-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const SITE = 'site-1';
const fileOf = (id = SITE) => path.join(dir, `${id}.key.json`);
const filesIn = () => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

function expectNoPlainSecretOnDisk(): void {
  for (const name of filesIn()) {
    const bytes = fs.readFileSync(path.join(dir, name));
    expect(bytes.includes(Buffer.from(CANARY)), name).toBe(false);
    expect(bytes.includes(Buffer.from(ADMIN_SECRET)), name).toBe(false);
    expect(bytes.toString('utf8'), name).not.toContain(Buffer.from(ADMIN_SECRET).toString('base64').slice(0, 20));
  }
}

describe('CredentialVault.store', () => {
  it.each(['gnome_libsecret', 'kwallet6', 'keychain'])('backend %s -> keychain, encrypted file mode 0600', (backend) => {
    const vault = new CredentialVault(dir, new FakeCipher(backend));
    const how = vault.store(SITE, ADMIN_SECRET, false);
    expect(how.storage).toBe('keychain');
    expect(how.reason).toContain(backend);
    expect(fs.statSync(fileOf()).mode & 0o777).toBe(0o600);
    expect(filesIn()).toEqual([`${SITE}.key.json`]);
    expectNoPlainSecretOnDisk();
    expect(vault.keychain()).toEqual({ available: true, backend });
  });

  it.each(['basic_text', 'unknown'])('backend %s -> session only, nothing on disk', (backend) => {
    const vault = new CredentialVault(dir, new FakeCipher(backend));
    const how = vault.store(SITE, ADMIN_SECRET, false);
    expect(how.storage).toBe('session');
    expect(how.reason).toMatch(/session/i);
    expect(filesIn()).toEqual([]);
    expect(vault.read(SITE)).toEqual({ kind: 'ok', secret: ADMIN_SECRET, storage: 'session' });
    expect(vault.keychain().available).toBe(false);
  });

  it.each(['basic_text', 'unknown'])('backend %s with allowWeakStorage -> weak-opt-in, written encrypted, 0600', (backend) => {
    const vault = new CredentialVault(dir, new FakeCipher(backend));
    const how = vault.store(SITE, ADMIN_SECRET, true);
    expect(how.storage).toBe('weak-opt-in');
    expect(how.reason).toMatch(/weak/i);
    expect(fs.statSync(fileOf()).mode & 0o777).toBe(0o600);
    expectNoPlainSecretOnDisk();
    expect(new CredentialVault(dir, new FakeCipher(backend)).read(SITE)).toEqual({
      kind: 'ok',
      secret: ADMIN_SECRET,
      storage: 'weak-opt-in',
    });
  });

  it('cipher null -> session, even with allowWeakStorage, nothing on disk', () => {
    const vault = new CredentialVault(dir, null);
    expect(vault.store(SITE, ADMIN_SECRET, false).storage).toBe('session');
    expect(vault.store(SITE, ADMIN_SECRET, true).storage).toBe('session');
    expect(filesIn()).toEqual([]);
    expect(vault.keychain()).toEqual({ available: false, backend: 'none' });
  });

  it('encryption not available (keyring locked) -> session, nothing on disk', () => {
    const vault = new CredentialVault(dir, new FakeCipher('gnome_libsecret', false));
    expect(vault.store(SITE, ADMIN_SECRET, true).storage).toBe('session');
    expect(filesIn()).toEqual([]);
  });

  it('keyring locked: a key entered again is kept for the session, the still-valid encrypted copy stays as it was', () => {
    new CredentialVault(dir, new FakeCipher()).store(SITE, ADMIN_SECRET, false);
    const before = fs.readFileSync(fileOf());
    const locked = new CredentialVault(dir, new FakeCipher('gnome_libsecret', false));
    expect(locked.read(SITE).kind).toBe('unreadable');
    expect(locked.store(SITE, ADMIN_SECRET, false)).toMatchObject({ storage: 'session' });
    expect(locked.read(SITE)).toEqual({ kind: 'ok', secret: ADMIN_SECRET, storage: 'session' });
    expect(fs.readFileSync(fileOf()).equals(before)).toBe(true);
    expect(filesIn()).toEqual([`${SITE}.key.json`]);
    // Unlocked at the next start: the key is back from the keychain.
    expect(new CredentialVault(dir, new FakeCipher()).read(SITE)).toEqual({
      kind: 'ok',
      secret: ADMIN_SECRET,
      storage: 'keychain',
    });
  });

  it('the reasons never contain the secret', () => {
    for (const cipher of [new FakeCipher(), new FakeCipher('basic_text'), null]) {
      const vault = new CredentialVault(dir, cipher);
      expect(vault.store(SITE, ADMIN_SECRET, false).reason).not.toContain(CANARY);
      expect(vault.store(SITE, ADMIN_SECRET, true).reason).not.toContain(CANARY);
    }
  });

  it('a new session-only key removes a file left by an earlier choice', () => {
    const cipher = new FakeCipher('gnome_libsecret');
    const vault = new CredentialVault(dir, cipher);
    vault.store(SITE, ADMIN_SECRET, false);
    expect(fs.existsSync(fileOf())).toBe(true);
    cipher.backendName = 'basic_text';
    vault.store(SITE, ADMIN_SECRET, false);
    expect(fs.existsSync(fileOf())).toBe(false);
  });

  it('leaves no temporary files behind', () => {
    const vault = new CredentialVault(dir, new FakeCipher());
    vault.store('a', ADMIN_SECRET, false);
    vault.store('a', ADMIN_SECRET, false);
    vault.store('b', ADMIN_SECRET, false);
    expect(filesIn().sort()).toEqual(['a.key.json', 'b.key.json']);
  });
});

describe('CredentialVault.read after a restart', () => {
  it('keychain: a new instance decrypts the key', () => {
    new CredentialVault(dir, new FakeCipher()).store(SITE, ADMIN_SECRET, false);
    const cipher = new FakeCipher();
    const read = new CredentialVault(dir, cipher).read(SITE);
    expect(read).toEqual({ kind: 'ok', secret: ADMIN_SECRET, storage: 'keychain' });
    expect(cipher.decryptCalls).toBe(1);
  });

  it('session: a new instance has nothing -> missing', () => {
    new CredentialVault(dir, new FakeCipher('basic_text')).store(SITE, ADMIN_SECRET, false);
    expect(new CredentialVault(dir, new FakeCipher('basic_text')).read(SITE)).toEqual({ kind: 'missing' });
  });

  it('an unknown site -> missing', () => {
    expect(new CredentialVault(dir, new FakeCipher()).read('nobody')).toEqual({ kind: 'missing' });
  });

  it('decrypt throwing -> unreadable, file bytes unchanged, retried on the next read', () => {
    new CredentialVault(dir, new FakeCipher()).store(SITE, ADMIN_SECRET, false);
    const before = fs.readFileSync(fileOf());
    const cipher = new FakeCipher();
    cipher.failDecrypt = true;
    const vault = new CredentialVault(dir, cipher);
    const read = vault.read(SITE);
    expect(read.kind).toBe('unreadable');
    if (read.kind === 'unreadable') expect(read.reason).toMatch(/enter the key again/i);
    expect(fs.readFileSync(fileOf()).equals(before)).toBe(true);
    cipher.failDecrypt = false;
    expect(vault.read(SITE)).toEqual({ kind: 'ok', secret: ADMIN_SECRET, storage: 'keychain' });
  });

  it('backend changed -> unreadable, decrypt not even tried, bytes unchanged', () => {
    new CredentialVault(dir, new FakeCipher('gnome_libsecret')).store(SITE, ADMIN_SECRET, false);
    const before = fs.readFileSync(fileOf());
    const cipher = new FakeCipher('kwallet6');
    const read = new CredentialVault(dir, cipher).read(SITE);
    expect(read.kind).toBe('unreadable');
    expect(cipher.decryptCalls).toBe(0);
    expect(fs.readFileSync(fileOf()).equals(before)).toBe(true);
  });

  it('keychain unavailable after restart (locked) -> unreadable, bytes unchanged', () => {
    new CredentialVault(dir, new FakeCipher()).store(SITE, ADMIN_SECRET, false);
    const before = fs.readFileSync(fileOf());
    expect(new CredentialVault(dir, new FakeCipher('gnome_libsecret', false)).read(SITE).kind).toBe('unreadable');
    expect(new CredentialVault(dir, null).read(SITE).kind).toBe('unreadable');
    expect(fs.readFileSync(fileOf()).equals(before)).toBe(true);
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['wrong version', JSON.stringify({ version: 2, backend: 'gnome_libsecret', storage: 'keychain', ciphertext: 'AA==' })],
    [
      'an extra key',
      JSON.stringify({ version: 1, backend: 'gnome_libsecret', storage: 'keychain', ciphertext: 'AA==', plain: 'x' }),
    ],
    ['a session storage', JSON.stringify({ version: 1, backend: 'gnome_libsecret', storage: 'session', ciphertext: 'AA==' })],
    ['empty', ''],
  ])('a damaged file (%s) -> unreadable, file left as it was', (_name, content) => {
    fs.writeFileSync(fileOf(), content, { mode: 0o600 });
    const read = new CredentialVault(dir, new FakeCipher()).read(SITE);
    expect(read.kind).toBe('unreadable');
    expect(fs.readFileSync(fileOf(), 'utf8')).toBe(content);
  });

  it('storing again after an unreadable read replaces the file only on an explicit store', () => {
    new CredentialVault(dir, new FakeCipher('gnome_libsecret')).store(SITE, ADMIN_SECRET, false);
    const vault = new CredentialVault(dir, new FakeCipher('kwallet6'));
    expect(vault.read(SITE).kind).toBe('unreadable');
    vault.store(SITE, ADMIN_SECRET, false);
    expect(new CredentialVault(dir, new FakeCipher('kwallet6')).read(SITE)).toMatchObject({ kind: 'ok', secret: ADMIN_SECRET });
  });
});

describe('CredentialVault.forget', () => {
  it('removes the file and the memory copy', () => {
    const vault = new CredentialVault(dir, new FakeCipher());
    vault.store(SITE, ADMIN_SECRET, false);
    vault.forget(SITE);
    expect(fs.existsSync(fileOf())).toBe(false);
    expect(vault.read(SITE)).toEqual({ kind: 'missing' });
  });

  it('removes a session-only key from memory', () => {
    const vault = new CredentialVault(dir, null);
    vault.store(SITE, ADMIN_SECRET, false);
    vault.forget(SITE);
    expect(vault.read(SITE)).toEqual({ kind: 'missing' });
  });

  it('leaves other sites alone and is safe for an unknown site', () => {
    const vault = new CredentialVault(dir, new FakeCipher());
    vault.store('a', ADMIN_SECRET, false);
    vault.store('b', ADMIN_SECRET, false);
    vault.forget('a');
    vault.forget('zzz');
    expect(vault.read('b').kind).toBe('ok');
  });
});
