/** The OpenAPI 3 document, generated from the same route table fastify registers, so it lists exactly what is served. */
import type { RouteSpec } from './routes/route.js';

const LIST_PARAMETERS = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
  { name: 'after_id', in: 'query', schema: { type: 'string' }, description: 'last _id of the previous page; not with sort' },
  { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'field:asc|desc, comma-separated' },
  { name: 'filter', in: 'query', schema: { type: 'string' }, description: 'field=value, field!=value, field=~regex' },
  { name: 'join_keys', in: 'query', schema: { type: 'boolean' } },
  { name: 'X-Accept-Feature', in: 'header', schema: { type: 'string', enum: ['pagination'] } },
];

const ERROR_RESPONSE = {
  description: 'Error',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          message: { type: 'string' },
          status_code: { type: 'integer' },
          request_id: { type: 'string' },
        },
      },
    },
  },
};

/** Paths are relative to the server url /api, as on a Flywheel site: /api/devices/:id becomes /devices/{id}. */
export function openApiPath(path: string): string {
  return path.replace(/^\/api/, '').replace(/:([A-Za-z_]+)/g, '{$1}');
}

export function buildOpenApi(routes: readonly RouteSpec[], release: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    const pathParameters = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const parameters = [
      ...pathParameters,
      ...(route.list ? LIST_PARAMETERS : []),
      ...(route.joinKeys ? [{ name: 'join_keys', in: 'query', schema: { type: 'boolean' } }] : []),
    ];
    const operation: Record<string, unknown> = {
      operationId: `${route.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: route.summary,
      tags: [route.tag],
      'x-access': route.access,
      parameters,
      responses: {
        ...(route.method === 'DELETE' ? { '204': { description: 'Deleted' } } : { '200': { description: 'OK' } }),
        default: ERROR_RESPONSE,
      },
    };
    if (route.access === 'public') operation.security = [];
    if (route.body) {
      const required = Object.entries(route.body)
        .filter(([, field]) => field.required)
        .map(([name]) => name);
      const properties = Object.fromEntries(
        Object.entries(route.body).map(([name, field]) => [
          name,
          field.description ? { type: field.type, description: field.description } : { type: field.type },
        ]),
      );
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: { type: 'object', properties, required } } },
      };
    }
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Flywheel API (Keywarden keyservice subset)', version: release },
    servers: [{ url: '/api' }],
    components: {
      securitySchemes: {
        ApiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: '"Bearer <57-char secret>" for enhanced keys, "scitran-user <secret>" for legacy keys',
        },
      },
    },
    security: [{ ApiKey: [] }],
    paths,
  };
}
