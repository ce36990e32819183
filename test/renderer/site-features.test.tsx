import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { SiteFeaturesList } from '../../renderer/pages/connect/site-features-list.js';

describe('what the site supports', () => {
  it('lists the supported features and marks the missing ones', () => {
    render(
      <SiteFeaturesList
        features={{ deviceRegistry: true, deviceHealth: true, deviceKeys: true, ownKeys: true, allUserKeys: false }}
      />,
    );
    const items = within(screen.getByRole('list', { name: 'Supported by this site' })).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      'Device registry',
      'Device health',
      'Device keys',
      'Your own keys',
      "Every user's keys in one inventory: not on this site",
    ]);
  });

  it('says so when the site publishes no readable API description', () => {
    render(<SiteFeaturesList features={null} />);
    expect(screen.getByText(/publishes no API description/)).toBeTruthy();
  });
});
