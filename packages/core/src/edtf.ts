// Dates as EDTF strings (levels 0 and 1): parsing to day bounds, overlap for dispute detection, display.
// The editor compiles core through its own tsconfig, which does not include this ambient declaration.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./edtf-js.d.ts" />
import edtf, { parse, type Parsed } from 'edtf';
import { badRequest } from './errors.ts';

export type EdtfPrecision = 'day' | 'month' | 'year' | 'season' | 'interval';

export interface EdtfValue {
  /** The normalised EDTF string. */
  value: string;
  /** First day covered, ISO 'YYYY-MM-DD', inclusive; null when the start is open or unknown. */
  earliest: string | null;
  /** Last day covered, ISO 'YYYY-MM-DD', inclusive; null when the end is open or unknown. */
  latest: string | null;
  precision: EdtfPrecision;
  /** "?" (or "%"): the claimant asserts this value but with doubt. */
  uncertain: boolean;
  /** "~" (or "%"): the value is a round figure ("around December"). */
  approximate: boolean;
}

const INVALID = 'not a valid EDTF date (examples: 2024-12-06, 2024-12~, 2024-12-07/2024-12-08)';
const DAY_MS = 86_400_000;

/** One date or season: an interval's endpoint, or the whole value. Bounds are day numbers (days since 1970-01-01). */
interface Endpoint {
  edtf: string;
  earliest: number;
  latest: number;
  precision: Exclude<EdtfPrecision, 'interval'>;
  uncertain: boolean;
  approximate: boolean;
  /** EDTF season code (21 spring … 24 winter) when precision is 'season'. */
  season?: number;
}

/** An interval end given as ".." (open: it goes on) or "" (unknown). Both leave the bound null. */
type End = Endpoint | 'open' | 'unknown';

interface Analysed {
  value: string;
  lower: End;
  upper: End;
}

function dayOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  d.setUTCFullYear(year, month, day);
  return Math.floor(d.getTime() / DAY_MS);
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  return dayOf(year, month + 1, 1) - dayOf(year, month, 1);
}

// Seasons are read as the meteorological seasons of the northern hemisphere (where the corpus is),
// the one that begins in the given year: winter 2024 is December 2024 to February 2025. EDTF.js
// maps 21–24 to calendar quarters instead, which would put "spring" in January; we do not use its
// bounds for seasons.
const SEASON_START_MONTH: Record<number, number> = { 21: 2, 22: 5, 23: 8, 24: 11 };

function flag(v: boolean | number | undefined): boolean {
  return v === true || (typeof v === 'number' && v !== 0);
}

function endpointOf(p: Parsed, field: string): Endpoint {
  const parts = p.values as number[];
  const year = parts[0]!;
  if (year < 0 || year > 9999) throw badRequest(field, 'only years 0000 to 9999 are supported');
  const uncertain = flag(p.uncertain);
  const approximate = flag(p.approximate);
  if (p.type === 'Season') {
    const season = parts[1]!;
    const startMonth = SEASON_START_MONTH[season];
    if (startMonth === undefined) throw badRequest(field, INVALID);
    return {
      edtf: edtf(p).edtf,
      earliest: dayOf(year, startMonth, 1),
      latest: dayOf(year, startMonth + 3, 1) - 1,
      precision: 'season',
      uncertain,
      approximate,
      season,
    };
  }
  if (p.type !== 'Date') throw badRequest(field, INVALID);
  if (parts.length > 3) throw badRequest(field, 'give a date without a time of day (e.g. 2024-12-06)');
  const [, month, day] = parts;
  // EDTF.js accepts 2023-02-29 and rolls it over to 1 March; an impossible day is an input error.
  if (month !== undefined && day !== undefined && day > daysInMonth(year, month)) throw badRequest(field, INVALID);
  const ext = edtf(p);
  const earliest = Math.floor(ext.min / DAY_MS);
  const latest = Math.floor(ext.max / DAY_MS);
  // Precision is what the bounds pin down, so 2024-12-XX (some day in December) counts as a month
  // and 201X as years.
  const wholeMonth = earliest === dayOf(year, month ?? 0, 1) && latest === dayOf(year, (month ?? 0) + 1, 1) - 1;
  const precision = earliest === latest ? 'day' : wholeMonth ? 'month' : 'year';
  return { edtf: ext.edtf, earliest, latest, precision, uncertain, approximate };
}

function endOf(text: string, p: Parsed | null, field: string): End {
  if (text === '..') return 'open';
  if (text === '') return 'unknown';
  if (!p) throw badRequest(field, INVALID);
  return endpointOf(p, field);
}

function endText(end: End): string {
  return end === 'open' ? '..' : end === 'unknown' ? '' : end.edtf;
}

// The edtf parser costs about a millisecond a call; dispute detection and listings parse the same few
// values over and over. Successful parses are immutable, so they are cached (bounded).
const analysed = new Map<string, Analysed>();
const CACHE_LIMIT = 5000;

