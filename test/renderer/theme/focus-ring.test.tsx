import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { act, fireEvent, render } from '@testing-library/react';
import {
  Button,
  Checkbox,
  Chip,
  IconButton,
  Link,
  ListItemButton,
  MenuItem,
  MenuList,
  Switch,
  Tab,
  Tabs,
  TextField,
  ThemeProvider,
} from '@mui/material';
import { DataGrid } from '@mui/x-data-grid';
import { buildTheme } from '../../../renderer/theme/app-theme.js';
import { contrastRatio } from '../../../renderer/theme/contrast.js';

/** The CSS rules emotion has written into the document, as selector and declarations. */
function cssRules(): { selector: string; body: string }[] {
  const text = [...document.querySelectorAll('style')].map((style) => style.textContent ?? '').join('\n');
  return [...text.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selector, body]) => ({
    selector: (selector ?? '').trim(),
    body: body ?? '',
  }));
}

/** The emotion class (`css-…`) of the first element matching `selector` inside `container`. */
function emotionClass(container: HTMLElement, selector: string): string {
  const element = container.querySelector(selector);
  const cls = [...(element?.classList ?? [])].find((name) => name.startsWith('css-'));
  if (!cls) throw new Error(`No styled element at ${selector}`);
  return cls;
}

/**
 * jsdom computes no :focus-visible, so this reads the stylesheet instead: some rule on the component's own class,
 * for its keyboard-focus state, must draw a 2px solid outline in the ring colour.
 */
function ringRulesFor(cls: string, ring: string) {
  return cssRules().filter(
    ({ selector, body }) =>
      selector.includes(`.${cls}`) &&
      /focus-visible|focusVisible|:focus/i.test(selector) &&
      body.includes('outline-width:2px') &&
      body.includes('outline-style:solid') &&
      body.includes(`outline-color:${ring}`),
  );
}

const CONTROLS: [string, ReactElement, string][] = [
  ['button', <Button key="b">Save</Button>, '.MuiButton-root'],
  [
    'icon button',
    <IconButton key="i" aria-label="More">
      x
    </IconButton>,
    '.MuiIconButton-root',
  ],
  ['list item', <ListItemButton key="l">Devices</ListItemButton>, '.MuiListItemButton-root'],
  [
    'menu item',
    <MenuList key="m">
      <MenuItem>Rotate</MenuItem>
    </MenuList>,
    '.MuiMenuItem-root',
  ],
  [
    'tab',
    <Tabs key="t" value={0}>
      <Tab label="Keys" />
    </Tabs>,
    '.MuiTab-root',
  ],
  ['clickable chip', <Chip key="c" label="Expired" onClick={() => undefined} />, '.MuiChip-root'],
  ['checkbox', <Checkbox key="x" slotProps={{ input: { 'aria-label': 'Select' } }} />, '.MuiCheckbox-root'],
  ['switch', <Switch key="s" slotProps={{ input: { 'aria-label': 'On' } }} />, '.MuiSwitch-switchBase'],
  [
    'link',
    <Link key="a" href="#/devices">
      Devices
    </Link>,
    '.MuiLink-root',
  ],
  [
    'button link',
    <Link key="k" component="button">
      Open
    </Link>,
    '.MuiLink-root',
  ],
  ['text field', <TextField key="f" label="Label" />, '.MuiInputBase-root'],
  [
    'select',
    <TextField key="e" select label="Status" value="">
      <MenuItem value="">Any</MenuItem>
    </TextField>,
    '.MuiInputBase-root',
  ],
];

describe.each(['light', 'dark'] as const)('the keyboard focus ring in the %s theme', (mode) => {
  const theme = buildTheme(mode);
  const ring = String(theme.focusVisible ? theme.focusVisible.outlineColor : '');

  it('is 2px solid, outside the control, in a colour of at least 3:1 on the page and on paper', () => {
    expect(theme.focusVisible).toMatchObject({ outlineStyle: 'solid', outlineWidth: 2 });
    expect(String(theme.focusVisible && theme.focusVisible.outlineOffset)).toContain('2px');
    expect(contrastRatio(ring, theme.palette.background.default)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(ring, theme.palette.background.paper)).toBeGreaterThanOrEqual(3);
  });

  it.each(CONTROLS)('is drawn on a %s', (_name, control, selector) => {
    const { container } = render(<ThemeProvider theme={theme}>{control}</ThemeProvider>);
    expect(ringRulesFor(emotionClass(container, selector), ring)).not.toEqual([]);
  });

  it('is drawn inside grid cells and column headers', () => {
    const { container } = render(
      <ThemeProvider theme={theme}>
        <div style={{ height: 300, width: 400 }}>
          <DataGrid rows={[{ id: 1, label: 'Bay 1' }]} columns={[{ field: 'label' }]} />
        </div>
      </ThemeProvider>,
    );
    const rules = ringRulesFor(emotionClass(container, '.MuiDataGrid-root'), ring);
    const selectors = rules.map((rule) => rule.selector).join(' ');
    expect(selectors).toContain('.MuiDataGrid-cell:focus');
    expect(selectors).toContain('.MuiDataGrid-columnHeader:focus');
    expect(rules.every((rule) => rule.body.includes('outline-offset:-2px'))).toBe(true);
  });

  it('keeps the ripple', async () => {
    const { container } = render(
      <ThemeProvider theme={theme}>
        <Button>Save</Button>
      </ThemeProvider>,
    );
    const button = container.querySelector('button');
    if (!button) throw new Error('no button');
    // MUI mounts the ripple on the first press.
    await act(async () => {
      fireEvent.mouseDown(button);
      await Promise.resolve();
    });
    expect(container.querySelector('.MuiTouchRipple-root')).not.toBeNull();
  });
});
