/**
 * Main's log file, size-capped (issue 11, "Logs rotate"): lines go to `main.log`; a line that would take it past
 * the cap first moves it to `main.1.log`, the older ones one step further (`main.1.log` -> `main.2.log` ...), and the
 * oldest beyond `keep` is deleted. So the folder never holds more than (keep + 1) x cap bytes, however long the app
 * runs in the tray. Lines reach it only through the redacting logger (services/logger.ts). Files are the admin's
 * alone (0600). A log that cannot be written never stops the app.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface RotatingLogOptions {
  readonly dir: string;
  /** File name without `.log`: `main` writes main.log, main.1.log, ... */
  readonly name: string;
  readonly maxBytes: number;
  /** How many rotated files are kept besides the current one. */
  readonly keep: number;
}

/** 1 MiB x (1 + 4): a few weeks of an ordinary admin's log lines. */
export const MAIN_LOG = { name: 'main', maxBytes: 1024 * 1024, keep: 4 } as const;

export function logFileName(name: string, index: number): string {
  return index === 0 ? `${name}.log` : `${name}.${index}.log`;
}

export function createRotatingLog(options: RotatingLogOptions): (line: string) => void {
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const fileAt = (index: number): string => path.join(options.dir, logFileName(options.name, index));
  const current = fileAt(0);
  let size = sizeOf(current);

  const rotate = (): void => {
    fs.rmSync(fileAt(options.keep), { force: true });
    for (let index = options.keep - 1; index >= 0; index -= 1) {
      if (fs.existsSync(fileAt(index))) fs.renameSync(fileAt(index), fileAt(index + 1));
    }
    // keep = 0: nothing is kept, the current file just starts again.
    fs.rmSync(current, { force: true });
    size = 0;
  };

  return (line) => {
    const bytes = Buffer.byteLength(line, 'utf8') + 1;
    try {
      if (size > 0 && size + bytes > options.maxBytes) rotate();
      fs.appendFileSync(current, `${line}\n`, { mode: 0o600 });
      size += bytes;
    } catch {
      // A full disk or a file held open elsewhere (Windows) must not stop the app; the size is read again.
      size = sizeOf(current);
    }
  };
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
