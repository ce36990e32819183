import { describe, expect, it } from 'vitest';
import { displayNameOf } from '../../../../electron/services/sites.service.js';

const user = (fields: { firstname?: string; lastname?: string; email?: string }) => ({ _id: 'u1', ...fields });

describe('displayNameOf', () => {
  it('joins the first and last names with a space', () => {
    expect(displayNameOf(user({ firstname: 'Ines', lastname: 'Dubois', email: 'ines@example.org' }))).toBe('Ines Dubois');
  });

  it('leaves out a blank name and trims what is left', () => {
    expect(displayNameOf(user({ firstname: '   ', lastname: 'Dubois' }))).toBe('Dubois');
    expect(displayNameOf(user({ firstname: ' Ines ', lastname: '' }))).toBe('Ines');
    expect(displayNameOf(user({ firstname: ' Ines', lastname: 'Dubois ' }))).toBe('Ines Dubois');
  });

  it('falls back to the email, then to the id', () => {
    expect(displayNameOf(user({ firstname: ' ', lastname: ' ', email: 'ines@example.org' }))).toBe('ines@example.org');
    expect(displayNameOf(user({}))).toBe('u1');
  });
});
