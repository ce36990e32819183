/** Version, auth status and the OpenAPI document. */
import { buildOpenApi } from '../openapi.js';
import { rolesOf, isSiteAdmin } from '../serialize.js';
import type { RouteSpec } from './route.js';

export function metaRoutes(table: () => readonly RouteSpec[]): readonly RouteSpec[] {
  return [
    {
      method: 'GET',
      path: '/api/version',
      access: 'public',
      tag: 'meta',
      summary: 'The site release',
      handle: (context) => ({
        _id: 'version',
        release: context.state.release,
        flywheel_release: context.state.release,
        database: 'sqlite',
      }),
    },
    {
      method: 'GET',
      path: '/api/auth/status',
      access: 'any',
      tag: 'meta',
      summary: 'Who the key belongs to',
      handle: (context) => {
        const principal = context.principal;
        if (principal?.type === 'user') {
          return {
            origin: { type: 'user', id: principal.user.id },
            user_is_admin: isSiteAdmin(principal.user),
            is_device: false,
            roles: rolesOf(principal.user),
          };
        }
        return {
          origin: { type: 'device', id: principal?.device.id ?? '' },
          user_is_admin: false,
          is_device: true,
          roles: [],
        };
      },
    },
    {
      method: 'GET',
      path: '/api/openapi.json',
      access: 'public',
      tag: 'meta',
      summary: 'This document',
      handle: (context) => buildOpenApi(table(), context.state.release),
    },
  ];
}
