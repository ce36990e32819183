import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonFileStore } from '../../../../electron/adapters/json-file-store.js';
import { fixedClock } from '../../support.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-store-'));
  file = path.join(dir, 'settings.json');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('JsonFileStore', () => {
  it('starts empty without a file, and creates none until written', () => {
    const store = new JsonFileStore(file, fixedClock());
    expect(store.get('sites')).toBeUndefined();
    expect(store.problems).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes complete JSON, mode 0600, with no temp files left', () => {
    const store = new JsonFileStore(file, fixedClock());
    store.set('sites', [{ id: 'a' }]);
    store.set('activeSiteId', 'a');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ sites: [{ id: 'a' }], activeSiteId: 'a' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });

  it('reads back what it wrote after a restart', () => {
    new JsonFileStore(file, fixedClock()).set('x', { n: 1 });
    const again = new JsonFileStore(file, fixedClock());
    expect(again.get('x')).toEqual({ n: 1 });
    expect(again.problems).toEqual([]);
  });

  it('delete removes the key from the file', () => {
    const store = new JsonFileStore(file, fixedClock());
    store.set('a', 1);
    store.set('b', 2);
    store.delete('a');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ b: 2 });
  });

  it.each([
    ['truncated JSON', '{"sites": [{"id": "a"'],
    ['an array', '[1, 2]'],
    ['null', 'null'],
    ['a string', '"settings"'],
    ['empty', ''],
  ])('a damaged file (%s) is kept aside with its bytes, reported, and the store starts empty and works', (_name, content) => {
    fs.writeFileSync(file, content);
    const store = new JsonFileStore(file, fixedClock('2026-11-26T10:00:00.000Z'));
    const aside = fs.readdirSync(dir).filter((name) => name.startsWith('settings.json.damaged-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(content);
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]).toContain(aside[0]);
    expect(store.get('sites')).toBeUndefined();
    store.set('sites', []);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ sites: [] });
    expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(content);
  });

  it('a __proto__ key in the file pollutes nothing', () => {
    fs.writeFileSync(file, '{"__proto__": {"polluted": true}, "a": 1}');
    const store = new JsonFileStore(file, fixedClock());
    expect(store.get('a')).toBe(1);
    expect(store.get('polluted')).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(store.get('toString')).toBeUndefined();
  });
});
