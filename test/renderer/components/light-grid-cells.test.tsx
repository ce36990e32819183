import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { GridRowCheckbox, ROW_CHECKBOX_CLASS } from '../../../renderer/components/grid-row-checkbox.js';
import { KEY_STATUS_COLOR, KeyStatusBadge, STATUS_BADGE_CLASS } from '../../../renderer/components/key-status-chip.js';
import { buildTheme } from '../../../renderer/theme/app-theme.js';
import { gridCellStyles } from '../../../renderer/theme/grid-cells.js';
import { KEY_STATUSES, KEY_STATUS_TEXT } from '../../../shared/key-status.js';

const CHIP_TEXT = { fontSize: '0.75rem', fontWeight: 600 };

describe('GridRowCheckbox (the grid rows’ native checkbox)', () => {
  it('takes the label, name, state and handlers the grid hands its own checkbox, and nothing meant for MUI’s', () => {
    const onChange = vi.fn();
    const { container } = render(
      <GridRowCheckbox
        checked={false}
        tabIndex={-1}
        onChange={onChange}
        slotProps={{ htmlInput: { 'aria-label': 'Select row', name: 'select_row' } }}
        {...({ touchRippleRef: {}, material: {}, density: 'compact', size: 'small' } as object)}
      />,
    );
    const box = screen.getByRole('checkbox', { name: 'Select row' });
    expect(box).toHaveProperty('checked', false);
    expect(box.getAttribute('name')).toBe('select_row');
    expect(box.getAttribute('tabindex')).toBe('-1');
    expect(container.firstElementChild?.className).toBe(ROW_CHECKBOX_CLASS);
    for (const prop of ['touchrippleref', 'material', 'density', 'size']) expect(box.hasAttribute(prop)).toBe(false);
    fireEvent.click(box);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('shows checked, disabled and partly checked as a native checkbox does', () => {
    const { rerender } = render(<GridRowCheckbox checked disabled slotProps={{ htmlInput: { 'aria-label': 'Unselect row' } }} />);
    const box = screen.getByRole('checkbox', { name: 'Unselect row' }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    expect(box.disabled).toBe(true);
    expect(box.indeterminate).toBe(false);
    rerender(<GridRowCheckbox indeterminate slotProps={{ htmlInput: { 'aria-label': 'Unselect row' } }} />);
    expect(box.indeterminate).toBe(true);
    expect(box.checked).toBe(false);
  });
});

describe('KeyStatusBadge (a status in a grid cell)', () => {
  it.each(KEY_STATUSES)('names %s and carries its chip colour', (status) => {
    render(<KeyStatusBadge status={status} />);
    const badge = screen.getByText(KEY_STATUS_TEXT[status]);
    expect(badge.className).toBe(STATUS_BADGE_CLASS);
    expect(badge.dataset.color).toBe(KEY_STATUS_COLOR[status]);
    expect(badge.dataset.variant).toBe(status === 'active' ? 'outlined' : 'filled');
  });
});

describe('gridCellStyles (the theme’s rules for the light cells)', () => {
  it.each(['light', 'dark'] as const)('draws each %s badge in the colours MUI’s Chip has for it', (mode) => {
    const theme = buildTheme(mode);
    const rules = gridCellStyles(theme, CHIP_TEXT) as Record<string, Record<string, unknown>>;
    const rule = (color: string, variant: string) =>
      rules[`& .${STATUS_BADGE_CLASS}[data-color="${color}"][data-variant="${variant}"]`];
    expect(rule('error', 'filled')).toEqual({
      color: theme.palette.error.contrastText,
      backgroundColor: theme.palette.error.main,
    });
    expect(rule('warning', 'filled')).toEqual({
      color: theme.palette.warning.contrastText,
      backgroundColor: theme.palette.warning.main,
    });
    expect(rule('secondary', 'filled')).toEqual({
      color: theme.palette.secondary.contrastText,
      backgroundColor: theme.palette.secondary.main,
    });
    expect(rule('default', 'filled')).toEqual({
      color: theme.palette.text.primary,
      backgroundColor: theme.palette.action.selected,
    });
    expect(rule('success', 'outlined')).toMatchObject({ color: theme.palette.success.main });
    // Every status's colour and variant has its rule.
    for (const status of KEY_STATUSES) {
      expect(rule(KEY_STATUS_COLOR[status], status === 'active' ? 'outlined' : 'filled')).toBeDefined();
    }
    expect(rules[`& .${STATUS_BADGE_CLASS}`]).toMatchObject(CHIP_TEXT);
  });

  it('are part of every grid’s root style in the theme', () => {
    const theme = buildTheme('dark');
    const root = theme.components?.MuiDataGrid?.styleOverrides?.root as (props: { theme: typeof theme }) => object;
    expect(root({ theme })).toMatchObject(gridCellStyles(theme, CHIP_TEXT));
  });

  it('colours a checked row checkbox with the primary colour', () => {
    const theme = buildTheme('light');
    const rules = gridCellStyles(theme, CHIP_TEXT) as Record<string, Record<string, unknown>>;
    expect(rules[`& .${ROW_CHECKBOX_CLASS} input`]).toMatchObject({ accentColor: theme.palette.primary.main });
  });
});
