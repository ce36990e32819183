/** The fastify app: fault injection, rate limit, authentication, Flywheel-style errors, and the route table. */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { authenticate, type Principal } from './auth.js';
import { errorBody, HttpError } from './http-error.js';
import type { FaultInjector, GarbledAnswer } from './faults.js';
import type { RateLimiter } from './rate-limit.js';
import { isSiteAdmin } from './serialize.js';
import { routeTable } from './routes/index.js';
import type { RouteSpec } from './routes/route.js';
import type { ServiceState } from './state.js';

export const BODY_LIMIT = 64 * 1024;

export interface ServerOptions {
  readonly state: ServiceState;
  readonly faults: FaultInjector;
  readonly rateLimiter: RateLimiter | null;
  readonly logger: boolean;
}

function pathOf(request: FastifyRequest): string {
  const url = request.raw.url ?? request.url;
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

function checkAccess(route: RouteSpec, principal: Principal): void {
  if (route.access === 'user' && principal.type !== 'user') throw new HttpError(403, 'This call needs a user API key.');
  if (route.access === 'device' && principal.type !== 'device') {
    throw new HttpError(403, 'This call needs a device API key.');
  }
  if (route.access === 'admin' && (principal.type !== 'user' || !isSiteAdmin(principal.user))) {
    throw new HttpError(403, 'Only site administrators may do this.');
  }
}

/** The answer a committed request gets instead of its own (see `commitThenAnswerNext`). */
function garbledPayload(garble: GarbledAnswer, reply: FastifyReply, payload: unknown, requestId: string): string {
  if ('status' in garble) {
    reply.code(garble.status).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(errorBody(garble.status, 'Injected fault after the change was made.', requestId));
  }
  reply.code(200);
  switch (garble.garbage) {
    case 'html':
      reply.header('content-type', 'text/html; charset=utf-8');
      return '<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
    case 'truncated-json': {
      reply.header('content-type', 'application/json; charset=utf-8');
      const text = typeof payload === 'string' && payload.length > 1 ? payload : '{"_id":"';
      return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    }
    case 'wrong-shape':
      reply.header('content-type', 'application/json; charset=utf-8');
      return JSON.stringify({ ok: true });
  }
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const { state, faults, rateLimiter } = options;
  const app = Fastify({
    logger: options.logger,
    bodyLimit: BODY_LIMIT,
    // A random id per request, reported in every error body as Flywheel does; never taken from the client.
    genReqId: () => randomBytes(12).toString('hex'),
    requestIdHeader: false,
    // close() must not wait for keep-alive connections of test clients.
    forceCloseConnections: true,
  });
  const dropped = new WeakSet<FastifyRequest>();
  const garbled = new WeakMap<FastifyRequest, GarbledAnswer>();

  app.addHook('onRequest', async (request, reply) => {
    if (faults.idle) return;
    const decision = faults.decide(request.method, pathOf(request));
    if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
    if (decision.fail) {
      if (decision.fail.retryAfter !== undefined) reply.header('retry-after', decision.fail.retryAfter);
      const message = decision.fail.status === 429 ? 'Too many requests.' : 'Injected fault.';
      return reply.code(decision.fail.status).send(errorBody(decision.fail.status, message, request.id));
    }
    if (decision.drop) dropped.add(request);
    if (decision.garble) garbled.set(request, decision.garble);
    return undefined;
  });

  if (rateLimiter) {
    app.addHook('onRequest', async (request, reply) => {
      const wait = rateLimiter.check(request.headers.authorization, request.ip);
      if (wait === null) return undefined;
      return reply
        .code(429)
        .header('retry-after', String(wait))
        .send(errorBody(429, 'Too many requests. Retry later.', request.id));
    });
  }

  app.addHook('onSend', async (request, reply, payload) => {
    // A lost answer: the work is done and committed, but the client never hears back.
    if (dropped.has(request)) reply.raw.destroy();
    const garble = garbled.get(request);
    // A garbled answer: the work is done and committed, but the answer says otherwise or cannot be read.
    if (garble && reply.statusCode < 400) return garbledPayload(garble, reply, payload, request.id);
    return payload;
  });

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      return reply.code(error.status).send(errorBody(error.status, error.message, request.id));
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error(error);
      return reply.code(500).send(errorBody(500, 'Internal server error.', request.id));
    }
    // fastify's own client errors (bad JSON, body too large, unsupported content type) keep their status.
    return reply.code(status).send(errorBody(status, error.message, request.id));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody(404, `No such call: ${request.method} ${pathOf(request)}`, request.id)),
  );

  for (const route of routeTable()) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        let principal: Principal | null = null;
        if (route.access !== 'public') {
          principal = authenticate(state, request.headers.authorization);
          checkAccess(route, principal);
        }
        const result = await route.handle({ request, reply, principal, state });
        if (result === undefined) return reply.code(204).send();
        return result;
      },
    });
  }
  return app;
}
