import { describe, expect, it } from 'vitest';
import { parseSlice } from './slice.ts';

describe('export slices (the CLI flags and the web parameters read alike)', () => {
  it('reads comma-separated and repeated ids, dropping repeats', () => {
    expect(parseSlice({ source: ['3,4', '4'], event: '7', since: null })).toEqual({ sourceIds: [3, 4], eventIds: [7], since: undefined });
    expect(parseSlice({})).toEqual({ sourceIds: [], eventIds: [], since: undefined });
  });

  it('reads a date as midnight UTC, and a date-time as given', () => {
    expect(parseSlice({ since: '2025-01-31' }).since?.toISOString()).toBe('2025-01-31T00:00:00.000Z');
    expect(parseSlice({ since: '2025-01-31T12:30:00+02:00' }).since?.toISOString()).toBe('2025-01-31T10:30:00.000Z');
  });

  it.each([
    [{ source: '3,x' }, /^source: "x" is not a record id/],
    [{ event: '0' }, /^event: "0" is not a record id/],
    [{ source: '-1' }, /^source: /],
    [{ since: 'last week' }, /^since: "last week" is not a date/],
    [{ since: '2025-02-30T00:00:00Z' }, /^since: /],
    [{ source: Array.from({ length: 10_001 }, (_, i) => String(i + 1)).join(',') }, /^source: at most 10000 ids/],
  ])('refuses %j naming the field', (input, message) => {
    expect(() => parseSlice(input)).toThrow(message);
  });
});
