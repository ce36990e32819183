/** The pieces of jsonChunks join to exactly JSON.stringify's text, with each list cut into slices. */
import { describe, expect, it } from 'vitest';
import { TrackedKeys } from '../../../../shared/tracked-keys.js';
import { chunkContent, JsonArrayText, jsonChunks, LazyPiece, MarkedPiece } from '../../../../electron/services/json-chunks.js';

const decoded = (chunk: string | Uint8Array): string => (typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
const joined = (value: unknown, slice?: number): string =>
  [...jsonChunks(value, slice)].map((chunk) => decoded(chunkContent(chunk))).join('');

describe('jsonChunks', () => {
  it('joins to the text of JSON.stringify, for lists of any length against the slice', () => {
    for (const length of [0, 1, 2, 3, 4, 7]) {
      const value = {
        siteId: 's "1"',
        keys: Array.from({ length }, (_, i) => ({ id: `k${i}`, label: 'é\n✓', at: i % 2 ? null : i })),
        coverage: { deviceKeys: true },
      };
      expect(joined(value, 3), String(length)).toBe(JSON.stringify(value));
    }
  });

  it('leaves out what JSON.stringify leaves out, and writes null where it does', () => {
    const value = { a: undefined, b: () => 1, list: [undefined, () => 1, 1], c: 2 };
    expect(joined(value, 1)).toBe(JSON.stringify(value));
    expect(joined({ a: undefined })).toBe('{}');
  });

  it('writes a value that is not a plain record in one piece', () => {
    for (const value of [[1, 2], 'text', null, new Date(0), { toJSON: () => 'x' }]) {
      expect([...jsonChunks(value)]).toEqual([JSON.stringify(value)]);
    }
  });

  it('cuts a long list into slices', () => {
    const pieces = [...jsonChunks({ keys: Array.from({ length: 10 }, (_, i) => i) }, 3)];
    expect(pieces).toEqual(['{', '"keys":[', '0,1,2', ',3,4,5', ',6,7,8', ',9', ']', '}']);
  });

  it('cuts a large record into slices of entries, and writes a small one in one piece', () => {
    const tracked = { a: 1, b: { x: 'é' }, c: null, d: [2] };
    expect([...jsonChunks({ tracked, n: 1 }, 3)]).toEqual([
      '{',
      '"tracked":{',
      '"a":1,"b":{"x":"é"},"c":null',
      ',"d":[2]',
      '}',
      ',"n":1',
      '}',
    ]);
    expect([...jsonChunks({ tracked }, 4)]).toEqual(['{', `"tracked":${JSON.stringify(tracked)}`, '}']);
  });

  it("cuts what a field's toJSON gives as it would the field itself (the migration's tracked keys)", () => {
    const tracked = TrackedKeys.from(['a', 'b', 'c'].map((id) => [id, { label: id }] as never));
    const value = { tracked, when: new Date(0) };
    expect([...jsonChunks(value, 2)]).toEqual([
      '{',
      '"tracked":{',
      '"a":{"label":"a"},"b":{"label":"b"}',
      ',"c":{"label":"c"}',
      '}',
      ',"when":"1970-01-01T00:00:00.000Z"',
      '}',
    ]);
    expect(joined(value, 2)).toBe(JSON.stringify(value));
  });

  it('writes a record that gives its entries from them, a slice at a time, never making it whole', () => {
    const base = TrackedKeys.from(['k1', 'k2', 'k3', 'k4', 'k5'].map((id) => [id, { label: id }] as never));
    // Changed and added entries beside the shared base, as after an action.
    const tracked = base.with(
      new Map([
        ['k2', { label: 'k2 "changed" é' }],
        ['k6', { label: 'k6' }],
      ] as never),
    );
    let made = 0;
    const toJSON = tracked.toJSON.bind(tracked);
    tracked.toJSON = () => {
      made += 1;
      return toJSON();
    };
    const value = { tracked, settings: { upgradeDate: null } };
    const expected = JSON.stringify({ tracked: toJSON(), settings: value.settings });
    for (const slice of [1, 2, 4, 6, 100]) expect(joined(value, slice), String(slice)).toBe(expected);
    expect(made).toBe(0);
    const pieces = [...jsonChunks({ tracked }, 4)];
    expect(pieces).toHaveLength(2 + 2 + 1 + 1);
    // An entry JSON.stringify leaves out is left out here too.
    const holes = {
      jsonEntries: () =>
        [
          ['a', undefined],
          ['b', 1],
          ['c', () => 1],
        ] as const,
      toJSON: () => ({ b: 1 }),
    };
    expect(joined({ holes }, 1)).toBe('{"holes":{"b":1}}');
    expect(joined({ holes: { jsonEntries: () => [], toJSON: () => ({}) } })).toBe('{"holes":{}}');
  });

  it('joins a sliced record to the text of JSON.stringify, whatever its names and values', () => {
    const record = { 10: 'ten', 2: 'two', 'say "hi"': 'x', gone: undefined, fn: () => 1, z: new Date(0), '': 0 };
    for (const slice of [1, 2, 3, 100]) {
      expect(joined({ record, after: true }, slice), String(slice)).toBe(JSON.stringify({ record, after: true }));
    }
    // Every entry of a slice left out: no piece, no stray comma.
    const holes = { a: undefined, b: undefined, c: 1, d: undefined, e: 2 };
    expect(joined({ holes }, 2)).toBe(JSON.stringify({ holes }));
  });

  it('writes a list whose text is already made as that list, whatever pieces are empty', () => {
    const items = [{ id: 'a' }, { id: 'b', label: 'é "x"' }, { id: 'c' }];
    const text = (list: object[]) => JSON.stringify(list).slice(1, -1);
    for (const pieces of [[], [''], ['', text(items), ''], [text(items.slice(0, 1)), '', text(items.slice(1))]]) {
      const value = { siteId: 's', keys: new JsonArrayText(pieces), users: [1] };
      const expected = pieces.join('') === '' ? [] : items;
      expect(JSON.parse(joined(value, 2)), JSON.stringify(pieces)).toEqual({ siteId: 's', keys: expected, users: [1] });
      expect(joined(value, 2)).toBe(JSON.stringify({ siteId: 's', keys: expected, users: [1] }));
    }
  });

  it('writes pieces given as UTF-8 bytes as they are, with the separators as text', () => {
    const encoder = new TextEncoder();
    const items = [{ id: 'a', label: 'Zoë 🔑' }, { id: 'b' }, { id: 'c' }];
    const text = (list: unknown[]) => JSON.stringify(list).slice(1, -1);
    const value = {
      keys: new JsonArrayText([encoder.encode(text(items.slice(0, 1))), new Uint8Array(0), text(items.slice(1))]),
    };
    const chunks = [...jsonChunks(value)];
    expect(chunks.some((chunk) => chunk instanceof Uint8Array)).toBe(true);
    expect(JSON.parse(chunks.map((chunk) => decoded(chunkContent(chunk))).join(''))).toEqual({ keys: items });
  });

  it('hands marked pieces on as they are, leaves out the empty ones, and their content is their bytes or remade text', () => {
    const encoder = new TextEncoder();
    const items = [{ id: 'a', label: 'Zoë 🔑' }, { id: 'b' }, { id: 'c' }];
    const text = (list: unknown[]) => JSON.stringify(list).slice(1, -1);
    let remade = 0;
    const remake = (list: unknown[]) => () => {
      remade += 1;
      return text(list);
    };
    const first = encoder.encode(text(items.slice(0, 1)));
    const made = new MarkedPiece(1, first.byteLength, first, remake(items.slice(0, 1)));
    const empty = new MarkedPiece(2, 0, null, remake([]));
    const kept = new MarkedPiece(3, encoder.encode(text(items.slice(1))).byteLength, null, remake(items.slice(1)));
    const chunks = [...jsonChunks({ keys: new JsonArrayText([made, empty, kept]) })];
    expect(chunks).toContain(made);
    expect(chunks).toContain(kept);
    expect(chunks).not.toContain(empty);
    expect(remade).toBe(0);
    expect(chunkContent(made)).toBe(first);
    expect(JSON.parse(chunks.map((chunk) => decoded(chunkContent(chunk))).join(''))).toEqual({ keys: items });
    // Only the piece without bytes was made again.
    expect(remade).toBe(1);
  });

  it('makes a lazy piece when a writer comes to it, between the others, and lists given as a function at the first read', () => {
    const made: string[] = [];
    const lazy = (text: string) =>
      new LazyPiece(() => {
        made.push(text);
        return text;
      });
    let read = 0;
    const list = new JsonArrayText(() => {
      read += 1;
      return ['1,2', lazy('3'), '', lazy('"four",5')];
    });
    expect(read).toBe(0);
    const chunks = jsonChunks({ a: list, b: true });
    expect(made).toEqual([]);
    expect([...chunks].map((chunk) => decoded(chunkContent(chunk))).join('')).toBe('{"a":[1,2,3,"four",5],"b":true}');
    expect(made).toEqual(['3', '"four",5']);
    expect(joined({ a: list })).toBe('{"a":[1,2,3,"four",5]}');
    expect(read).toBe(1);
  });
});
