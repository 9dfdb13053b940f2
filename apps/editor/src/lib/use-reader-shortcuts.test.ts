import { describe, expect, it } from 'vitest';
import { stepClaim } from './use-reader-shortcuts.ts';

describe('j and k in the reader', () => {
  it('walk the claims in reading order and stop at either end; with none selected, both start at the first', () => {
    const ids = [7, 3, 9];
    expect(stepClaim(ids, null, 'j')).toBe(7);
    expect(stepClaim(ids, null, 'k')).toBe(7);
    expect(stepClaim(ids, 7, 'j')).toBe(3);
    expect(stepClaim(ids, 9, 'j')).toBe(9);
    expect(stepClaim(ids, 3, 'k')).toBe(7);
    expect(stepClaim(ids, 7, 'k')).toBe(7);
    expect(stepClaim([], null, 'j')).toBeNull();
  });
});
