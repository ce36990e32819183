/**
 * The About panel (issue 11): the version and the licences of what ships. `npm run build` writes the licence list of
 * the production dependencies and Electron (scripts/licenses.ts) beside main's bundle; main reads it here, checked
 * with zod like every file it reads, and turns it into the panel's text.
 */
import { z } from 'zod';
import type { AboutPanelOptionsOptions } from 'electron';
import { PROJECT_URL } from './window-options.js';

export const LICENCES_FILE = 'licenses.json';

export const shippedPackage = z.strictObject({ name: z.string().min(1), version: z.string().min(1), license: z.string().min(1) });
export type ShippedPackage = z.infer<typeof shippedPackage>;
export const licenceList = z.array(shippedPackage);

/** The list from the file's text; null when it is missing or not what the build writes. */
export function parseLicences(text: string | null): ShippedPackage[] | null {
  if (text === null) return null;
  try {
    const parsed = licenceList.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** One line per package, e.g. "zod 4.6.7 (MIT)". */
export function licenceLines(packages: readonly ShippedPackage[] | null): string {
  if (packages === null) return 'The licence list was not built with this copy of the app.';
  return ['Licences of the software it ships:', ...packages.map((p) => `${p.name} ${p.version} (${p.license})`)].join('\n');
}

export function aboutPanelOptions(input: {
  readonly name: string;
  readonly version: string;
  readonly platform: NodeJS.Platform;
  readonly licences: readonly ShippedPackage[] | null;
}): AboutPanelOptionsOptions {
  const credits = licenceLines(input.licences);
  const copyright = 'Copyright © 2026 Keywarden contributors';
  return {
    applicationName: input.name,
    applicationVersion: input.version,
    // `credits` shows on macOS and Windows only; Linux's panel shows the copyright text, so the list goes there too.
    ...(input.platform === 'linux' ? { copyright: `${copyright}\n\n${credits}` } : { copyright, credits }),
    website: PROJECT_URL,
  };
}
