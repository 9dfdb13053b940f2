import { describe, expect, it } from 'vitest';
import { loginPath, safeReturnPath } from './return-to.ts';

describe('return after sign-in', () => {
  it.each([
    ['/sources/3?claim=5', '/sources/3?claim=5'],
    ['/review', '/review'],
    [null, '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/login?next=/x', '/'],
  ])('%s → %s', (input, expected) => expect(safeReturnPath(input)).toBe(expected));

  it('puts the page in the sign-in link', () => {
    expect(loginPath('/actors/2')).toBe('/login?next=%2Factors%2F2');
    expect(loginPath('/')).toBe('/login');
  });
});
