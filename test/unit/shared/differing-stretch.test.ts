import { describe, expect, it } from 'vitest';
import { differingStretch } from '../../../shared/differing-stretch.js';

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));

describe('differingStretch', () => {
  it('finds what a patch removed, replaced or added, by identity', () => {
    const list = items(6);
    expect(differingStretch(list, list, 0)).toEqual({ removed: [], added: [] });
    const added = { i: 99 };
    expect(differingStretch(list, [...list, added], 5)).toEqual({ removed: [], added: [added] });
    expect(differingStretch(list, [...list.slice(0, 2), ...list.slice(3)], 5)).toEqual({ removed: [list[2]], added: [] });
    const replaced = { i: 3 };
    const result = differingStretch(list, [...list.slice(0, 3), replaced, ...list.slice(4)], 5);
    expect(result?.removed[0]).toBe(list[3]);
    expect(result?.added[0]).toBe(replaced);
  });

  it('sees an equal but new object as a change, and gives up past `max` items', () => {
    const list = items(4);
    expect(
      differingStretch(
        list,
        list.map((item) => ({ ...item })),
        8,
      )?.added,
    ).toHaveLength(4);
    expect(
      differingStretch(
        list,
        list.map((item) => ({ ...item })),
        7,
      ),
    ).toBeNull();
    expect(differingStretch(list, [], 3)).toBeNull();
    expect(differingStretch(list, [], 4)).toEqual({ removed: list, added: [] });
  });
});
