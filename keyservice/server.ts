/** The fastify app: fault injection, rate limit, authentication, Flywheel-style errors, and the route table. */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { authenticate, type Principal } from './auth.js';
import { errorBody, HttpError } from './http-error.js';
import type { FaultInjector } from './faults.js';
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
