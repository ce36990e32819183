import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { SiteFeaturesList } from '../../renderer/pages/connect/site-features-list.js';

const FEATURES = { deviceRegistry: true, deviceHealth: true, deviceKeys: true, ownKeys: true, allUserKeys: false };

const chips = (name: string) =>
  within(screen.getByRole('list', { name }))
    .getAllByRole('listitem')
    .map((item) => ({ text: item.textContent, green: item.className.includes('MuiChip-colorSuccess') }));

describe('what the site supports', () => {
  it('lists the supported features and marks the missing ones', () => {
    render(<SiteFeaturesList features={FEATURES} isSiteAdmin />);
    expect(chips('Supported by this site')).toEqual([
      { text: 'Device registry', green: true },
      { text: 'Device health', green: true },
      { text: 'Device keys', green: true },
      { text: 'Your own keys', green: true },
      { text: "Every user's keys in one inventory: not on this site", green: false },
    ]);
  });

  it("marks green only what a key that is not a site admin's can use, and says what the rest needs", () => {
    render(<SiteFeaturesList features={FEATURES} isSiteAdmin={false} />);
    expect(chips('Supported by this site, for this key')).toEqual([
      { text: "Device registry: needs a site admin's key", green: false },
      { text: "Device health: needs a site admin's key", green: false },
      { text: "Device keys: needs a site admin's key", green: false },
      { text: 'Your own keys', green: true },
      { text: "Every user's keys in one inventory: not on this site", green: false },
    ]);
  });

  it('says so when the site publishes no readable API description', () => {
    render(<SiteFeaturesList features={null} isSiteAdmin />);
    expect(screen.getByText(/publishes no API description/).textContent).not.toContain('site admin');
  });

  it("says what a key that is not a site admin's can list where the site publishes no description", () => {
    render(<SiteFeaturesList features={null} isSiteAdmin={false} />);
    expect(screen.getByText(/publishes no API description/).textContent).toContain(
      "This key is not a site admin's: only your own keys can be listed.",
    );
  });
});
