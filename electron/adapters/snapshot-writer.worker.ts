/**
 * The snapshot writer's worker thread (started by worker-snapshot-writer.ts): it receives a file's JSON in pieces and
 * writes it as atomic-file.ts does (security.md E1): a temporary file `.<name>.<12 hex>.tmp` in the same folder
 * (the pattern removeLeftoverTempFiles clears after a crash), fsync, rename over the target, fsync the folder.
 * The pieces go to disk as they come, so the worker never holds the whole text.
 *
 * A piece may carry a mark (MarkedPiece in json-chunks.ts). The worker remembers where each marked piece went in the
 * file it last wrote to each target, and what that file is (inode, size, modification time), so a later write of
 * the same target can ask for a marked piece by its mark alone: it is copied from that file, which must still be the
 * one this thread wrote. Where it is not (another file there, the piece not in it), the write fails as
 * `copy-unavailable` and the sender writes again with every piece's bytes.
 *
 * It imports Node built-ins only: the main-process build emits it as its own file beside main.js, sharing no chunk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

/** What the main thread sends; replies are `{ id, ok: true }` or `{ id, ok: false, message }`, and `{ returned }`. */
export type WriterRequest =
  | { readonly op: 'open'; readonly id: number; readonly file: string }
  /**
   * The next piece of the file's JSON, UTF-8 encoded: its buffer transferred, not copied, and sent back once written
   * (`{ returned }`) to be used for a later piece; or in a SharedArrayBuffer, read where it is and kept by the sender.
   */
  | { readonly op: 'piece'; readonly id: number; readonly bytes: Uint8Array; readonly mark?: number }
  /** A marked piece of the file this thread last wrote to the same target, copied from there. */
  | { readonly op: 'copy'; readonly id: number; readonly mark: number; readonly byteLength: number }
  | { readonly op: 'commit'; readonly id: number }
  | { readonly op: 'abort'; readonly id: number };

/** Where a marked piece is in a file. */
interface Place {
  readonly offset: number;
  readonly length: number;
}

interface OpenFile {
  readonly target: string;
  readonly temp: string;
  readonly fd: number;
  /** Bytes written so far. */
  at: number;
  readonly marks: Map<number, Place>;
}

/** The file this thread last wrote to a target: which one it is, and where its marked pieces are. */
interface WrittenFile {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly marks: ReadonlyMap<number, Place>;
}

/** The failure of a write that asked for a piece the file there does not have (or is not ours). */
export const COPY_UNAVAILABLE = 'copy-unavailable';

const MODE = 0o600;
const files = new Map<number, OpenFile | { readonly failed: string }>();
const written = new Map<string, WrittenFile>();
/** Copies go through this buffer, a slice at a time. */
const copyBuffer = new Uint8Array(256 * 1024);

function handle(request: WriterRequest): { id: number; ok: boolean; message?: string } | null {
  const current = files.get(request.id);
  try {
    switch (request.op) {
      case 'open': {
        const dir = path.dirname(request.file);
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const temp = path.join(dir, `.${path.basename(request.file)}.${randomBytes(6).toString('hex')}.tmp`);
        const fd = fs.openSync(temp, 'wx', MODE);
        files.set(request.id, { target: request.file, temp, fd, at: 0, marks: new Map() });
        return null;
      }
      case 'piece':
        if (current && 'fd' in current) {
          writeAll(current.fd, request.bytes);
          if (request.mark !== undefined)
            current.marks.set(request.mark, { offset: current.at, length: request.bytes.byteLength });
          current.at += request.bytes.byteLength;
        }
        return null;
      case 'copy':
        if (current && 'fd' in current) copyPiece(current, request.mark, request.byteLength);
        return null;
      case 'abort':
        files.delete(request.id);
        if (current && 'fd' in current) discard(current);
        return null;
      case 'commit': {
        files.delete(request.id);
        if (!current) return { id: request.id, ok: false, message: 'not-open' };
        if ('failed' in current) return { id: request.id, ok: false, message: current.failed };
        commit(current);
        return { id: request.id, ok: true };
      }
    }
  } catch (error) {
    // The first failure of a file is its answer at commit; its temporary file goes at once.
    if (current && 'fd' in current) discard(current);
    const message = (error as { code?: string }).code ?? 'write-failed';
    if (request.op === 'commit') return { id: request.id, ok: false, message };
    files.set(request.id, { failed: message });
    return null;
  }
}

