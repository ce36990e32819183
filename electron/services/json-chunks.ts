/**
 * JSON.stringify of a record of lists, in pieces: the same text, but each top-level list (or large record, or
 * EntryRecord) is cut into slices, so a large inventory can be written without one long main-thread task and
 * without one string of its whole size.
 * A list made beforehand (JsonArrayText) may come as UTF-8 bytes, or as marked pieces (MarkedPiece) a writer may
 * copy from the file it wrote last; the rest are strings.
 */

/**
 * The pieces whose concatenation is `JSON.stringify(value)`. Each top-level array is stringified `slice` items at a
 * time, and so is each top-level plain record of more than `slice` entries (a field with toJSON as what that
 * gives); a JsonArrayText field is its own pieces; anything else (a value that is not a plain record, or one with
 * toJSON) is one piece.
 */
export function* jsonChunks(value: unknown, slice = 1000): Generator<JsonChunk> {
  if (!isPlainRecord(value)) {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  yield '{';
  let first = true;
  for (const [name, own] of Object.entries(value)) {
    const lead = `${first ? '' : ','}${JSON.stringify(name)}:`;
    if (isEntryRecord(own)) {
      // Written `slice` entries at a time from its entries, never made whole: making the record of 30,000 tracked
      // keys for toJSON took 25-35 ms of one main-thread task at each write of the migration's progress.
      first = false;
      yield `${lead}{`;
      yield* entryPieces(own.jsonEntries(), slice);
      yield '}';
      continue;
    }
    // What JSON.stringify writes of a field with toJSON is what that gives (a record, a list).
    const field: unknown = typeof own === 'object' && own !== null && hasToJson(own) ? own.toJSON(name) : own;
    if (field instanceof JsonArrayText) {
      first = false;
      yield `${lead}[`;
      let empty = true;
      for (const piece of field.pieces) {
        if (piece instanceof MarkedPiece ? piece.byteLength === 0 : !(piece instanceof LazyPiece) && piece.length === 0) continue;
        if (!empty) yield ',';
        yield piece;
        empty = false;
      }
      yield ']';
      continue;
    }
    if (isPlainRecord(field)) {
      // A large record (one entry per key id) is cut like a list, `slice` entries at a time; a small one is one
      // piece.
      if (Object.keys(field).length > slice) {
        first = false;
        yield `${lead}{`;
        yield* entryPieces(Object.entries(field), slice);
        yield '}';
        continue;
      }
    }
    if (!Array.isArray(field) || hasToJson(field)) {
      const text = JSON.stringify(field);
      // JSON.stringify leaves out a field it cannot write (undefined, a function): so do the pieces.
      if (text === undefined) continue;
      yield lead + text;
      first = false;
      continue;
    }
    first = false;
    yield `${lead}[`;
    for (let at = 0; at < field.length; at += slice) {
      // Stringifying a slice as an array writes each item as JSON.stringify would inside the whole (undefined -> null).
      const text = JSON.stringify(field.slice(at, at + slice));
      yield `${at === 0 ? '' : ','}${text.slice(1, -1)}`;
    }
    yield ']';
  }
  yield '}';
}

/**
 * A record's entries as text, `slice` entries at a time, as JSON.stringify writes them inside the record's braces:
 * an entry it cannot write (undefined, a function) is left out, and a slice with none written makes no piece.
 */
function* entryPieces(entries: Iterable<readonly [string, unknown]>, slice: number): Generator<string> {
  let text = '';
  let count = 0;
  let written = false;
  for (const [name, item] of entries) {
    const itemText = JSON.stringify(item);
    if (itemText !== undefined) {
      text += `${written ? ',' : ''}${JSON.stringify(name)}:${itemText}`;
      written = true;
    }
    if (++count === slice) {
      if (text) yield text;
      text = '';
      count = 0;
    }
  }
  if (text) yield text;
}

/**
 * A record that can give its entries one by one (the migration's TrackedKeys): jsonChunks writes it from them, in
 * their order, `slice` at a time, instead of calling toJSON for the whole record. The text is JSON.stringify's of
 * toJSON() where no entry's name is an array index (such names JSON.stringify puts first; read back, the record
 * has the same entries either way). Key ids are never array indexes.
 */
export interface EntryRecord {
  jsonEntries(): Iterable<readonly [string, unknown]>;
  toJSON(): Record<string, unknown>;
}

function isEntryRecord(value: unknown): value is EntryRecord {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { jsonEntries?: unknown }).jsonEntries === 'function' &&
    hasToJson(value)
  );
}

/** A piece of jsonChunks' text. */
export type JsonChunk = string | Uint8Array | MarkedPiece | LazyPiece;

/**
 * A list whose JSON is already written, or is written when a writer comes to it: each piece is the text of some of
 * its items, comma-separated, without the brackets ('' or no bytes for none), as a string, as its UTF-8 bytes,
 * marked (MarkedPiece) or made when asked (LazyPiece). As a field of the record given to jsonChunks it is written
 * as that list. The pieces may be given as a function, called at the first read: a snapshot patched many times in
 * a burst (a bulk action) is written once, and only its last version's pieces are ever worked out. The pieces are
 * only read: a writer that needs its own copy of some bytes makes one.
 */
export class JsonArrayText {
  private made: readonly JsonChunk[] | null = null;

  constructor(private readonly source: readonly JsonChunk[] | (() => readonly JsonChunk[])) {}

  get pieces(): readonly JsonChunk[] {
    this.made ??= typeof this.source === 'function' ? this.source() : this.source;
    return this.made;
  }
}

/**
 * A piece of a list's text made only when a writer comes to it, in that writer's slice of work; never empty (a
 * caller with no items makes no piece).
 */
export class LazyPiece {
  constructor(private readonly make: () => string) {}

  content(): string {
    return this.make();
  }
}

/**
 * A piece of a list's text under a mark, unique in the process, that stays with the same text: a writer that wrote
 * it into the file it now replaces may copy its bytes from there (worker-snapshot-writer.ts) instead of having them
 * made or kept in memory. `made` is its UTF-8 bytes where they were made this time, else null; `content` gives them,
 * or makes the text again, for a writer that cannot copy.
 */
export class MarkedPiece {
  constructor(
    readonly mark: number,
    /** Its UTF-8 length. */
    readonly byteLength: number,
    readonly made: Uint8Array | null,
    private readonly remake: () => string,
  ) {}

  content(): string | Uint8Array {
    return this.made ?? this.remake();
  }
}

/** A chunk's content: a marked or lazy piece's own, anything else as it is. */
export const chunkContent = (chunk: JsonChunk): string | Uint8Array =>
  chunk instanceof MarkedPiece || chunk instanceof LazyPiece ? chunk.content() : chunk;

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || hasToJson(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function hasToJson(value: object): value is { toJSON(key: string): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
