/** Small helpers for keyservice tests: call the service over real HTTP with a key's secret. */
import { authorizationHeader } from '../../../shared/key-string.js';

export const CANARY_ADMIN_SECRET = 'ADMINCANARY'.padEnd(57, 'x');

/** The secret of a key string (its last ":" part). */
export function secretOf(keyString: string): string {
  const secret = keyString.split(':').pop();
  if (!secret) throw new Error('no secret in key string');
  return secret;
}

export interface ErrorBody {
  message: string;
  status_code: number;
  request_id: string;
}

export interface KeyBody {
  _id: string;
  label: string;
  type: 'user' | 'device';
  origin: { type: 'user' | 'device'; id: string };
  created: string;
  expires_at: string | null;
  last_used: string | null;
  key?: string;
}

export interface DeviceBody {
  _id: string;
  label: string;
  type: string;
  interval: number | null;
  last_seen: string | null;
  disabled: boolean;
  errors: unknown[];
  api_keys?: KeyBody[];
}

export interface UserBody {
  _id: string;
  firstname: string;
  lastname: string;
  email: string;
  roles: string[];
  disabled: boolean;
  api_keys?: KeyBody[];
}

export interface Page<T> {
  total: number;
  count: number;
  results: T[];
}

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = ErrorBody>(
  baseUrl: string,
  method: string,
  path: string,
  options: { secret?: string; authorization?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (options.secret !== undefined) headers.authorization = authorizationHeader(options.secret);
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: (type.includes('application/json') && text !== '' ? JSON.parse(text) : text) as T,
  };
}

export function inDays(now: Date, days: number): string {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000).toISOString();
}

/** A clock tests can move. */
export function manualClock(start = new Date('2026-06-01T12:00:00.000Z')): {
  now: () => Date;
  advance(ms: number): void;
  set(date: Date): void;
} {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms: number) => {
      current += ms;
    },
    set: (date: Date) => {
      current = date.getTime();
    },
  };
}
