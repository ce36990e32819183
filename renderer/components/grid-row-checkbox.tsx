/**
 * A grid row's selection checkbox as a native checkbox: the grid renders one per shown row, again whenever its rows
 * change, and MUI's Checkbox is six styled components and a ripple each. With it, a status filter on the inventory
 * took about 30 ms more from the click to the rows painted (a renderer profile). Its look comes from the theme's rules for
 * every grid (renderer/theme/grid-cells.ts), not from a styling engine at work per row; the header's checkbox stays
 * MUI's.
 *
 * The grid hands the same props as to its own checkbox (GridCellCheckboxRenderer): checked, disabled, the label
 * and name on `slotProps.htmlInput`, the handlers, tabIndex. Props meant for MUI's component (touchRippleRef, size,
 * material, density) are left out of the DOM.
 */
import { forwardRef, useCallback, type ChangeEventHandler, type CSSProperties, type InputHTMLAttributes } from 'react';

export interface GridRowCheckboxProps {
  readonly checked?: boolean;
  readonly disabled?: boolean;
  readonly indeterminate?: boolean;
  readonly onChange?: ChangeEventHandler<HTMLInputElement>;
  readonly onClick?: React.MouseEventHandler<HTMLInputElement>;
  readonly onMouseDown?: React.MouseEventHandler<HTMLInputElement>;
  readonly onKeyDown?: React.KeyboardEventHandler<HTMLInputElement>;
  readonly tabIndex?: number;
  readonly className?: string;
  readonly style?: CSSProperties;
  readonly slotProps?: { readonly htmlInput?: InputHTMLAttributes<HTMLInputElement> & { readonly ref?: unknown } };
}

/** The class on the checkbox's wrapper, which the theme styles in every grid (gridCellStyles). */
export const ROW_CHECKBOX_CLASS = 'kw-row-checkbox';

export const GridRowCheckbox = forwardRef<HTMLSpanElement, GridRowCheckboxProps>(function GridRowCheckbox(
  { checked, disabled, indeterminate, onChange, onClick, onMouseDown, onKeyDown, tabIndex, className, style, slotProps },
  ref,
) {
  const { ref: _inputRef, ...htmlInput } = slotProps?.htmlInput ?? {};
  // A native checkbox's "partly checked" state is a property, not an attribute.
  const markIndeterminate = useCallback(
    (input: HTMLInputElement | null) => {
      if (input) input.indeterminate = indeterminate === true;
    },
    [indeterminate],
  );
  return (
    <span ref={ref} className={className ? `${ROW_CHECKBOX_CLASS} ${className}` : ROW_CHECKBOX_CLASS} style={style}>
      <input
        {...htmlInput}
        ref={markIndeterminate}
        type="checkbox"
        checked={checked === true}
        disabled={disabled}
        tabIndex={tabIndex}
        onChange={onChange}
        onClick={onClick}
        onMouseDown={onMouseDown}
        onKeyDown={onKeyDown}
      />
    </span>
  );
});
