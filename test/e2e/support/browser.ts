/**
 * Debian's Chromium driven by playwright-core (no browser download). The flags keep Chromium from reaching
 * for the network, which this machine does not have.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * The browser to drive: KEYWARDEN_CHROMIUM names any Chrome or Chromium executable (the CI workflow points it at the
 * runner's preinstalled Google Chrome on Linux, Windows and macOS); CHROMIUM_PATH is its older name. Without either,
 * Debian's Chromium.
 */
export const CHROMIUM_PATH = process.env.KEYWARDEN_CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: install Debian's chromium package (.ci/run does) or set KEYWARDEN_CHROMIUM to a Chrome or Chromium executable.`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // playwright gives each launch a new empty profile of its own.
  return { browser, close: () => browser.close() };
}
