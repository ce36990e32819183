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
import { jsonChunks } from '../services/json-chunks.js';
import type { WriterRequest } from './snapshot-writer.worker.js';

const reply = z.object({ id: z.number(), ok: z.boolean(), message: z.string().optional() });

export interface WorkerSnapshotWriterOptions {
  /** The worker script; by default the one beside this module (the .ts source, or the built .js beside main.js). */
  readonly workerUrl?: URL;
  /** Items of a list stringified per slice. */
  readonly sliceItems?: number;
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
      const pending = waiting.get(parsed.data.id);
      if (!pending) return;
      waiting.delete(parsed.data.id);
      if (parsed.data.ok) pending.resolve();
      else pending.reject(new Error(`The snapshot could not be written (${parsed.data.message ?? 'unknown'}).`));
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

  const writeNow = async (file: string, value: unknown): Promise<void> => {
    const current = (worker ??= start());
    current.ref();
    const id = ++nextId;
    const done = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
    post(current, { op: 'open', id, file });
    try {
      for (const text of jsonChunks(value, sliceItems)) {
        // Encoded here, once, into a buffer of its own that is moved to the worker, not copied: a string would be
        // copied into the message, copied out in the worker and encoded there again.
        const bytes = encoder.encode(text);
        current.postMessage({ op: 'piece', id, bytes } satisfies WriterRequest, [bytes.buffer]);
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
      const writing = writeNow(file, value);
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
