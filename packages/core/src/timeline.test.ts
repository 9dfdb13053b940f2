import { describe, expect, it } from 'vitest';
import { MAX_BUCKETS, bucketEnd, bucketKey, bucketStart, bucketsOver, nextBucketStart, timelineUnitFor } from './timeline.ts';

describe('timeline buckets', () => {
  it('names a bucket by a prefix of the day and gives its first and last day', () => {
    expect(
      (['day', 'month', 'year', 'decade', 'century'] as const).map((u) => {
        const start = bucketStart(bucketKey('2024-02-29', u));
        return [u, start, bucketEnd(start, u)];
      }),
    ).toEqual([
      ['day', '2024-02-29', '2024-02-29'],
      ['month', '2024-02-01', '2024-02-29'],
      ['year', '2024-01-01', '2024-12-31'],
      ['decade', '2020-01-01', '2029-12-31'],
      ['century', '2000-01-01', '2099-12-31'],
    ]);
  });

  it('ends at year 9999 and starts at year 0', () => {
    expect(nextBucketStart('9999-12-31', 'day')).toBeNull();
    expect(nextBucketStart('9999-12-01', 'month')).toBeNull();
    expect(bucketEnd('9900-01-01', 'century')).toBe('9999-12-31');
    expect(bucketEnd('0000-01-01', 'year')).toBe('0000-12-31');
    expect(nextBucketStart('0099-12-31', 'day')).toBe('0100-01-01');
  });

  it('chooses the smallest unit with at most MAX_BUCKETS buckets over the range', () => {
    expect(timelineUnitFor('2024-12-01', '2024-12-31')).toBe('day');
    expect(timelineUnitFor('2024-01-01', '2024-12-31')).toBe('month');
    expect(timelineUnitFor('2001-01-01', '2024-12-31')).toBe('year');
    expect(timelineUnitFor('1500-01-01', '2024-12-31')).toBe('decade');
    expect(timelineUnitFor('0000-01-01', '9999-12-31')).toBe('century');
    for (const [from, to] of [
      ['2024-01-01', '2024-04-29'],
      ['1990-03-05', '2024-12-31'],
      ['0001-01-01', '9999-12-31'],
    ] as const)
      expect(bucketsOver(from, to, timelineUnitFor(from, to)).length).toBeLessThanOrEqual(MAX_BUCKETS + 1);
  });

  it('covers a range with consecutive buckets', () => {
    const spans = bucketsOver('2024-11-20', '2025-02-03', 'month');
    expect(spans).toEqual([
      ['2024-11-01', '2024-12-01'],
      ['2024-12-01', '2025-01-01'],
      ['2025-01-01', '2025-02-01'],
      ['2025-02-01', '2025-03-01'],
    ]);
  });
});
