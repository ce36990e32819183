/** Counts in the app's prose (shared/count-text.ts): grouped by thousands as the DataGrid's footer writes them. */
import { describe, expect, it } from 'vitest';
import { countText, groupedNumber } from '../../../shared/count-text.js';

describe('groupedNumber', () => {
  it.each([
    [0, '0'],
    [1, '1'],
    [999, '999'],
    [1000, '1,000'],
    [10000, '10,000'],
    [250000, '250,000'],
    [1234567, '1,234,567'],
    [-1000, '-1,000'],
    [1234.5, '1,234.5'],
  ])('%d reads %s', (n, text) => {
    expect(groupedNumber(n)).toBe(text);
  });
});

describe('countText', () => {
  it.each([
    [0, '0 keys'],
    [1, '1 key'],
    [2, '2 keys'],
    [999, '999 keys'],
    [1000, '1,000 keys'],
    [10000, '10,000 keys'],
    [1234567, '1,234,567 keys'],
  ])('%d of "key" reads %s', (n, text) => {
    expect(countText(n, 'key')).toBe(text);
  });

  it('keeps a phrase whole, the plural on its last word', () => {
    expect(countText(1, 'legacy key')).toBe('1 legacy key');
    expect(countText(12000, 'legacy key')).toBe('12,000 legacy keys');
  });

  it('takes an irregular plural', () => {
    expect(countText(1, 'key expiry', 'key expiries')).toBe('1 key expiry');
    expect(countText(0, 'key expiry', 'key expiries')).toBe('0 key expiries');
    expect(countText(17000, 'key expiry', 'key expiries')).toBe('17,000 key expiries');
    // A verb agrees the other way round: "1 matches", "10,000 match".
    expect(countText(1, 'matches', 'match')).toBe('1 matches');
    expect(countText(10000, 'matches', 'match')).toBe('10,000 match');
  });
});
