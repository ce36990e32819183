/**
 * Records every navigate() call of a page under test, then lets the real navigation act on it. The navigation
 * ignores pages that are not available (yet), so tests of a way to such a page assert on the call itself.
 *
 * In a test file:
 *   vi.mock('../../../renderer/navigation/navigation.js', async (importOriginal) =>
 *     (await import('../overview/navigation-spy.js')).withNavigateSpy(await importOriginal()));
 */
import { useMemo } from 'react';
import { vi } from 'vitest';
import type * as NavigationExports from '../../../renderer/navigation/navigation.js';
import type { Navigation } from '../../../renderer/navigation/navigation.js';

type NavigationModule = typeof NavigationExports;

/** Every navigate() call, with its arguments as given. Clear it in a beforeEach. */
export const navigateCalls = vi.fn<Navigation['navigate']>();

export function withNavigateSpy(actual: NavigationModule): NavigationModule {
  return {
    ...actual,
    useNavigation: () => {
      const navigation = actual.useNavigation();
      const { navigate } = navigation;
      return useMemo<Navigation>(
        () => ({
          ...navigation,
          navigate: (...args) => {
            navigateCalls(...args);
            navigate(...args);
          },
        }),
        [navigation, navigate],
      );
    },
  };
}
