import { describe, expect, it } from 'vitest';
import { storedInstant } from './export-reader.ts';

describe('storedInstant', () => {
  it.each([
    ['2024-12-06T10:00:00.000Z', '2024-12-06T10:00:00.000+00:00'],
    ['0000-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000+00:00'],
    ['2024-02-28T23:59:59.999Z', '2024-02-28T23:59:59.999+00:00'],
    // Not in toISOString() form, or a day not every month has: through Date, as before.
    ['2024-02-29T00:00:00.000Z', '2024-02-29T00:00:00.000+00:00'],
    ['2023-02-29T10:00:00.000Z', '2023-03-01T10:00:00.000+00:00'],
    ['2024-04-31T00:00:00.000Z', '2024-05-01T00:00:00.000+00:00'],
    ['2024-12-06T12:00:00.000+02:00', '2024-12-06T10:00:00.000+00:00'],
    ['2024-12-06T10:00:00Z', '2024-12-06T10:00:00.000+00:00'],
    ['2024-12-06T10:00:00.1234Z', '2024-12-06T10:00:00.123+00:00'],
  ])('%s → %s', (iso, stored) => {
    expect(storedInstant(iso)).toBe(stored);
    expect(storedInstant(iso)).toBe(new Date(iso).toISOString().replace('Z', '+00:00'));
  });

  it('takes a Date', () => expect(storedInstant(new Date(Date.UTC(2025, 0, 1)))).toBe('2025-01-01T00:00:00.000+00:00'));
});
