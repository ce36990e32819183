import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

afterEach(() => cleanup());

// jsdom has no matchMedia; MUI's useMediaQuery and the theme's OS preference need one.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// Each test installs its own fake keyAdmin (fake-key-admin.ts); none survives into the next test. Nor does what
// the window kept (the columns an admin chose for a table).
afterEach(() => {
  delete window.keyAdmin;
  window.localStorage.clear();
});
