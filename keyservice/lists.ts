/**
 * Query parameters of list calls, as Flywheel's clients send them: limit (1..1000), after_id (the last _id of the
 * previous page, results ordered by _id; cannot be combined with sort), sort, filter, join_keys, and the
 * "X-Accept-Feature: pagination" header that switches the answer to { total, count, results }.
 */
import type { FastifyRequest } from 'fastify';
import type { ListCondition, ListQuery } from './db.js';
import { badRequest } from './http-error.js';

export const MAX_LIMIT = 1000;

export interface ListParams {
  readonly query: ListQuery;
  readonly joinKeys: boolean;
  readonly paginated: boolean;
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`Query parameter ${name} may be given once.`);
  return value;
}

export function parseBooleanParam(query: Record<string, unknown>, name: string): boolean {
  const value = single(query, name);
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1' || value === '') return true;
  throw badRequest(`Query parameter ${name} must be true or false.`);
}

export function wantsPagination(request: FastifyRequest): boolean {
  const header = request.headers['x-accept-feature'];
  const values = Array.isArray(header) ? header.join(',') : (header ?? '');
  return values
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .includes('pagination');
}

function parseFilterValue(column: string, raw: string): string | number | null {
  if (raw === 'null') return null;
  if (column === 'disabled') {
    if (raw === 'true') return 1;
    if (raw === 'false') return 0;
    throw badRequest('filter: disabled takes true or false.');
  }
  return raw;
}

/**
 * Supported filter syntax (a minimal part of Flywheel's): comma-separated conditions, all of which must hold:
 * `field=value` (equal), `field!=value` (not equal), `field=~regex` (case-insensitive regular expression).
 * The value `null` matches a missing value; `disabled` takes true/false.
 */
function parseFilter(text: string, columns: Readonly<Record<string, string>>): ListCondition[] {
  if (text.length > 1024) throw badRequest('filter is too long.');
  const conditions: ListCondition[] = [];
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const match = /^\s*([A-Za-z_]+)\s*(!=|=~|=)(.*)$/.exec(part);
    const field = match?.[1];
    const op = match?.[2] as ListCondition['op'] | undefined;
    const raw = match?.[3];
    if (field === undefined || op === undefined || raw === undefined) throw badRequest(`filter: cannot read "${part}".`);
    const column = columns[field];
    if (column === undefined) throw badRequest(`filter: unknown field ${field}.`);
    if (op === '=~') {
      try {
        new RegExp(raw, 'i');
      } catch {
        throw badRequest(`filter: invalid regular expression for ${field}.`);
      }
      conditions.push({ column, op, value: raw });
    } else {
      conditions.push({ column, op, value: parseFilterValue(field, raw) });
    }
  }
  return conditions;
}

/** `sort=label:asc,created:desc`; a direction may also be 1 / -1, and defaults to ascending. */
function parseSort(text: string, columns: Readonly<Record<string, string>>): ListQuery['sort'] {
  const sort: { column: string; direction: 'ASC' | 'DESC' }[] = [];
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const [field = '', direction = 'asc', extra] = part.trim().split(':');
    const column = columns[field];
    if (column === undefined || extra !== undefined) throw badRequest(`sort: unknown field ${field}.`);
    const dir = direction.toLowerCase();
    if (dir === 'asc' || dir === '1') sort.push({ column, direction: 'ASC' });
    else if (dir === 'desc' || dir === '-1') sort.push({ column, direction: 'DESC' });
    else throw badRequest(`sort: direction must be asc or desc.`);
  }
  return sort;
}

export function parseListParams(request: FastifyRequest, columns: Readonly<Record<string, string>>): ListParams {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const limitText = single(query, 'limit');
  let limit: number | null = null;
  if (limitText !== undefined) {
    limit = /^\d{1,5}$/.test(limitText) ? Number(limitText) : NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw badRequest(`limit must be an integer from 1 to ${MAX_LIMIT}.`);
    }
  }
  const afterId = single(query, 'after_id') ?? null;
  if (afterId === '') throw badRequest('after_id must not be empty.');
  const sortText = single(query, 'sort');
  const sort = sortText !== undefined ? parseSort(sortText, columns) : [];
  // Flywheel's clients: after_id cannot be combined with sort, page or skip. Other unknown parameters are ignored.
  if (afterId !== null && (sortText !== undefined || query.page !== undefined || query.skip !== undefined)) {
    throw badRequest('after_id cannot be combined with sort, page or skip.');
  }
  const filterText = single(query, 'filter');
  return {
    query: {
      conditions: filterText !== undefined ? parseFilter(filterText, columns) : [],
      sort,
      afterId,
      limit,
    },
    joinKeys: parseBooleanParam(query, 'join_keys'),
    paginated: wantsPagination(request),
  };
}

/** The answer of a list: { total, count, results } with the pagination feature, else the bare array. */
export function listAnswer<T>(
  paginated: boolean,
  total: number,
  results: T[],
): T[] | { total: number; count: number; results: T[] } {
  return paginated ? { total, count: results.length, results } : results;
}
