/**
 * Connecting to a site in a real browser, through the web host, against a real key service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyService, type KeyService } from '../../keyservice/index.js';
import { ADMIN_CANARY, ADMIN_CANARY_SECRET, filesContaining } from '../support/canary.js';
import type { Page } from 'playwright-core';
import { openApp, type E2eSession } from './support/web-app.js';

async function openSites(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Sites' }).click();
  await page.getByText('Flywheel release').waitFor();
}

describe('connecting to the demo site', () => {
  let service: KeyService;
  let session: E2eSession;

  beforeAll(async () => {
    service = await startKeyService({ seed: 'demo', adminSecret: ADMIN_CANARY_SECRET });
    session = await openApp();
  });
  afterAll(async () => {
    await session?.close();
    await service?.close();
  });

  it('shows the message of a wrong key and stores nothing', async () => {
    const { page } = session;
    const wrong = `127.0.0.1:${service.port}:__force_insecure:djE${'w'.repeat(54)}`;
    await page.getByLabel('API key string').fill(wrong);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'rejected' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The site rejected the key');
  });

  it('connects with the admin key and shows the release and the admin', async () => {
    const { page } = session;
    await page.getByLabel('API key string').fill(service.keys!.admin);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    // Connected: the app moves on to the site's overview; the Sites page shows the connection.
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await openSites(page);
    const card = page.getByRole('article');
    await expect.poll(() => card.first().textContent()).toContain('18.4.0');
    const text = (await card.first().textContent()) ?? '';
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('Site admin');
    expect(text).toMatch(/session only/i);
    expect(await page.getByLabel('API key string').inputValue()).toBe('');
  });

  it('never shows the admin key in the page, a web-host response, a log line or a file', async () => {
    const { page } = session;
    // A reload lands on the page it was on (its address): the Sites page.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
    expect(await page.evaluate(() => window.location.hash)).toBe('#/sites');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Key inventory' }).click();
    await page.getByRole('grid', { name: 'Key inventory' }).waitFor();
    await openSites(page);
    const html = await page.content();
    const bodyText = await page.evaluate(() => document.body.innerText);
    expect(html).not.toContain(ADMIN_CANARY);
    expect(bodyText).not.toContain(ADMIN_CANARY);
    expect(session.responses.length).toBeGreaterThan(3);
    expect(session.responses.filter((body) => body.includes(ADMIN_CANARY))).toEqual([]);
    expect(session.logLines.length).toBeGreaterThan(0);
    expect(session.logLines.filter((line) => line.includes(ADMIN_CANARY))).toEqual([]);
    expect(filesContaining(session.dataDir, ADMIN_CANARY)).toEqual([]);
  });
});

describe('npm run web -- --demo', () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openApp({ demo: true });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('opens already connected to the demo site', async () => {
    const { page } = session;
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await openSites(page);
    const text = (await page.getByRole('article').first().textContent()) ?? '';
    expect(text).toContain('18.4.0');
    expect(text).toContain('Ada Lovelace');
  });

  it('refuses a browser that does not present the launch token', async () => {
    const other = await session.browser.newPage();
    const response = await other.goto(session.app.host.origin);
    expect(response?.status()).toBe(401);
    await other.close();
  });
});
