/**
 * Which of the app's features a site supports, read from the OpenAPI document every Flywheel site publishes at
 * /api/openapi.json (flywheel-api.md, "The app should read it"). Pure: the document in, a summary out.
 */
import { z } from 'zod';

export const siteFeatures = z.object({
  /** GET and POST /devices: the device registry. */
  deviceRegistry: z.boolean(),
  /** GET /devices/status: device health. */
  deviceHealth: z.boolean(),
  /** POST /devices/{id}/key: device keys. */
  deviceKeys: z.boolean(),
  /** POST /users/self/key: the admin's own keys. */
  ownKeys: z.boolean(),
  /** GET /users with join_keys: every user's keys in one inventory (not on Flywheel's public API). */
  allUserKeys: z.boolean(),
});
export type SiteFeatures = z.infer<typeof siteFeatures>;

const operation = z.looseObject({
  parameters: z
    .array(z.looseObject({ name: z.string().max(200) }))
    .max(200)
    .optional(),
});
const document = z.looseObject({
  paths: z.record(z.string().max(500), z.record(z.string().max(20), z.unknown())),
});

/** The features a document describes, or null when it is not an OpenAPI document the app can read. */
export function siteFeaturesFromOpenApi(input: unknown): SiteFeatures | null {
  const parsed = document.safeParse(input);
  if (!parsed.success) return null;
  const paths = parsed.data.paths;
  const has = (path: string, method: string): boolean => {
    const item = paths[path] ?? paths[`/api${path}`];
    return item !== undefined && Object.hasOwn(item, method);
  };
  const parameterNames = (path: string, method: string): string[] => {
    const item = paths[path] ?? paths[`/api${path}`];
    const found = operation.safeParse(item?.[method]);
    return found.success ? (found.data.parameters ?? []).map((parameter) => parameter.name) : [];
  };
  return {
    deviceRegistry: has('/devices', 'get') && has('/devices', 'post'),
    deviceHealth: has('/devices/status', 'get'),
    deviceKeys: has('/devices/{id}/key', 'post') || has('/devices/{DeviceId}/key', 'post'),
    ownKeys: has('/users/self/key', 'post'),
    allUserKeys: has('/users', 'get') && parameterNames('/users', 'get').includes('join_keys'),
  };
}

export const SITE_FEATURE_TEXT: Readonly<Record<keyof SiteFeatures, string>> = {
  deviceRegistry: 'Device registry',
  deviceHealth: 'Device health',
  deviceKeys: 'Device keys',
  ownKeys: 'Your own keys',
  allUserKeys: "Every user's keys in one inventory",
};
