/** Recognisable fake secrets (security.md, canary test pattern), and where to look for them. */
import fs from 'node:fs';
import path from 'node:path';

export const ADMIN_CANARY = 'ADMINCANARY';
/** A 57-character enhanced secret holding ADMINCANARY; the key service accepts it as the demo admin's key. */
export const ADMIN_CANARY_SECRET = `djE${ADMIN_CANARY}${'Q'.repeat(57 - 3 - ADMIN_CANARY.length)}`;
export const KEY_CANARY = 'KEYCANARY';

/** Every file below a folder whose bytes contain the text. */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && fs.readFileSync(full).includes(needle)) hits.push(full);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return hits;
}
