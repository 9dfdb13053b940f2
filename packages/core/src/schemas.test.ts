// The text and list builders every API input is made of: what they refuse, and how they say so.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actorCreateSchema, list, searchQuerySchema, text } from './schemas.ts';

const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
};

describe('text()', () => {
  const field = text({ max: 20, required: true });

  it.each([
    ['a lone high surrogate', 'A\uD800b', /lone surrogate \(\\uD800 at position 2\)/],
    ['a lone low surrogate', '\uDC4Dx', /lone surrogate \(\\uDC4D at position 1\)/],
    ['a high surrogate at the end', 'abc\uD83D', /lone surrogate \(\\uD83D at position 4\)/],
    ['two high surrogates in a row', '\uD83D\uD83D\uDC4D', /lone surrogate \(\\uD83D at position 1\)/],
    ['NUL', 'a\u0000b', /control characters \(U\+0000 at position 2\)/],
    ['escape', 'a\u001Bb', /control characters \(U\+001B/],
    ['DEL', 'a\u007F', /control characters \(U\+007F/],
    ['only zero-width characters', '\u200B\u200D', /must not be empty/],
    ['only spaces', '   ', /must not be empty/],
    ['too long', 'x'.repeat(21), /at most 20 characters/],
  ])('refuses %s, saying what is wrong', (_name, value, message) => {
    const got = messages(field, value);
    expect(got.length).toBeGreaterThan(0);
    expect(got.join('; ')).toMatch(message);
  });

  it.each([
    ['a surrogate pair (emoji)', 'ok 👍🏽', 'ok 👍🏽'],
    ['Arabic with a right-to-left mark', 'الشيباني\u200F', 'الشيباني\u200F'],
    ['tab and line breaks', 'a\tb\nc\r\nd', 'a\tb\nc\r\nd'],
    ['surrounding spaces (trimmed)', '  Assad  ', 'Assad'],
    ['exactly the maximum', 'x'.repeat(20), 'x'.repeat(20)],
  ])('accepts %s', (_name, value, stored) => {
    expect(field.parse(value)).toBe(stored);
  });

  it('keeps surrounding spaces when asked (passwords)', () => {
    expect(text({ max: 20, untrimmed: true }).parse('  secret  ')).toBe('  secret  ');
    expect(messages(text({ max: 20, untrimmed: true }), 'pass\uDFFF')).toEqual([expect.stringMatching(/lone surrogate/)]);
  });

  it('names the field in the message through the path', () => {
    expect(messages(actorCreateSchema, { name: 'A\uD800', kind: 'person' })).toEqual([
      'name: contains a lone surrogate (\\uD800 at position 2), which is not valid Unicode text',
    ]);
    expect(messages(actorCreateSchema, { name: 'A', kind: 'person', aliases: ['ok', 'b\uDC00'] })).toEqual([
      expect.stringMatching(/^aliases\.1: contains a lone surrogate/),
    ]);
  });

  it('refuses a huge value quickly, without scanning it', () => {
    const t0 = performance.now();
    expect(messages(field, '\uD800'.repeat(5_000_000))).toEqual(['input: must be at most 20 characters']);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe('list()', () => {
  it('names its maximum', () => {
    expect(messages(list(z.number(), 3, 'ids'), [1, 2, 3, 4])).toEqual(['input: must have at most 3 ids']);
    expect(list(z.number(), 3, 'ids').parse([1, 2, 3])).toEqual([1, 2, 3]);
  });

  it('refuses an oversized array with one message, before looking at its items', () => {
    expect(messages(actorCreateSchema, { name: 'A', kind: 'person', aliases: Array(10_000).fill(null) })).toEqual(['aliases: must have at most 200 aliases']);
  });

  it('search kinds: repeats are dropped, more than there are kinds are refused, none is refused', () => {
    expect(searchQuerySchema.parse({ q: 'x', kinds: ['claim', 'claim', 'event'] }).kinds).toEqual(['claim', 'event']);
    expect(messages(searchQuerySchema, { q: 'x', kinds: Array(700).fill('claim') })).toEqual(['kinds: must have at most 4 kinds']);
    expect(messages(searchQuerySchema, { q: 'x', kinds: [] })).toEqual(['kinds: choose at least one kind']);
    expect(searchQuerySchema.parse({ q: 'x' }).kinds).toEqual(['source', 'claim', 'actor', 'event']);
  });

  it('aliases and authors: repeats are dropped', () => {
    expect(actorCreateSchema.parse({ name: 'A', kind: 'person', aliases: ['B', 'B', 'C'] }).aliases).toEqual(['B', 'C']);
  });
});
