/**
 * The SnapshotWriter of every host: the JSON text is made on the main thread in small slices (jsonChunks), each
 * slice between two turns of the event loop, and handed to a worker thread that writes it to disk atomically
 * (snapshot-writer.worker.ts). So no single main-thread task stringifies a whole inventory, and none waits for fsync.
 *
 * The worker starts at the first write. It keeps the process alive only while a write is under way, so a host that
 * quits after awaiting its flush is never held open by an idle worker, and never exits in the middle of a write.
 */
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { SnapshotWriter } from '../ports.js';
import { chunkContent, jsonChunks, MarkedPiece } from '../services/json-chunks.js';
import { COPY_UNAVAILABLE, type WriterRequest } from './snapshot-writer.worker.js';

const reply = z.union([
  z.object({ id: z.number(), ok: z.boolean(), message: z.string().optional() }),
  // By its tag, not instanceof: a test runner's realm may have an ArrayBuffer of its own.
  z.object({ returned: z.custom<ArrayBuffer>((value) => Object.prototype.toString.call(value) === '[object ArrayBuffer]') }),
]);

/**
 * The buffers pieces are encoded into. Each goes to the worker with its piece and comes back once written, and is
 * used again. A buffer the worker simply dropped would stay allocated until the worker's next collection, which
 * an idle worker hardly ever makes: every snapshot's bytes would pile up there.
 */
export class PieceBuffers {
  private readonly free: Uint8Array<ArrayBuffer>[] = [];
  private freeBytes = 0;

  /** `keepBytes`: how much spare buffer space is kept for the next pieces; more is let go. */
  constructor(private readonly keepBytes: number) {}

  /** A buffer of at least `bytes`: a spare one where one is big enough, else a new one. */
  take(bytes: number): Uint8Array<ArrayBuffer> {
    const at = this.free.findIndex((buffer) => buffer.byteLength >= bytes);
    if (at === -1) return new Uint8Array(Math.max(bytes, MIN_PIECE_BUFFER));
    const [buffer] = this.free.splice(at, 1);
    this.freeBytes -= buffer!.byteLength;
    return buffer!;
  }

  /** A buffer back from the worker. */
  give(buffer: Uint8Array<ArrayBuffer>): void {
    if (this.freeBytes + buffer.byteLength > this.keepBytes) return;
    this.free.push(buffer);
    this.freeBytes += buffer.byteLength;
  }

  /** Spare space kept now. */
  spareBytes(): number {
    return this.freeBytes;
  }
}

const MIN_PIECE_BUFFER = 64 * 1024;

/** Spare buffer space kept by default: the pieces of a write after an action, or of a refresh's other lists. */
const DEFAULT_KEEP_BYTES = 2 * 1024 * 1024;

/** By its tag, not instanceof: a test runner's realm may have a SharedArrayBuffer of its own. */
const isShared = (bytes: Uint8Array): boolean => Object.prototype.toString.call(bytes.buffer) === '[object SharedArrayBuffer]';

export interface WorkerSnapshotWriterOptions {
  /** The worker script; by default the one beside this module (the .ts source, or the built .js beside main.js). */
  readonly workerUrl?: URL;
  /** Items of a list stringified per slice. */
  readonly sliceItems?: number;
  /** Spare piece buffer space kept between writes (PieceBuffers). */
  readonly keepBufferBytes?: number;
}

/** Where the worker script is: next to this file in the sources, next to main.js in the build (vite.electron.config). */
export function defaultWorkerUrl(moduleUrl: string = import.meta.url): URL {
  // A name held in a variable: the bundler leaves the URL alone, and main.js finds the emitted file beside it.
  const name = `snapshot-writer.worker${moduleUrl.endsWith('.ts') ? '.ts' : '.js'}`;
  return new URL(name, moduleUrl);
}

