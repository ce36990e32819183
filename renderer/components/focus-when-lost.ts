/**
 * A view that replaces the control the keyboard was on (a grid row opened with Enter, a device opened after its
 * first key's dialog) takes the focus on its heading: otherwise the focus falls to the page's body and the next Tab
 * starts again at the top of the window. A view opened while something else has the focus (a highlighted key's
 * Rotate button) leaves it there.
 */
import { useEffect, type RefObject } from 'react';

export function useFocusWhenLost(target: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const focused = document.activeElement;
    if (focused !== null && focused !== document.body && focused.isConnected) return;
    target.current?.focus({ preventScroll: true });
    // Once, when the view opens (a ref object does not change).
  }, [target]);
}
