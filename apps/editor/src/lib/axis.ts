// Time-axis arithmetic for the timeline: ISO days to numbers, and tick marks at a sensible step.

const DAY = 86_400_000;

export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
}

export function isoOfDay(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

export interface Tick {
  day: number;
  label: string;
  major: boolean;
}

const month = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Ticks between two day numbers (inclusive), about `target` of them. */
export function ticks(from: number, to: number, target = 8): Tick[] {
  const span = Math.max(1, to - from);
  const out: Tick[] = [];
  const d0 = new Date(from * DAY);
  if (span / target < 20) {
    // Days or weeks.
    const step = span / target < 2 ? 1 : span / target < 5 ? 3 : 7;
    for (let d = from; d <= to; d += step) {
      const date = new Date(d * DAY);
      out.push({ day: d, label: dayMonth.format(date), major: date.getUTCDate() === 1 });
    }
    return out;
  }
  // Months, every 1, 2, 3, 6 or 12 (aligned: quarters start in Jan, Apr, Jul, Oct).
  const step = [1, 2, 3, 6, 12, 24, 60].find((s) => span / 30.4 / s <= target) ?? 120;
  const first = d0.getUTCFullYear() * 12 + d0.getUTCMonth() + (d0.getUTCDate() > 1 ? 1 : 0);
  for (let k = Math.ceil(first / step) * step; ; k += step) {
    const y = Math.floor(k / 12);
    const m = k % 12;
    const d = Math.floor(Date.UTC(y, m, 1) / DAY);
    if (d > to) break;
    const date = new Date(d * DAY);
    out.push({ day: d, label: m === 0 || step >= 12 ? String(y) : out.length === 0 ? monthYear.format(date) : month.format(date), major: m === 0 });
  }
  return out;
}