export function createWorkerSnapshotWriter(options: WorkerSnapshotWriterOptions = {}): SnapshotWriter {
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const sliceItems = options.sliceItems ?? 1000;
  const buffers = new PieceBuffers(options.keepBufferBytes ?? DEFAULT_KEEP_BYTES);
  let worker: Worker | null = null;
  let nextId = 0;
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  const fail = (error: Error): void => {
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
    worker = null;
  };
  const start = (): Worker => {
    const started = startWorker(workerUrl);
    started.on('message', (message: unknown) => {
      const parsed = reply.safeParse(message);
      if (!parsed.success) return;
      const answer = parsed.data;
      if ('returned' in answer) {
        buffers.give(new Uint8Array(answer.returned));
        return;
      }
      const pending = waiting.get(answer.id);
      if (!pending) return;
      waiting.delete(answer.id);
      if (answer.ok) pending.resolve();
      else if (answer.message === COPY_UNAVAILABLE) pending.reject(new CopyUnavailable());
      else pending.reject(new Error(`The snapshot could not be written (${answer.message ?? 'unknown'}).`));
      if (waiting.size === 0) started.unref();
    });
    started.on('error', (error) => fail(error));
    started.on('exit', () => {
      if (worker === started) fail(new Error('The snapshot writer stopped.'));
    });
    return started;
  };
  const post = (target: Worker, request: WriterRequest): void => target.postMessage(request);
  const encoder = new TextEncoder();
  /** The piece's UTF-8 bytes, in a buffer of their own (a view on its start). */
  const encodedPiece = (text: string): Uint8Array<ArrayBuffer> => {
    // Most snapshot text is ASCII, a byte a character: try a buffer that size, with room to spare.
    const buffer = buffers.take(Math.ceil(text.length * 1.125));
    const { read, written } = encoder.encodeInto(text, buffer);
    if (read === text.length) return buffer.subarray(0, written);
    buffers.give(buffer);
    return encoder.encode(text);
  };

  /**
   * Bytes for the worker: bytes in a SharedArrayBuffer as they are (the worker reads them where they are, and they
   * stay the caller's), any other bytes copied into a buffer of ours.
   */
  const bytesToPost = (bytes: Uint8Array): Uint8Array => {
    if (isShared(bytes)) return bytes;
    const buffer = buffers.take(bytes.byteLength);
    buffer.set(bytes);
    return buffer.subarray(0, bytes.byteLength);
  };

  /**
   * `copying`: marked pieces without bytes go as their mark, for the worker to copy from the file it wrote last;
   * else every piece goes as bytes (made again where needed).
   */
  const writeNow = async (file: string, value: unknown, copying: boolean): Promise<void> => {
    const current = (worker ??= start());
    current.ref();
    const id = ++nextId;
    const done = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
    post(current, { op: 'open', id, file });
    try {
      for (const chunk of jsonChunks(value, sliceItems)) {
        const mark = chunk instanceof MarkedPiece ? chunk.mark : undefined;
        if (copying && chunk instanceof MarkedPiece && chunk.made === null) {
          post(current, { op: 'copy', id, mark: chunk.mark, byteLength: chunk.byteLength });
          continue;
        }
        // Encoded here, once, into a buffer that is moved to the worker, not copied (a string would be copied into
        // the message, copied out in the worker and encoded there again), and that comes back to be used again.
        // Bytes made beforehand (JsonArrayText) are shared where they can be, else copied.
        const piece = chunkContent(chunk);
        const bytes = typeof piece === 'string' ? encodedPiece(piece) : bytesToPost(piece);
        current.postMessage(
          { op: 'piece', id, bytes, mark } satisfies WriterRequest,
          isShared(bytes) ? [] : [bytes.buffer as ArrayBuffer],
        );
        // Let the admin's work run between two slices.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      post(current, { op: 'abort', id });
      waiting.delete(id);
      if (waiting.size === 0) current.unref();
      throw error;
    }
    post(current, { op: 'commit', id });
    return done;
  };
  const writes = new Set<Promise<void>>();

  return {
    write(file, value) {
      // A piece the worker could not copy (the file there is not the one it wrote) is written again from its bytes.
      const writing = writeNow(file, value, true).catch((error: unknown) => {
        if (error instanceof CopyUnavailable) return writeNow(file, value, false);
        throw error;
      });
      const settled = writing.then(
        () => undefined,
        () => undefined,
      );
      writes.add(settled);
      void settled.then(() => writes.delete(settled));
      return writing;
    },
    async close() {
      await Promise.all([...writes]);
      const current = worker;
      worker = null;
      if (current) await current.terminate();
    },
  };
}

/** A write that asked the worker for a piece it could not copy. */
class CopyUnavailable extends Error {
  constructor() {
    super('A marked piece could not be copied from the last snapshot file.');
  }
}

/**
 * Built, the worker is plain JavaScript. From the sources (tsx, Vitest) it is TypeScript, which a new worker thread
 * cannot load by itself: a small bootstrap registers tsx there first.
 */
function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  // The ES module entry of tsx's API (its CommonJS one cannot be imported from a worker's bootstrap).
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}))`;
  return new Worker(bootstrap, { eval: true });
}

let shared: SnapshotWriter | null = null;

/**
 * One writer thread per process, whatever the number of service sets (tests build many): it starts at the first
 * write and, idle, holds nothing open.
 */
export function sharedWorkerSnapshotWriter(): SnapshotWriter {
  shared ??= createWorkerSnapshotWriter();
  return shared;
}
