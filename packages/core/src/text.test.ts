import { describe, expect, it } from 'vitest';
import { decodeUtf8, isBlank, loneSurrogateAt, normaliseText, normaliseTextCounted } from './text.ts';

describe('normaliseText', () => {
  it.each([
    ['plain ASCII is unchanged', 'Assad fled on December 7.', 'Assad fled on December 7.'],
    ['leading BOM is stripped', '\uFEFFHello', 'Hello'],
    ['a BOM that is not leading is kept', 'a\uFEFFb', 'a\uFEFFb'],
    ['CRLF becomes LF', 'one\r\ntwo\r\n', 'one\ntwo\n'],
    ['lone CR becomes LF', 'one\rtwo', 'one\ntwo'],
    ['CR CR LF becomes two LFs', 'a\r\r\nb', 'a\n\nb'],
    ['tab and LF are kept', 'a\tb\nc', 'a\tb\nc'],
    ['C0 controls are removed', 'a\x00b\x07c\x1Bd\x1Fe', 'abcde'],
    ['vertical tab and form feed are removed', 'a\x0Bb\x0Cc', 'abc'],
    ['DEL is removed', 'a\x7Fb', 'ab'],
    ['C1 controls are removed', 'a\x80b\x85c\x9Fd', 'abcd'],
    ['NBSP (just above C1) is kept', 'a\u00A0b', 'a\u00A0b'],
    ['decomposed e + acute becomes NFC', 'Ture\u0301', 'Turé'],
    ['decomposed u + diaeresis becomes NFC', 'Tu\u0308rkiye', 'Türkiye'],
    ['a control between base and mark does not block composition', 'e\x01\u0301', 'é'],
    ['Arabic text is kept exactly', 'قال وزير الخارجية أسعد حسن الشيباني إن', 'قال وزير الخارجية أسعد حسن الشيباني إن'],
    ['Arabic harakat are kept', 'مُحَمَّد', 'مُحَمَّد'.normalize('NFC')],
    ['emoji with skin tone is kept', 'ok 👍🏽', 'ok 👍🏽'],
    ['ZWJ family sequence is kept', '👨‍👩‍👧‍👦', '👨‍👩‍👧‍👦'],
    ['ZWNJ in Persian is kept', 'می‌خواهم', 'می‌خواهم'],
    ['mathematical script letter is kept', '𝒜 = 1', '𝒜 = 1'],
    ['lone high surrogate becomes U+FFFD', 'a\uD83Db', 'a\uFFFDb'],
    ['lone low surrogate becomes U+FFFD', 'a\uDC4Db', 'a\uFFFDb'],
    ['empty string', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const samples = ['\uFEFFa\r\nb\x00', 'Tu\u0308rkiye\r', 'أسعد 👍🏽\x85', '\uD800x'];
    for (const s of samples) {
      const once = normaliseText(s);
      expect(normaliseText(once)).toBe(once);
    }
  });
});

describe('isBlank', () => {
  it.each([
    ['', true],
    [' ', true],
    ['\n\t  \n', true],
    ['\u00A0\u2003\u3000', true],
    ['\u200B\u200C\u200D', true],
    ['\u200E\u200F', true],
    ['\uFEFF', true],
    ['a', false],
    [' a ', false],
    ['.', false],
    ['ا', false],
    ['👍', false],
    ['\u200D👍', false],
  ])('isBlank(%j) is %s', (input, expected) => {
    expect(isBlank(input)).toBe(expected);
  });
});

describe('normaliseTextCounted', () => {
  it.each([
    ['no lone surrogates', 'ok 👍🏽', 'ok 👍🏽', 0],
    ['one high and one low', 'a\uD800b\uDC00c', 'a\uFFFDb\uFFFDc', 2],
    ['a reversed pair is two lone ones', '\uDC00\uD800', '\uFFFD\uFFFD', 2],
    ['a pair next to a lone high', '\uD83D\uD83D\uDC4D', '\uFFFD👍', 1],
  ])('%s', (_name, input, text, replaced) => {
    expect(normaliseTextCounted(input)).toEqual({ text, replaced });
  });
});

describe('loneSurrogateAt', () => {
  it.each([
    ['', -1],
    ['👍🏽 fine', -1],
    ['ab\uD800', 2],
    ['\uDC00', 0],
    ['x\uD83D\uD83D\uDC4D', 1],
  ])('loneSurrogateAt(%j) is %s', (input, at) => {
    expect(loneSurrogateAt(input)).toBe(at);
  });
});

describe('decodeUtf8', () => {
  const bytes = (...xs: number[]) => new Uint8Array(xs);
  it.each([
    ['valid UTF-8', new TextEncoder().encode('Türkiye 👍'), 'Türkiye 👍', 0],
    ['a U+FFFD written in the file is text, not a replacement', new TextEncoder().encode('a\uFFFDb'), 'a\uFFFDb', 0],
    ['a stray continuation byte', bytes(0x61, 0x80, 0x62), 'a\uFFFDb', 1],
    ['a truncated sequence at the end', bytes(0x61, 0xe2, 0x82), 'a\uFFFD', 1],
    ['an encoded lone surrogate (WTF-8) is three bad bytes', bytes(0xed, 0xa0, 0x80), '\uFFFD\uFFFD\uFFFD', 3],
    ['a bad byte next to a real U+FFFD', bytes(0xff, 0xef, 0xbf, 0xbd), '\uFFFD\uFFFD', 1],
    ['a leading BOM is dropped', bytes(0xef, 0xbb, 0xbf, 0x61), 'a', 0],
  ])('%s', (_name, input, text, replaced) => {
    expect(decodeUtf8(input)).toEqual({ text, replaced });
  });
});
