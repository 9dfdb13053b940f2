import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { type EdtfValue, edtfOverlap, edtfSortKey, formatEdtf, isEdtf, parseEdtf } from './edtf.ts';

const INVALID = 'not a valid EDTF date (examples: 2024-12-06, 2024-12~, 2024-12-07/2024-12-08)';

function v(
  value: string,
  earliest: string | null,
  latest: string | null,
  precision: EdtfValue['precision'],
  flags: { uncertain?: boolean; approximate?: boolean } = {},
): EdtfValue {
  return { value, earliest, latest, precision, uncertain: flags.uncertain ?? false, approximate: flags.approximate ?? false };
}

describe('parseEdtf', () => {
  it.each<[string, EdtfValue]>([
    ['2024-12-06', v('2024-12-06', '2024-12-06', '2024-12-06', 'day')],
    ['2024-12', v('2024-12', '2024-12-01', '2024-12-31', 'month')],
    ['2024-02', v('2024-02', '2024-02-01', '2024-02-29', 'month')],
    ['2023-02', v('2023-02', '2023-02-01', '2023-02-28', 'month')],
    ['2024', v('2024', '2024-01-01', '2024-12-31', 'year')],
    ['2024-12-07/2024-12-08', v('2024-12-07/2024-12-08', '2024-12-07', '2024-12-08', 'interval')],
    ['2024-12-07/2024-12-07', v('2024-12-07/2024-12-07', '2024-12-07', '2024-12-07', 'interval')],
    ['2024-12/2025-01', v('2024-12/2025-01', '2024-12-01', '2025-01-31', 'interval')],
    ['2024-12~', v('2024-12~', '2024-12-01', '2024-12-31', 'month', { approximate: true })],
    ['2025-07-31?', v('2025-07-31?', '2025-07-31', '2025-07-31', 'day', { uncertain: true })],
    ['2024-12-06%', v('2024-12-06%', '2024-12-06', '2024-12-06', 'day', { uncertain: true, approximate: true })],
    ['2024~', v('2024~', '2024-01-01', '2024-12-31', 'year', { approximate: true })],
    ['2024-21', v('2024-21', '2024-03-01', '2024-05-31', 'season')],
    ['2024-22', v('2024-22', '2024-06-01', '2024-08-31', 'season')],
    ['2024-23', v('2024-23', '2024-09-01', '2024-11-30', 'season')],
    ['2024-24', v('2024-24', '2024-12-01', '2025-02-28', 'season')],
    ['2024-12-XX', v('2024-12-XX', '2024-12-01', '2024-12-31', 'month')],
    ['2024-XX', v('2024-XX', '2024-01-01', '2024-12-31', 'year')],
    ['201X', v('201X', '2010-01-01', '2019-12-31', 'year')],
    ['../2024-12-08', v('../2024-12-08', null, '2024-12-08', 'interval')],
    ['2024-12-01/..', v('2024-12-01/..', '2024-12-01', null, 'interval')],
    ['/2024-12-08', v('/2024-12-08', null, '2024-12-08', 'interval')],
    ['2024-12-01/', v('2024-12-01/', '2024-12-01', null, 'interval')],
    ['2024-12?/2025~', v('2024-12?/2025~', '2024-12-01', '2025-12-31', 'interval', { uncertain: true, approximate: true })],
    ['  2024-12-06\n', v('2024-12-06', '2024-12-06', '2024-12-06', 'day')],
    ['2024-02-29', v('2024-02-29', '2024-02-29', '2024-02-29', 'day')],
    ['0005-03-01', v('0005-03-01', '0005-03-01', '0005-03-01', 'day')],
  ])('parseEdtf(%j)', (input, expected) => {
    expect(parseEdtf(input)).toEqual(expected);
  });

  it.each([
    ['', INVALID],
    ['abc', INVALID],
    ['2024-13', INVALID],
    ['2024-12-32', INVALID],
    ['2023-02-29', INVALID],
    ['2024-00', INVALID],
    ['06/12/2024', INVALID],
    ['December 2024', INVALID],
    ['2024-12-XX~', INVALID],
    ['2024?-12', INVALID], // level 2
    ['{2024,2025}', INVALID], // level 2
    ['2024-12-08/2024-12-07', 'the interval ends before it starts'],
    ['../..', 'an interval needs at least one date (e.g. 2024-12-01/..)'],
    ['/', 'an interval needs at least one date (e.g. 2024-12-01/..)'],
    ['2024-12-06T10:00:00Z', 'give a date without a time of day (e.g. 2024-12-06)'],
    ['-0044', 'only years 0000 to 9999 are supported'],
    ['Y170000002', 'only years 0000 to 9999 are supported'],
  ])('refuses %j', (input, reason) => {
    let error: unknown;
    try {
      parseEdtf(input, 'published');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', field: 'published', message: `published: ${reason}` });
  });

  it('reports the field "date" by default', () => {
    expect(() => parseEdtf('nope')).toThrow(`date: ${INVALID}`);
  });

  it('normalises the qualifier placement', () => {
    expect(parseEdtf('2024-12-06?').value).toBe('2024-12-06?');
    expect(parseEdtf('2024-12-06%').value).toBe('2024-12-06%');
  });
});

describe('isEdtf', () => {
  it.each([
    ['2024-12-06', true],
    ['2024-12~', true],
    ['2024-12-07/2024-12-08', true],
    ['2024-21', true],
    ['../2024-12-08', true],
    ['2024-12-32', false],
    ['yesterday', false],
    ['', false],
  ])('isEdtf(%j) is %s', (input, expected) => {
    expect(isEdtf(input)).toBe(expected);
  });
});

describe('edtfSortKey', () => {
  it('sorts by earliest day, open starts first', () => {
    const values = ['2025-07-31?', '2024-12', '../2024-12-08', '2024-12-06', '2024-21', '2024-11-30/2024-12-02'];
    const sorted = [...values].sort((a, b) => edtfSortKey(a).localeCompare(edtfSortKey(b)));
    expect(sorted).toEqual(['../2024-12-08', '2024-21', '2024-11-30/2024-12-02', '2024-12', '2024-12-06', '2025-07-31?']);
  });

  it.each([
    ['2024-12-06', '2024-12-06'],
    ['2024-12~', '2024-12-01'],
    ['../2024-12-08', ''],
  ])('edtfSortKey(%j) = %j', (input, expected) => {
    expect(edtfSortKey(input)).toBe(expected);
  });
});

describe('edtfOverlap', () => {
  it.each([
    // Plain days and containment.
    ['2024-12-07', '2024-12-08', false],
    ['2024-12-07', '2024-12-07', true],
    ['2024-12', '2024-12-07', true],
    ['2024-12', '2024-11-30', false],
    ['2024', '2024-12-07', true],
    ['2024', '2025-01-01', false],
    ['2024-12-XX', '2024-12-31', true],
    // Intervals are inclusive.
    ['2024-12-07/2024-12-08', '2024-12-08', true],
    ['2024-12-07/2024-12-08', '2024-12-09', false],
    ['2024-11-30/2024-12-02', '2024-12-06', false],
    ['2024-11-30/2024-12-02', '2024-12-02/2024-12-05', true],
    ['2024-11/2024-12', '2025-01', false],
    // Approximate values are widened: a day by 3 days, a month by a month, a year by a year.
    ['2024-12~', '2024-12-07', true],
    ['2024-12~', '2025-01-15', true],
    ['2024-12~', '2024-11-01', true],
    ['2024-12~', '2025-02-01', false],
    ['2024-12~', '2024-10-31', false],
    ['2024-12-06~', '2024-12-09', true],
    ['2024-12-06~', '2024-12-03', true],
    ['2024-12-06~', '2024-12-10', false],
    ['2024-12-06%', '2024-12-09', true],
    ['2024~', '2025-06-30', true],
    ['2024~', '2026-01-01', false],
    ['2024-12-06~', '2024-12-09~', true],
    ['2024-12-01~/2024-12-05', '2024-11-28', true],
    ['2024-12-01~/2024-12-05', '2024-12-08', false],
    // Uncertain values are not widened.
    ['2025-07-31?', '2025-08-01', false],
    ['2025-07-31?', '2025-07-31', true],
    ['2024-12?', '2025-01-01', false],
    // Open and unknown ends reach arbitrarily far.
    ['../2024-12-08', '1990-01-01', true],
    ['../2024-12-08', '2024-12-08', true],
    ['../2024-12-08', '2024-12-09', false],
    ['2024-12-01/..', '2030', true],
    ['2024-12-01/..', '2024-11-30', false],
    ['2024-12-01/', '2024-12-25', true],
    ['/2024-12-08', '2024-12-09', false],
    ['../2024-12-08', '2024-12-09/..', false],
    ['../2024-12-08', '2024-12-08/..', true],
    // Seasons (northern meteorological; winter runs into the next year).
    ['2024-21', '2024-04-15', true],
    ['2024-21', '2024-06-01', false],
    ['2024-24', '2025-01-15', true],
    ['2024-24', '2024-01-15', false],
    ['2024-23', '2024-22', false],
    ['2024-12', '2024-24', true],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(edtfOverlap(a, b)).toBe(expected);
    expect(edtfOverlap(b, a)).toBe(expected);
  });

  it('refuses an invalid date naming the argument', () => {
    expect(() => edtfOverlap('2024-12-06', 'nope')).toThrow(/^b: /);
    expect(() => edtfOverlap('nope', '2024-12-06')).toThrow(/^a: /);
  });
});

describe('formatEdtf', () => {
  it.each([
    ['2024-12-06', 'en', '6 Dec 2024'],
    ['2024-12', 'en', 'Dec 2024'],
    ['2024', 'en', '2024'],
    ['2024-12~', 'en', 'Dec 2024 (approx.)'],
    ['2025-07-31?', 'en', '31 Jul 2025 (uncertain)'],
    ['2024-12-06%', 'en', '6 Dec 2024 (approx., uncertain)'],
    ['2024-12-07/2024-12-08', 'en', '7–8 Dec 2024'],
    ['2024-11-30/2024-12-02', 'en', '30 Nov – 2 Dec 2024'],
    ['2024-12/2025-01', 'en', 'Dec 2024 – Jan 2025'],
    ['2023/2024', 'en', '2023–2024'],
    ['2024-11/2024-12-08', 'en', 'Nov 2024 – 8 Dec 2024'],
    ['2024-12-01~/2024-12-05', 'en', '1 Dec 2024 (approx.) – 5 Dec 2024'],
    ['2024-12-XX', 'en', 'Dec 2024'],
    ['201X', 'en', '2010–2019'],
    ['2024-21', 'en', 'Spring 2024'],
    ['2024-24', 'en', 'Winter 2024–25'],
    ['../2024-12-08', 'en', 'until 8 Dec 2024'],
    ['2024-12-01/..', 'en', 'from 1 Dec 2024'],
    ['2024-12-01/', 'en', '1 Dec 2024 – ?'],
    ['/2024-12-08', 'en', '? – 8 Dec 2024'],
    ['2024-12-06', 'en-US', 'Dec 6, 2024'],
    ['2024-12-07/2024-12-08', 'en-US', 'Dec 7–8, 2024'],
    ['2024-12-06', 'fr', '6 déc. 2024'],
    ['2024-12~', 'fr', 'déc. 2024 (env.)'],
    ['2024-12-06', 'ar', '6 ديسمبر 2024'],
    ['2024-12-06?', 'ar', '6 ديسمبر 2024 (غير مؤكد)'],
    ['2024-12-06', 'not a locale!', '6 Dec 2024'],
  ])('formatEdtf(%j, %j) = %j', (value, locale, expected) => {
    expect(formatEdtf(value, locale)).toBe(expected);
  });

  it('defaults to English', () => {
    expect(formatEdtf('2024-12-06')).toBe('6 Dec 2024');
  });
});