/** The piece marked `mark` in the file this thread last wrote to the target, if it is still there, appended. */
function copyPiece(file: OpenFile, mark: number, byteLength: number): void {
  const last = written.get(file.target);
  const place = last?.marks.get(mark);
  if (!last || !place || place.length !== byteLength) throw unavailable();
  // Opened and closed here, in one step of this thread: no rename over the target (also this thread's) meets it open.
  const source = openUnchanged(file.target, last);
  try {
    for (let done = 0; done < place.length;) {
      const read = readSource(source, Math.min(copyBuffer.byteLength, place.length - done), place.offset + done);
      writeAll(file.fd, copyBuffer.subarray(0, read));
      done += read;
    }
  } finally {
    fs.closeSync(source);
  }
  file.marks.set(mark, { offset: file.at, length: byteLength });
  file.at += byteLength;
}

/** The target opened for reading, if it is the file this thread wrote there last; else unavailable. */
function openUnchanged(target: string, last: WrittenFile): number {
  let source: number;
  try {
    source = fs.openSync(target, 'r');
  } catch {
    throw unavailable();
  }
  const stat = fs.fstatSync(source);
  if (stat.ino !== last.ino || stat.size !== last.size || stat.mtimeMs !== last.mtimeMs) {
    fs.closeSync(source);
    throw unavailable();
  }
  return source;
}

/** Up to `length` bytes of the source into copyBuffer; a source that cannot be read, or ends early, is unavailable. */
function readSource(source: number, length: number, position: number): number {
  let read: number;
  try {
    read = fs.readSync(source, copyBuffer, 0, length, position);
  } catch {
    throw unavailable();
  }
  if (read === 0) throw unavailable();
  return read;
}

const unavailable = (): Error => Object.assign(new Error(COPY_UNAVAILABLE), { code: COPY_UNAVAILABLE });

function commit(file: OpenFile): void {
  let stat: fs.Stats;
  try {
    fs.fsyncSync(file.fd);
    stat = fs.fstatSync(file.fd);
  } finally {
    fs.closeSync(file.fd);
  }
  // Forgotten first: whatever happens below, the file there may no longer be the one remembered.
  written.delete(file.target);
  try {
    fs.renameSync(file.temp, file.target);
  } catch (error) {
    fs.rmSync(file.temp, { force: true });
    throw error;
  }
  fs.chmodSync(file.target, MODE);
  written.set(file.target, { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, marks: file.marks });
  try {
    const dirFd = fs.openSync(path.dirname(file.target), 'r');
    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
  } catch {
    // Some platforms cannot fsync a folder; the rename is still atomic.
  }
}

/** writeSync may write less than asked (a full disk, a signal): the rest follows, or the error does. */
export function writeAll(
  fd: number,
  bytes: Uint8Array,
  write: (fd: number, bytes: Uint8Array, offset: number) => number = fs.writeSync,
): void {
  for (let at = 0; at < bytes.byteLength;) at += write(fd, bytes, at);
}

function discard(file: OpenFile): void {
  try {
    fs.closeSync(file.fd);
  } catch {
    // Already closed.
  }
  fs.rmSync(file.temp, { force: true });
}

parentPort?.on('message', (request: WriterRequest) => {
  const reply = handle(request);
  // Whether written or not, a moved buffer goes back: kept here, it would stay allocated until this thread's next
  // collection, which a thread that allocates next to nothing hardly ever makes. Shared bytes stay the sender's.
  if (request.op === 'piece' && Object.prototype.toString.call(request.bytes.buffer) === '[object ArrayBuffer]') {
    const returned = request.bytes.buffer as ArrayBuffer;
    parentPort?.postMessage({ returned }, [returned]);
  }
  if (reply) parentPort?.postMessage(reply);
});
