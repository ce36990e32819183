/**
 * The inventory opened on a list of keys says where they came from (issue 10, "Say the right thing"): the keys
 * that expire on a day (an overview's collision warning or chart bar), or a notification's keys. The day travels in
 * the address, so the app opened at that address says it too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { App } from '../../../renderer/app.js';
import { chosenKeysFilter, chosenKeysText } from '../../../renderer/navigation/chosen-keys.js';
import { InventoryPage } from '../../../renderer/pages/inventory/inventory-page.js';
import { renderPage } from '../keys/support.js';
import { installNotificationsFake } from '../notifications/support.js';

describe('the words for a list of keys', () => {
  it('name the day the keys expire on, or the notification', () => {
    expect(chosenKeysText(5, '2027-01-14')).toBe('Showing the 5 keys that expire on 2027-01-14');
    expect(chosenKeysText(1, '2027-01-14')).toBe('Showing the key that expires on 2027-01-14');
    expect(chosenKeysText(2, undefined)).toBe('Showing 2 keys from a notification');
    expect(chosenKeysText(1, undefined)).toBe('Showing 1 key from a notification');
    expect(chosenKeysText(12000, '2027-01-14')).toBe('Showing the 12,000 keys that expire on 2027-01-14');
    expect(chosenKeysText(1500, undefined)).toBe('Showing 1,500 keys from a notification');
    expect(chosenKeysFilter('2027-01-14')).toBe('The keys that expire on 2027-01-14');
    expect(chosenKeysFilter(undefined)).toBe('The keys of a notification');
  });
});

describe('the inventory opened on a list of keys', () => {
  afterEach(() => window.history.pushState(null, '', window.location.pathname));

  it('says the day when the keys are those of an expiry day, and not "notification"', async () => {
    installNotificationsFake();
    renderPage(
      <InventoryPage initialKeyIds={['k-ct', 'k-own']} keysExpiringOn="2027-01-14" disableVirtualization />,
      'inventory',
    );
    expect(await screen.findByText('Showing the 2 keys that expire on 2027-01-14')).toBeTruthy();
    expect(screen.queryByText(/notification/)).toBeNull();
  });

  it("still says notification for a notification's keys", async () => {
    installNotificationsFake();
    renderPage(<InventoryPage initialKeyIds={['k-ct', 'k-own']} disableVirtualization />, 'inventory');
    expect(await screen.findByText('Showing 2 keys from a notification')).toBeTruthy();
    expect(screen.queryByText(/expire on/)).toBeNull();
  });

  it("says the day when the app opens at an expiry day's address (a reload, back from a key's owner)", async () => {
    installNotificationsFake();
    window.history.pushState(null, '', '#/inventory?keys=k-ct,k-own&day=2027-01-14');
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
    render(<App queryClient={queryClient} />);
    expect(await screen.findByText('Showing the 2 keys that expire on 2027-01-14')).toBeTruthy();
  });
});
