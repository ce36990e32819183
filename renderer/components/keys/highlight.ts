/**
 * A key opened from a notification (issue 8: "the owner's page with the key highlighted, ready to rotate"): its
 * row stands out, is scrolled into view, and its first action (Rotate, where there is one) takes the focus.
 */
export const HIGHLIGHT_LABEL = 'From notifications';

export const highlightedRowSx = {
  outline: '2px solid',
  outlineColor: 'warning.main',
  outlineOffset: '-2px',
} as const;

/** A ref callback: scrolls the element into the middle of the view and focuses it (when it can take the focus). */
export function revealHighlighted(element: HTMLElement | null): void {
  if (!element) return;
  // jsdom has no layout, hence no scrollIntoView.
  element.scrollIntoView?.({ block: 'center' });
  element.focus({ preventScroll: true });
}
