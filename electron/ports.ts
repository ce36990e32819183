/**
 * Narrow interfaces between the services and the platform (design.md: services take ports in their constructors).
 * Electron adapters and the web host's Node adapters both implement them; tests use fakes.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * OS-backed encryption of small secrets: Electron's safeStorage in the desktop app.
 * `backend()` reports Linux's selected backend ('gnome_libsecret', 'kwallet6', 'basic_text', 'unknown', ...),
 * or the platform's keychain name elsewhere; 'none' where nothing can encrypt at all (the web host).
 */
export interface CredentialCipher {
  backend(): string;
  isEncryptionAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(bytes: Buffer): string;
}

/** A small persistent key/value document (electron-store in the desktop app, a JSON file in the web host). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** Problems met while opening the store (a damaged file kept aside), in words for the admin. */
  readonly problems: readonly string[];
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  readonly method: HttpMethod;
  /** A path below the site's /api root, built only from validated, encoded segments. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly signal: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly retryAfter: string | null;
  readonly body: string;
}

/** Why a request got no HTTP answer. `sent` tells whether the request may have reached the site. */
/** `plain-http`: the TLS handshake got a plain-http answer (https to an http port; OpenSSL's "wrong version number"). */
export type TransportFailureKind = 'unreachable' | 'tls' | 'plain-http' | 'timeout' | 'aborted' | 'too-large' | 'reset';

export class TransportFailure extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    readonly sent: boolean,
  ) {
    super(`transport failure: ${kind}`);
    this.name = 'TransportFailure';
  }
}

/** One site's HTTP connection. Answers every status as a response; throws only TransportFailure. */
export type SiteHttp = (request: HttpRequest) => Promise<HttpResponse>;

export interface SiteHttpOptions {
  /** The site's origin, e.g. https://flywheel.example.org */
  readonly origin: string;
  /** PEM of an explicit CA for an on-premises site with a private CA. */
  readonly caPem?: string;
  readonly socketTimeoutMs: number;
  readonly maxBodyBytes: number;
}

export type SiteHttpFactory = (options: SiteHttpOptions) => SiteHttp;

export interface Logger {
  info(event: string, fields?: Readonly<Record<string, string | number | boolean | null>>): void;
  warn(event: string, fields?: Readonly<Record<string, string | number | boolean | null>>): void;
  error(event: string, fields?: Readonly<Record<string, string | number | boolean | null>>): void;
}

/** A one-shot timer (a debounce). Tests use a fake that runs the pending tasks when told, never real time. */
export interface Timeout {
  after(ms: number, task: () => void): () => void;
}

export const systemTimeout: Timeout = {
  after(ms, task) {
    const handle = setTimeout(task, ms);
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};

/**
 * Writes the inventory snapshots to disk away from the work of the main thread (a worker in every host), atomically
 * (a temporary file, then a rename over the target), so an action never waits on a large file.
 */
export interface SnapshotWriter {
  /** Resolves once `value`, as JSON, is in `file`; rejects (with no file changed) when it could not be written. */
  write(file: string, value: unknown): Promise<void>;
  /** Waits for the writes under way, then stops; a later write starts again. */
  close(): Promise<void>;
}
