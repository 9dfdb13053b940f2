import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { OffsetMap, codePointLength, findQuote, makeAnchor, reanchor, sliceCodePoints } from './anchor.ts';
import { isBlank } from './text.ts';

const ARABIC = 'قال وزير الخارجية أسعد حسن الشيباني إن الاتصال مع موسكو "لم يتوقف".';
const ASTRAL = 'Yes 👍🏽 said 𝒜, then 👨‍👩‍👧‍👦 left; 𝒜 again.';
const MIXED = 'al-Shaibani 👍🏽 قال: «نعم» 𝒜\nnext line\tend';

// A small deterministic generator (mulberry32) so random spans are reproducible without a dependency.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function badRequestField(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError && e.code === 'BAD_REQUEST') return e.field;
    throw e;
  }
  return undefined;
}

describe('codePointLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['أسعد', 4],
    ['👍', 1],
    ['👍🏽', 2],
    ['𝒜', 1],
    ['👨‍👩‍👧‍👦', 7],
    ['a\uD83Db', 3],
    [ASTRAL, [...ASTRAL].length],
    [MIXED, [...MIXED].length],
  ])('codePointLength(%j) = %i', (text, expected) => {
    expect(codePointLength(text)).toBe(expected);
  });
});

describe('sliceCodePoints', () => {
  it.each([
    ['abcdef', 1, 3, 'bc'],
    ['👍🏽x', 0, 1, '👍'],
    ['👍🏽x', 1, 3, '🏽x'],
    ['x𝒜y', 1, 2, '𝒜'],
    ['أسعد حسن', 5, 8, 'حسن'],
    ['abc', 2, 1, ''],
    ['abc', -2, undefined, 'bc'],
    ['abc', 0, 99, 'abc'],
  ])('sliceCodePoints(%j, %s, %s) = %j', (text, start, end, expected) => {
    expect(sliceCodePoints(text, start, end)).toBe(expected);
  });

  it('agrees with Array.from(text).slice for random indices', () => {
    const random = rng(7);
    for (const text of [ARABIC, ASTRAL, MIXED, '']) {
      const cps = Array.from(text);
      for (let n = 0; n < 200; n++) {
        const a = Math.floor(random() * (cps.length + 6)) - 3;
        const b = Math.floor(random() * (cps.length + 6)) - 3;
        expect(sliceCodePoints(text, a, b)).toBe(cps.slice(a, b).join(''));
      }
    }
  });
});

describe('OffsetMap', () => {
  it.each([
    ['ascii', 'hello'],
    ['arabic', ARABIC],
    ['astral', ASTRAL],
    ['mixed', MIXED],
    ['only astral', '𝒜𝒜𝒜'],
    ['lone surrogates', 'a\uD83Db\uDC4Dc'],
    ['empty', ''],
  ])('round-trips every code point offset in %s text', (_name, text) => {
    const map = new OffsetMap(text);
    const cps = Array.from(text);
    expect(map.length).toBe(cps.length);
    let utf16 = 0;
    for (let cp = 0; cp <= cps.length; cp++) {
      expect(map.toUtf16(cp)).toBe(utf16);
      expect(map.toCodePoint(utf16)).toBe(cp);
      utf16 += cps[cp]?.length ?? 0;
    }
  });

  it.each([
    ['inside 👍', 'a👍b', 2],
    ['inside 🏽 of 👍🏽', 'a👍🏽b', 4],
    ['inside 𝒜', '𝒜', 1],
  ])('toCodePoint refuses an index %s that splits a surrogate pair', (_name, text, utf16) => {
    expect(badRequestField(() => new OffsetMap(text).toCodePoint(utf16))).toBe('offset');
  });

  // 'a👍bcd' is 5 code points and 6 UTF-16 units.
  it.each([
    ['negative', -1, -1],
    ['past the end', 6, 7],
    ['fractional', 1.5, 1.5],
    ['NaN', Number.NaN, Number.NaN],
  ])('refuses a %s offset', (_name, cp, utf16) => {
    const map = new OffsetMap('a👍bcd');
    expect(badRequestField(() => map.toUtf16(cp))).toBe('offset');
    expect(badRequestField(() => map.toCodePoint(utf16))).toBe('offset');
  });

  it('converts 1000 claims in a 100k-word text quickly', () => {
    const words = ['Damascus', 'قال', 'الشيباني', 'Moscow', '👍🏽', 'meeting', '𝒜', 'Hmeimim', 'and', 'the'];
    const random = rng(42);
    const text = Array.from({ length: 100_000 }, () => words[Math.floor(random() * words.length)]).join(' ');
    const t0 = performance.now();
    const map = new OffsetMap(text);
    const spans = Array.from({ length: 1000 }, () => Math.floor(random() * map.length));
    let checksum = 0;
    for (let round = 0; round < 10; round++) {
      for (const cp of spans) checksum += map.toCodePoint(map.toUtf16(cp)) - cp;
    }
    const elapsed = performance.now() - t0;
    expect(checksum).toBe(0);
    // Build plus 20,000 conversions; a linear scan per conversion would take seconds.
    expect(elapsed).toBeLessThan(500);
  });

  it('has a fast path without astral characters (offsets are identical)', () => {
    const map = new OffsetMap(ARABIC);
    expect(map.length).toBe(ARABIC.length);
    expect(map.toUtf16(10)).toBe(10);
    expect(map.toCodePoint(10)).toBe(10);
  });
});

