// Time buckets of the timeline's density strip: which unit a range is counted in, and each bucket's bounds.
// A bucket is named by a prefix of an ISO day (the key), so a database can group events by a prefix of their
// earliest day: '2024-12-06' (day), '2024-12' (month), '2024' (year), '202' (decade), '20' (century).

export const TIMELINE_UNITS = ['day', 'month', 'year', 'decade', 'century'] as const;
export type TimelineUnit = (typeof TIMELINE_UNITS)[number];

/** Characters of an ISO day ('YYYY-MM-DD') that name a bucket of each unit. */
export const UNIT_KEY_LENGTH: Record<TimelineUnit, number> = { day: 10, month: 7, year: 4, decade: 3, century: 2 };

/** At most this many buckets of a unit fit a range before the next larger unit is used. */
export const MAX_BUCKETS = 120;

const DAY_MS = 86_400_000;

function dayOf(iso: string): number {
  const d = new Date(0);
  d.setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.floor(d.getTime() / DAY_MS);
}

function isoOf(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** The first day of the bucket a key names ('2024-12' → '2024-12-01', '202' → '2020-01-01'). */
export function bucketStart(key: string): string {
  if (key.length >= 10) return key.slice(0, 10);
  if (key.length === 7) return `${key}-01`;
  return `${key.padEnd(4, '0')}-01-01`;
}

/** The key of the bucket of `unit` that holds an ISO day. */
export function bucketKey(day: string, unit: TimelineUnit): string {
  return day.slice(0, UNIT_KEY_LENGTH[unit]);
}

/** The first day of the next bucket (exclusive end of this one); null past year 9999. */
export function nextBucketStart(start: string, unit: TimelineUnit): string | null {
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  if (unit === 'day') {
    const next = isoOf(dayOf(start) + 1);
    return next > '9999-12-31' || next.length > 10 ? null : next;
  }
  if (unit === 'month')
    return m === 12 ? (y === 9999 ? null : `${String(y + 1).padStart(4, '0')}-01-01`) : `${start.slice(0, 5)}${String(m + 1).padStart(2, '0')}-01`;
  const step = unit === 'year' ? 1 : unit === 'decade' ? 10 : 100;
  return y + step > 9999 ? null : `${String(y + step).padStart(4, '0')}-01-01`;
}

/** The last day of a bucket (inclusive). */
export function bucketEnd(start: string, unit: TimelineUnit): string {
  const next = nextBucketStart(start, unit);
  return next ? isoOf(dayOf(next) - 1) : '9999-12-31';
}

/** The smallest unit in which the range [from, to] (ISO days, inclusive) has at most MAX_BUCKETS buckets. */
export function timelineUnitFor(from: string, to: string): TimelineUnit {
  const days = dayOf(to) - dayOf(from) + 1;
  if (days <= MAX_BUCKETS) return 'day';
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
  if (months <= MAX_BUCKETS) return 'month';
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1;
  if (years <= MAX_BUCKETS) return 'year';
  return years <= MAX_BUCKETS * 10 ? 'decade' : 'century';
}

/** The buckets covering [from, to] in `unit`, as [start, exclusive end] pairs (the last end is null past year 9999). */
export function bucketsOver(from: string, to: string, unit: TimelineUnit): [string, string | null][] {
  const out: [string, string | null][] = [];
  for (let start: string | null = bucketStart(bucketKey(from, unit)); start !== null && start <= to;) {
    const next = nextBucketStart(start, unit);
    out.push([start, next]);
    start = next;
  }
  return out;
}