function analyse(input: string, field: string): Analysed {
  const text = input.trim();
  const hit = analysed.get(text);
  if (hit) return hit;
  const result = analyseUncached(text, field);
  if (analysed.size >= CACHE_LIMIT) analysed.delete(analysed.keys().next().value!);
  analysed.set(text, result);
  return result;
}

function analyseUncached(text: string, field: string): Analysed {
  let parsed: Parsed;
  try {
    parsed = parse(text, { level: 1 });
  } catch {
    throw badRequest(field, INVALID);
  }
  if (parsed.type !== 'Interval') {
    const point = endpointOf(parsed, field);
    return { value: point.edtf, lower: point, upper: point };
  }
  // A level 1 interval has exactly one "/", and ends that are dates never contain one.
  const [lowerText = '', upperText = ''] = text.split('/');
  const [lowerParsed = null, upperParsed = null] = parsed.values as Array<Parsed | null>;
  const lower = endOf(lowerText, lowerParsed, field);
  const upper = endOf(upperText, upperParsed, field);
  if (typeof lower === 'string' && typeof upper === 'string') {
    throw badRequest(field, 'an interval needs at least one date (e.g. 2024-12-01/..)');
  }
  if (typeof lower !== 'string' && typeof upper !== 'string' && lower.earliest > upper.latest) {
    throw badRequest(field, 'the interval ends before it starts');
  }
  return { value: `${endText(lower)}/${endText(upper)}`, lower, upper };
}

/**
 * Parses an EDTF level 0 or 1 date (surrounding whitespace ignored) into its normalised form and
 * inclusive day bounds. Throws BAD_REQUEST on `field` for anything else. Not supported although
 * valid EDTF: times of day, years outside 0000–9999, intervals with no date at either end.
 */
export function parseEdtf(value: string, field = 'date'): EdtfValue {
  const { value: normalised, lower, upper } = analyse(value, field);
  const ends = [lower, upper].filter((e): e is Endpoint => typeof e !== 'string');
  return {
    value: normalised,
    earliest: typeof lower === 'string' ? null : isoDay(lower.earliest),
    latest: typeof upper === 'string' ? null : isoDay(upper.latest),
    precision: lower === upper && typeof lower !== 'string' ? lower.precision : 'interval',
    uncertain: ends.some((e) => e.uncertain),
    approximate: ends.some((e) => e.approximate),
  };
}

export function isEdtf(value: string): boolean {
  try {
    parseEdtf(value);
    return true;
  } catch {
    return false;
  }
}

/** A string that sorts dates by their earliest day; an open or unknown start ('') sorts first. */
export function edtfSortKey(value: string): string {
  return parseEdtf(value).earliest ?? '';
}

function addMonths(day: number, months: number): number {
  const d = new Date(day * DAY_MS);
  return dayOf(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate());
}

/**
 * The days an endpoint could mean. "~" (approximate) widens it by a margin that grows with its
 * precision: 3 days either side of a day, a month either side of a month or season, a year either
 * side of a year. "About 6 December" is then compatible with 8 December but not with 20 December.
 * "?" (uncertain) does not widen: the claimant asserts that value, only with doubt, and a different
 * value from another source is still a disagreement a reviewer should see.
 */
function widened(e: Endpoint): { earliest: number; latest: number } {
  if (!e.approximate) return e;
  switch (e.precision) {
    case 'day':
      return { earliest: e.earliest - 3, latest: e.latest + 3 };
    case 'month':
    case 'season':
      // From the first day of the month before to the last day of the month after.
      return { earliest: addMonths(e.earliest, -1), latest: addMonths(e.latest + 1, 1) - 1 };
    default:
      return { earliest: addMonths(e.earliest, -12), latest: addMonths(e.latest + 1, 12) - 1 };
  }
}

function span(value: string, field: string): { earliest: number; latest: number } {
  const { lower, upper } = analyse(value, field);
  return {
    earliest: typeof lower === 'string' ? -Infinity : widened(lower).earliest,
    latest: typeof upper === 'string' ? Infinity : widened(upper).latest,
  };
}

/**
 * Whether two asserted dates can both be true: their day ranges (inclusive, widened where
 * approximate) share at least one day. An open or unknown end reaches arbitrarily far.
 */
export function edtfOverlap(a: string, b: string): boolean {
  const x = span(a, 'a');
  const y = span(b, 'b');
  return x.earliest <= y.latest && y.earliest <= x.latest;
}

interface Labels {
  approximate: string;
  uncertain: string;
  both: string;
  from: (s: string) => string;
  until: (s: string) => string;
  seasons: Record<number, string>;
}

