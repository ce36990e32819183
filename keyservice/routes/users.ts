/** Users and their own keys. Only the owner creates and deletes user keys (Flywheel docs). */
import { z } from 'zod';
import { USER_LIST_COLUMNS } from '../db.js';
import { badRequest, notFound } from '../http-error.js';
import { listAnswer, parseBooleanParam, parseListParams } from '../lists.js';
import { userWire } from '../serialize.js';
import { createKey, parseBody } from './keys.js';
import { paramOf, userOf, type RouteSpec } from './route.js';

const putUserBody = z.object({ disabled: z.boolean() });

export const userRoutes: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/api/users/self',
    access: 'user',
    tag: 'users',
    summary: 'The current user, with the metadata of their own keys as api_keys [assumed]',
    handle: (context) => {
      const { user } = userOf(context);
      return userWire(user, context.state.db.keysOf('user', user.id));
    },
  },
  {
    method: 'POST',
    path: '/api/users/self/key',
    access: 'user',
    tag: 'users',
    summary: 'Create a key for the current user; the secret is in the answer once',
    body: {
      label: { type: 'string', required: true, description: 'up to 256 characters' },
      expires_at: { type: 'string', required: true, description: 'ISO 8601, in the future' },
    },
    handle: (context) => createKey(context.state, 'user', userOf(context).user.id, context.request.body),
  },
  {
    method: 'DELETE',
    path: '/api/users/self/key/:key_id',
    access: 'user',
    tag: 'users',
    summary: "Delete one of the current user's own keys",
    handle: (context) => {
      const { user } = userOf(context);
      const key = context.state.db.key(paramOf(context, 'key_id'));
      // Another owner's key answers 404 like a missing one, so ids of others' keys cannot be probed.
      if (!key || key.origin_type !== 'user' || key.origin_id !== user.id) throw notFound('API key not found.');
      context.state.db.deleteKey(key.id);
      return undefined;
    },
  },
  {
    method: 'GET',
    path: '/api/users',
    access: 'admin',
    tag: 'users',
    list: true,
    summary: 'List users; with join_keys=true each user carries api_keys metadata [assumed]',
    handle: (context) => {
      const params = parseListParams(context.request, USER_LIST_COLUMNS);
      const { db } = context.state;
      const { total, rows } = db.listUsers(params.query);
      const keys = params.joinKeys
        ? db.keysOfMany(
            'user',
            rows.map((row) => row.id),
          )
        : null;
      const results = rows.map((row) => userWire(row, keys ? (keys.get(row.id) ?? []) : undefined));
      return listAnswer(params.paginated, total, results);
    },
  },
  {
    method: 'GET',
    path: '/api/users/:id',
    access: 'admin',
    tag: 'users',
    joinKeys: true,
    summary: 'One user',
    handle: (context) => {
      const { db } = context.state;
      const user = db.user(paramOf(context, 'id'));
      if (!user) throw notFound('User not found.');
      const joinKeys = parseBooleanParam((context.request.query ?? {}) as Record<string, unknown>, 'join_keys');
      return userWire(user, joinKeys ? db.keysOf('user', user.id) : undefined);
    },
  },
  {
    method: 'PUT',
    path: '/api/users/:id',
    access: 'admin',
    tag: 'users',
    body: { disabled: { type: 'boolean', required: true } },
    summary: 'Disable or enable a user; their keys are kept but rejected (402) while disabled',
    handle: (context) => {
      const input = parseBody(putUserBody, context.request.body);
      const id = paramOf(context, 'id');
      const { db, now } = context.state;
      if (!db.user(id)) throw notFound('User not found.');
      // [assumed] An admin cannot lock themselves out of the demo site.
      if (input.disabled && id === userOf(context).user.id) throw badRequest('You cannot disable yourself.');
      db.setUserDisabled(id, input.disabled, now().toISOString());
      return { modified: 1 };
    },
  },
];
