import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderApp } from '../render-app.js';
import { installMigrationFake } from './migration-fixture.js';

describe('Legacy migration in the app', () => {
  it('opens from the navigation, on the active site', async () => {
    const { fake } = installMigrationFake();
    const { user } = renderApp();
    const nav = within(screen.getByRole('navigation', { name: 'Main navigation' }));
    await user.click(nav.getByRole('button', { name: 'Legacy migration' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Legacy migration' })).toBeTruthy();
    expect(await screen.findByRole('heading', { level: 2, name: 'Verdict' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Upgrade plan' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Legacy keys on the site (5)' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Deleted (1)' })).toBeTruthy();
    expect(fake.migration.view).toHaveBeenCalled();
  });
});