describe('makeAnchor', () => {
  it.each([
    {
      name: 'Arabic name in Arabic text',
      text: ARABIC,
      start: 18,
      end: 35,
      context: 5,
      expected: { exact: 'أسعد حسن الشيباني', prefix: 'رجية ', suffix: ' إن ا' },
    },
    {
      name: 'emoji with skin tone counts as two code points',
      text: ASTRAL,
      start: 4,
      end: 6,
      context: 4,
      expected: { exact: '👍🏽', prefix: 'Yes ', suffix: ' sai' },
    },
    {
      name: 'family ZWJ sequence is seven code points',
      text: ASTRAL,
      start: 20,
      end: 27,
      context: 2,
      expected: { exact: '👨‍👩‍👧‍👦', prefix: 'n ', suffix: ' l' },
    },
    {
      name: 'context is cut at the start and end of the text',
      text: 'ab𝒜cd',
      start: 1,
      end: 4,
      context: 32,
      expected: { exact: 'b𝒜c', prefix: 'a', suffix: 'd' },
    },
    {
      name: 'zero context',
      text: 'ab𝒜cd',
      start: 2,
      end: 3,
      context: 0,
      expected: { exact: '𝒜', prefix: '', suffix: '' },
    },
    {
      name: 'whole text',
      text: 'abc',
      start: 0,
      end: 3,
      context: 32,
      expected: { exact: 'abc', prefix: '', suffix: '' },
    },
  ])('$name', ({ text, start, end, context, expected }) => {
    expect(makeAnchor(text, start, end, context)).toEqual({ start, end, ...expected });
    expect(makeAnchor(new OffsetMap(text), start, end, context)).toEqual({ start, end, ...expected });
  });

  it('uses 32 code points of context by default', () => {
    const text = 'x'.repeat(40) + 'QUOTE' + 'y'.repeat(40);
    const a = makeAnchor(text, 40, 45);
    expect(a.prefix).toBe('x'.repeat(32));
    expect(a.suffix).toBe('y'.repeat(32));
  });

  it.each([
    ['fractional start', 1.5, 3, 'start'],
    ['NaN start', Number.NaN, 3, 'start'],
    ['negative start', -1, 3, 'start'],
    ['fractional end', 0, 2.5, 'end'],
    ['negative end', 0, -1, 'end'],
    ['end past the text', 0, 11, 'end'],
    ['empty span', 3, 3, 'end'],
    ['reversed span', 4, 2, 'end'],
    ['whitespace-only span', 3, 4, 'start'],
    ['newline-only span', 6, 8, 'start'],
  ])('refuses a %s', (_name, start, end, field) => {
    // 10 code points: a space at 3, newlines at 6 and 7.
    expect(badRequestField(() => makeAnchor('abc de\n\nhi', start, end))).toBe(field);
  });

  it('refuses a negative context', () => {
    expect(badRequestField(() => makeAnchor('abc', 0, 1, -1))).toBe('context');
  });

  it('slices back to its quote, prefix and suffix for random spans', () => {
    const random = rng(2024);
    for (const text of [ARABIC, ASTRAL, MIXED]) {
      const map = new OffsetMap(text);
      for (let n = 0; n < 300; n++) {
        const start = Math.floor(random() * map.length);
        const end = start + 1 + Math.floor(random() * (map.length - start));
        const context = Math.floor(random() * 10);
        const exact = sliceCodePoints(text, start, end);
        if (isBlank(exact)) continue;
        const a = makeAnchor(map, start, end, context);
        expect(sliceCodePoints(text, a.start, a.end)).toBe(a.exact);
        expect(a.prefix + a.exact + a.suffix).toBe(sliceCodePoints(text, Math.max(0, start - context), Math.min(map.length, end + context)));
        expect(codePointLength(a.prefix)).toBe(Math.min(context, start));
      }
    }
  });
});

