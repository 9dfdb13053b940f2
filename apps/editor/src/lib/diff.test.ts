import { describe, expect, it } from 'vitest';
import { changes, describe as show, verb } from './diff.ts';

describe('audit diffs', () => {
  it('lists changed fields only, skipping bookkeeping', () => {
    expect(changes({ paraphrase: 'a', version: 1, updatedAt: 'x', status: 'draft' }, { paraphrase: 'b', version: 2, updatedAt: 'y', status: 'draft' })).toEqual(
      [{ field: 'paraphrase', before: 'a', after: 'b' }],
    );
  });
  it('shows a create as after-only and names actors and chains', () => {
    const c = changes(undefined, {
      claimant: { id: 1, name: 'Asaad al-Shaibani' },
      chain: [{ actor: { name: 'Anadolu Agency' }, relation: 'reports' }, { actor: { name: 'Al Jazeera' } }],
    });
    expect(c).toEqual([
      { field: 'claimant', before: null, after: 'Asaad al-Shaibani' },
      { field: 'chain', before: null, after: 'Anadolu Agency (reports) → Al Jazeera' },
    ]);
  });
  it('reads flat records and verbs', () => {
    expect(show([{ claimId: 58, rating: 'false' }])).toBe('claimId 58 · rating false');
    expect(verb('add-alias')).toBe('added an alias to');
  });
});