const LABELS: Record<string, Labels> = {
  en: {
    approximate: 'approx.',
    uncertain: 'uncertain',
    both: 'approx., uncertain',
    from: (s) => `from ${s}`,
    until: (s) => `until ${s}`,
    seasons: { 21: 'Spring', 22: 'Summer', 23: 'Autumn', 24: 'Winter' },
  },
  fr: {
    approximate: 'env.',
    uncertain: 'incertain',
    both: 'env., incertain',
    from: (s) => `depuis ${s}`,
    until: (s) => `jusqu’au ${s}`,
    seasons: { 21: 'Printemps', 22: 'Été', 23: 'Automne', 24: 'Hiver' },
  },
  de: {
    approximate: 'ca.',
    uncertain: 'unsicher',
    both: 'ca., unsicher',
    from: (s) => `ab ${s}`,
    until: (s) => `bis ${s}`,
    seasons: { 21: 'Frühling', 22: 'Sommer', 23: 'Herbst', 24: 'Winter' },
  },
  es: {
    approximate: 'aprox.',
    uncertain: 'incierto',
    both: 'aprox., incierto',
    from: (s) => `desde ${s}`,
    until: (s) => `hasta ${s}`,
    seasons: { 21: 'Primavera', 22: 'Verano', 23: 'Otoño', 24: 'Invierno' },
  },
  ar: {
    approximate: 'تقريبًا',
    uncertain: 'غير مؤكد',
    both: 'تقريبًا، غير مؤكد',
    from: (s) => `من ${s}`,
    until: (s) => `حتى ${s}`,
    seasons: { 21: 'ربيع', 22: 'صيف', 23: 'خريف', 24: 'شتاء' },
  },
};

// Bare "en" means the newsroom's day-month-year order ("6 Dec 2024"), not Intl's US default;
// a caller who wants US order asks for "en-US".
function intlLocale(locale: string): string {
  const wanted = locale === 'en' ? 'en-GB' : locale;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([wanted]).length ? wanted : 'en-GB';
  } catch {
    return 'en-GB';
  }
}

const FORMAT_OPTIONS: Record<'day' | 'month' | 'year', Intl.DateTimeFormatOptions> = {
  day: { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' },
  month: { month: 'short', year: 'numeric', timeZone: 'UTC' },
  year: { year: 'numeric', timeZone: 'UTC' },
};

function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

// ICU separates ranges with thin spaces around an en dash; between bare numbers ("7–8 Dec") house
// style closes them up, elsewhere an ordinary space.
function tidyRange(s: string): string {
  return s.replace(/(\d)\s*–\s*(\d)/gu, '$1–$2').replace(/\s+–\s+/gu, ' – ');
}

function qualified(text: string, e: { approximate: boolean; uncertain: boolean }, labels: Labels): string {
  if (e.approximate && e.uncertain) return `${text} (${labels.both})`;
  if (e.approximate) return `${text} (${labels.approximate})`;
  if (e.uncertain) return `${text} (${labels.uncertain})`;
  return text;
}

function formatEndpoint(e: Endpoint, locale: string, labels: Labels): string {
  if (e.precision === 'season') {
    // Winter straddles two years (see SEASON_START_MONTH): "Winter 2024–25".
    const year = yearOf(e.earliest);
    const years = e.season === 24 ? `${year}–${String(year + 1).slice(-2)}` : String(year);
    return `${labels.seasons[e.season ?? 21]} ${years}`;
  }
  const fmt = new Intl.DateTimeFormat(locale, FORMAT_OPTIONS[e.precision]);
  const from = new Date(e.earliest * DAY_MS);
  const to = new Date(e.latest * DAY_MS);
  // A run of years (201X) has 'year' precision but several years.
  if (e.precision === 'year' && yearOf(e.earliest) !== yearOf(e.latest)) return tidyRange(fmt.formatRange(from, to));
  return fmt.format(from);
}

/** A short human form: "6 Dec 2024", "Dec 2024 (approx.)", "7–8 Dec 2024", "31 Jul 2025 (uncertain)". */
export function formatEdtf(value: string, locale = 'en'): string {
  const { lower, upper } = analyse(value, 'date');
  const labels = LABELS[locale.split('-')[0]!.toLowerCase()] ?? LABELS.en!;
  const intl = intlLocale(locale);
  const one = (e: Endpoint) => qualified(formatEndpoint(e, intl, labels), e, labels);
  if (lower === upper && typeof lower !== 'string') return one(lower);
  // analyse() guarantees at least one end is a date.
  if (typeof lower === 'string') return lower === 'open' ? labels.until(one(upper as Endpoint)) : `? – ${one(upper as Endpoint)}`;
  if (typeof upper === 'string') return upper === 'open' ? labels.from(one(lower)) : `${one(lower)} – ?`;
  const plain = !lower.approximate && !lower.uncertain && !upper.approximate && !upper.uncertain;
  if (plain && lower.precision === upper.precision && lower.precision !== 'season') {
    const fmt = new Intl.DateTimeFormat(intl, FORMAT_OPTIONS[lower.precision]);
    return tidyRange(fmt.formatRange(new Date(lower.earliest * DAY_MS), new Date(upper.latest * DAY_MS)));
  }
  return `${one(lower)} – ${one(upper)}`;
}
