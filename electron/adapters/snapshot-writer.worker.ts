/**
 * The snapshot writer's worker thread (started by worker-snapshot-writer.ts): it receives a file's JSON in pieces and
 * writes it as atomic-file.ts does (security.md E1): a temporary file `.<name>.<12 hex>.tmp` in the same folder
 * (the pattern removeLeftoverTempFiles clears after a crash), fsync, rename over the target, fsync the folder.
 * The pieces go to disk as they come, so the worker never holds the whole text.
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
  | { readonly op: 'piece'; readonly id: number; readonly bytes: Uint8Array }
  | { readonly op: 'commit'; readonly id: number }
  | { readonly op: 'abort'; readonly id: number };

interface OpenFile {
  readonly target: string;
  readonly temp: string;
  readonly fd: number;
}

const MODE = 0o600;
const files = new Map<number, OpenFile | { readonly failed: string }>();

function handle(request: WriterRequest): { id: number; ok: boolean; message?: string } | null {
  const current = files.get(request.id);
  try {
    switch (request.op) {
      case 'open': {
        const dir = path.dirname(request.file);
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const temp = path.join(dir, `.${path.basename(request.file)}.${randomBytes(6).toString('hex')}.tmp`);
        files.set(request.id, { target: request.file, temp, fd: fs.openSync(temp, 'wx', MODE) });
        return null;
      }
      case 'piece':
        if (current && 'fd' in current) writeAll(current.fd, request.bytes);
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

function commit(file: OpenFile): void {
  try {
    fs.fsyncSync(file.fd);
  } finally {
    fs.closeSync(file.fd);
  }
  try {
    fs.renameSync(file.temp, file.target);
  } catch (error) {
    fs.rmSync(file.temp, { force: true });
    throw error;
  }
  fs.chmodSync(file.target, MODE);
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
