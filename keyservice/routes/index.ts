import { deviceRoutes } from './devices.js';
import { metaRoutes } from './meta.js';
import type { RouteSpec } from './route.js';
import { userRoutes } from './users.js';

/** Every route the keyservice serves, in one table. */
export function routeTable(): readonly RouteSpec[] {
  const table: RouteSpec[] = [];
  table.push(...metaRoutes(() => table), ...userRoutes, ...deviceRoutes);
  return table;
}
