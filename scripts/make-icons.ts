/**
 * `npm run icons`: renders the app icon's one source image, `build/icon.svg`, into the PNGs electron-builder uses:
 * `build/icon.png` (1024x1024: electron-builder makes the macOS .icns and the Windows .ico from it) and
 * `build/icons/<n>x<n>.png`, the Linux icon set (the file names carry the size, as electron-builder expects).
 *
 * The PNGs are committed, so `npm run dist` needs no browser. After editing the SVG, regenerate them with
 * `npm run icons` and commit the result. The only image renderer on our build machines is Chromium, driven here by
 * playwright-core (Debian's `/usr/bin/chromium`, or the browser named by KEYWARDEN_CHROMIUM); no browser download.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));

export const ICON_SOURCE = path.join(root, 'build', 'icon.svg');
/** macOS wants at least 512x512 and electron-builder recommends 1024x1024 for the .icns it derives. */
export const MASTER_ICON = { file: path.join(root, 'build', 'icon.png'), size: 1024 } as const;
/** The hicolor theme's usual sizes (freedesktop icon theme spec), up to 512 for high-density screens. */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
export const linuxIconFile = (size: number): string => path.join(root, 'build', 'icons', `${size}x${size}.png`);

const chromiumPath = (): string => process.env.KEYWARDEN_CHROMIUM ?? '/usr/bin/chromium';

async function renderIcons(): Promise<void> {
  const svg = fs.readFileSync(ICON_SOURCE, 'utf8');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const targets = [MASTER_ICON, ...LINUX_ICON_SIZES.map((size) => ({ file: linuxIconFile(size), size }))];
    for (const { file, size } of targets) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      // The SVG as an image scaled by the browser, so small sizes get Chromium's own anti-aliasing.
      const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // omitBackground keeps the corners outside the rounded square transparent.
      await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
      await page.close();
      process.stdout.write(`${path.relative(root, file)}\n`);
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  renderIcons().catch((error: unknown) => {
    process.stderr.write(`make-icons: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
