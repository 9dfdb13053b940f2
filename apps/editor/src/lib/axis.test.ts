import { describe, expect, it } from 'vitest';
import { dayNumber, isoOfDay, ticks } from './axis.ts';

describe('axis', () => {
  it('converts ISO days both ways', () => {
    expect(isoOfDay(dayNumber('2024-12-06'))).toBe('2024-12-06');
    expect(dayNumber('1970-01-02')).toBe(1);
  });
  it('ticks days over a short span', () => {
    const t = ticks(dayNumber('2024-12-01'), dayNumber('2024-12-08'));
    expect(t[0]!.label).toBe('1 Dec');
    expect(t).toHaveLength(8);
  });
  it('ticks months, labelling January with its year', () => {
    const t = ticks(dayNumber('2024-11-15'), dayNumber('2025-08-01'), 10);
    expect(t.map((x) => x.label)).toEqual(['Dec 2024', '2025', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug']);
    expect(t.find((x) => x.label === '2025')!.major).toBe(true);
  });
});
