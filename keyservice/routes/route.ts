/** One table of routes drives both the fastify registration and the OpenAPI document, so they cannot drift. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DeviceRow, KeyRow, UserRow } from '../db.js';
import type { Principal } from '../auth.js';
import { HttpError } from '../http-error.js';
import type { ServiceState } from '../state.js';

/** public: no key; any: any valid key; user / device: that kind of key; admin: a site admin's user key. */
export type Access = 'public' | 'any' | 'user' | 'device' | 'admin';

export interface RouteContext {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly principal: Principal | null;
  readonly state: ServiceState;
}

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** fastify syntax, e.g. /api/devices/:id */
  readonly path: string;
  readonly access: Access;
  readonly summary: string;
  readonly tag: string;
  /** A list call: takes limit, after_id, sort, filter, join_keys and the pagination header. */
  readonly list?: boolean;
  /** Takes join_keys (single objects). */
  readonly joinKeys?: boolean;
  /** The body it reads, for the OpenAPI document. */
  readonly body?: Readonly<Record<string, { type: string; required?: boolean; description?: string }>>;
  /** 200 with the returned value, or 204 when it returns undefined. */
  handle(context: RouteContext): unknown;
}

export function userOf(context: RouteContext): { user: UserRow; key: KeyRow } {
  const principal = context.principal;
  if (principal?.type !== 'user') throw new HttpError(403, 'This call needs a user API key.');
  return { user: principal.user, key: principal.key };
}

export function deviceOf(context: RouteContext): { device: DeviceRow; key: KeyRow } {
  const principal = context.principal;
  if (principal?.type !== 'device') throw new HttpError(403, 'This call needs a device API key.');
  return { device: principal.device, key: principal.key };
}

export function paramOf(context: RouteContext, name: string): string {
  const value = (context.request.params as Record<string, string | undefined>)[name];
  if (value === undefined || value === '') throw new HttpError(400, `Missing path parameter ${name}.`);
  return value;
}