describe('findQuote', () => {
  it.each([
    { name: 'ASCII', text: 'one two one two', exact: 'two', occurrence: 1, expected: { start: 4, end: 7 } },
    { name: 'second occurrence', text: 'one two one two', exact: 'two', occurrence: 2, expected: { start: 12, end: 15 } },
    { name: 'missing occurrence', text: 'one two one two', exact: 'two', occurrence: 3, expected: null },
    { name: 'not found', text: 'one two', exact: 'three', occurrence: 1, expected: null },
    { name: 'overlapping occurrences count', text: 'aaaa', exact: 'aa', occurrence: 3, expected: { start: 2, end: 4 } },
    { name: 'Arabic', text: ARABIC, exact: 'الشيباني', occurrence: 1, expected: { start: 27, end: 35 } },
    { name: 'after astral characters', text: ASTRAL, exact: 'again', occurrence: 1, expected: { start: 36, end: 41 } },
    { name: 'astral quote', text: ASTRAL, exact: '𝒜', occurrence: 2, expected: { start: 34, end: 35 } },
    { name: 'quote needing NFC', text: 'in Türkiye', exact: 'Tu\u0308rkiye', occurrence: 1, expected: { start: 3, end: 10 } },
    { name: 'quote with CRLF', text: 'a\nb', exact: 'a\r\nb', occurrence: 1, expected: { start: 0, end: 3 } },
  ])('$name', ({ text, exact, occurrence, expected }) => {
    const found = findQuote(text, exact, occurrence);
    expect(found).toEqual(expected);
    if (found) expect(sliceCodePoints(text, found.start, found.end)).toBe(exact.normalize('NFC').replace(/\r\n/g, '\n'));
  });

  it.each([
    ['empty quote', '', 1, 'exact'],
    ['zero occurrence', 'a', 0, 'occurrence'],
    ['fractional occurrence', 'a', 1.5, 'occurrence'],
  ])('refuses an %s', (_name, exact, occurrence, field) => {
    expect(badRequestField(() => findQuote('abc', exact, occurrence))).toBe(field);
  });
});

describe('reanchor', () => {
  const revised = 'Intro added. 👍🏽 He said no. Later: He said no. End: He said no.';
  // Code point starts of the three occurrences of "He said no".
  const [first, second, third] = [16, 35, 52];

  it.each([
    {
      name: 'prefix picks the occurrence',
      selector: { exact: 'He said no', prefix: 'Later: ' },
      expected: second,
    },
    { name: 'suffix picks the occurrence', selector: { exact: 'He said no', suffix: '. End' }, expected: second },
    { name: 'start breaks a tie', selector: { exact: 'He said no', start: 50 }, expected: third },
    { name: 'nearest start when context agrees equally', selector: { exact: 'He said no', prefix: ': ', start: 40 }, expected: second },
    {
      name: 'context beats a stale start',
      selector: { exact: 'He said no', prefix: '👍🏽 ', suffix: '. Later', start: 52 },
      expected: first,
    },
    { name: 'partial context still counts', selector: { exact: 'He said no', prefix: 'xx End: ' }, expected: third },
    { name: 'no hints: the first occurrence', selector: { exact: 'He said no' }, expected: first },
    { name: 'gone', selector: { exact: 'He said yes', prefix: 'Later: ' }, expected: null },
  ])('$name', ({ selector, expected }) => {
    const span = reanchor(revised, selector);
    if (expected === null) return expect(span).toBeNull();
    expect(span).toEqual({ start: expected, end: expected + 10 });
    expect(sliceCodePoints(revised, span!.start, span!.end)).toBe('He said no');
  });

  it('finds an Arabic quote after text was inserted before it', () => {
    const original = makeAnchor(ARABIC, 27, 35, 8);
    const edited = '👍🏽 تحديث: ' + ARABIC;
    const span = reanchor(edited, original);
    expect(span).not.toBeNull();
    expect(sliceCodePoints(edited, span!.start, span!.end)).toBe('الشيباني');
    expect(span!.start).toBe(27 + codePointLength('👍🏽 تحديث: '));
  });

  it('agrees with makeAnchor on the unchanged text for random spans', () => {
    const random = rng(99);
    const text = `${ARABIC}\n${ASTRAL}\n${ARABIC}\n${MIXED}`;
    const map = new OffsetMap(text);
    for (let n = 0; n < 200; n++) {
      const start = Math.floor(random() * (map.length - 1));
      const end = Math.min(map.length, start + 1 + Math.floor(random() * 12));
      if (isBlank(sliceCodePoints(text, start, end))) continue;
      const a = makeAnchor(map, start, end);
      expect(reanchor(map, a)).toEqual({ start, end });
    }
  });
});
