/**
 * The desktop settings store. electron-store cannot be loaded here (it imports the Electron binary), so it is
 * replaced by what it is made of: conf, given the options the way electron-store translates them (`name` becomes
 * the file name, `cwd` the folder). The file on disk is real, so a damaged one is met as the app would meet it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../support.js';

const h = vi.hoisted(() => ({ options: [] as Record<string, unknown>[] }));

vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class ElectronStore extends Conf<Record<string, unknown>> {
    constructor(options: Record<string, unknown>) {
      h.options.push(options);
      const { name = 'config', cwd, ...rest } = options;
      if (typeof cwd !== 'string' || !path.isAbsolute(cwd)) throw new Error('the test store needs an absolute cwd');
      super({ ...rest, cwd, configName: name as string });
    }
  }
  return { default: ElectronStore };
});

const { createElectronStoreSettings } = await import('../../../../electron/adapters/electron-store-settings.js');

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-estore-'));
  file = path.join(dir, 'settings.json');
  h.options.length = 0;
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const asideFiles = () => fs.readdirSync(dir).filter((name) => name.startsWith('settings.json.damaged-'));

describe('createElectronStoreSettings', () => {
  it('opens settings.json in the data folder, without electron-store encryption or silent reset', () => {
    const store = createElectronStoreSettings(dir, fixedClock());
    expect(h.options).toEqual([{ name: 'settings', cwd: dir, clearInvalidConfig: false }]);
    store.set('activeSiteId', 'a');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ activeSiteId: 'a' });
    expect(store.problems).toEqual([]);
  });

  it('reads back a good file, with no problem and nothing kept aside', () => {
    fs.writeFileSync(file, JSON.stringify({ sites: [{ id: 'a' }], activeSiteId: 'a' }));
    const store = createElectronStoreSettings(dir, fixedClock());
    expect(store.get('activeSiteId')).toBe('a');
    expect(store.get('sites')).toEqual([{ id: 'a' }]);
    expect(store.problems).toEqual([]);
    expect(asideFiles()).toEqual([]);
  });

  it.each([
    ['truncated JSON', '{"sites": [{"id": "a"'],
    ['empty', ''],
    ['null', 'null'],
    ['an array', '[1, 2]'],
    ['a string', '"settings"'],
    ['a number', '42'],
  ])('a damaged file (%s) is kept aside with its bytes, reported, and the store starts empty and works', (_name, content) => {
    fs.writeFileSync(file, content);
    const store = createElectronStoreSettings(dir, fixedClock('2026-11-26T10:00:00.000Z'));
    expect(asideFiles()).toEqual(['settings.json.damaged-2026-11-26T10-00-00-000Z']);
    const aside = path.join(dir, asideFiles()[0]!);
    expect(fs.readFileSync(aside, 'utf8')).toBe(content);
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]).toContain('settings.json.damaged-2026-11-26T10-00-00-000Z');
    expect(store.get('sites')).toBeUndefined();
    expect(store.get('0')).toBeUndefined();
    store.set('activeSiteId', 'b');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ activeSiteId: 'b' });
    expect(fs.readFileSync(aside, 'utf8')).toBe(content);
  });
});
