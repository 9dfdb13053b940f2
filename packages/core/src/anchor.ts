// Anchoring claims into a source's stored text.
//
// Offsets that are stored and exchanged count Unicode code points, as the W3C TextPositionSelector
// does, so they mean the same thing in every language and database. JavaScript strings and the
// browser's DOM count UTF-16 code units; OffsetMap converts between the two.
import { badRequest } from './errors.ts';
import { isBlank, normaliseText } from './text.ts';

export interface Anchor {
  /** Code point offset of the first character of the quote. */
  start: number;
  /** Code point offset just past the quote (exclusive). */
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}

export interface Span {
  start: number;
  end: number;
}

export interface QuoteSelector {
  exact: string;
  prefix?: string;
  suffix?: string;
  /** Where the quote was last seen (code points); used only to break ties. */
  start?: number;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Number of entries in the sorted array `xs` that are < `x`. */
function countBelow(xs: Int32Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Converts offsets in one text between code points and UTF-16 code units. Built once per text in
 * O(n); each conversion is then a binary search over the text's astral characters (those stored as
 * surrogate pairs), and free when there are none, which is the common case.
 */
export class OffsetMap {
  /** Length of the text in code points. */
  readonly length: number;
  /** UTF-16 index of the high surrogate of each astral character, ascending. */
  private readonly pairsUtf16: Int32Array;
  /** Code point index of each astral character, ascending. */
  private readonly pairsCp: Int32Array;

  constructor(readonly text: string) {
    const positions: number[] = [];
    for (let i = 0; i < text.length - 1; i++) {
      if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
        positions.push(i);
        i++;
      }
    }
    this.pairsUtf16 = Int32Array.from(positions);
    this.pairsCp = Int32Array.from(positions, (u, k) => u - k);
    this.length = text.length - positions.length;
  }

  /** The UTF-16 index of code point offset `cp` (0 ≤ cp ≤ length). */
  toUtf16(cp: number): number {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.length) {
      throw badRequest('offset', `${cp} is not a code point offset in 0..${this.length}`);
    }
    if (this.pairsCp.length === 0) return cp;
    return cp + countBelow(this.pairsCp, cp);
  }

  /** The code point offset of UTF-16 index `utf16`; refuses an index between the halves of a surrogate pair. */
  toCodePoint(utf16: number): number {
    if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > this.text.length) {
      throw badRequest('offset', `${utf16} is not a UTF-16 offset in 0..${this.text.length}`);
    }
    if (this.pairsUtf16.length === 0) return utf16;
    const before = countBelow(this.pairsUtf16, utf16);
    if (before > 0 && this.pairsUtf16[before - 1] === utf16 - 1) {
      throw badRequest('offset', `UTF-16 offset ${utf16} splits a surrogate pair`);
    }
    return utf16 - before;
  }
}

/** Length of `text` in code points (a lone surrogate counts as one, as in `[...text]`). */
export function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
      n--;
      i++;
    }
  }
  return n;
}

function relativeIndex(i: number | undefined, length: number, fallback: number): number {
  if (i === undefined) return fallback;
  const t = Math.trunc(i);
  if (Number.isNaN(t)) return 0;
  return t < 0 ? Math.max(length + t, 0) : Math.min(t, length);
}

/** Like `Array.from(text).slice(start, end).join('')` (negative indices count from the end), without the array. */
export function sliceCodePoints(text: string, start = 0, end?: number): string {
  const map = new OffsetMap(text);
  const s = relativeIndex(start, map.length, 0);
  const e = relativeIndex(end, map.length, map.length);
  if (e <= s) return '';
  return text.slice(map.toUtf16(s), map.toUtf16(e));
}

function mapOf(source: string | OffsetMap): OffsetMap {
  return typeof source === 'string' ? new OffsetMap(source) : source;
}

function checkOffset(field: 'start' | 'end', value: number): void {
  if (!Number.isInteger(value)) throw badRequest(field, 'must be a whole number of characters');
  if (value < 0) throw badRequest(field, 'must not be negative');
}

/**
 * The anchor for code points [start, end) of `source`, with up to `context` code points of prefix
 * and suffix (a TextPositionSelector and a TextQuoteSelector in one). Pass an OffsetMap instead of
 * the text when anchoring many claims in the same source.
 */
export function makeAnchor(source: string | OffsetMap, start: number, end: number, context = 32): Anchor {
  checkOffset('start', start);
  checkOffset('end', end);
  if (!Number.isInteger(context) || context < 0) throw badRequest('context', 'must be a non-negative whole number');
  const map = mapOf(source);
  if (end > map.length) throw badRequest('end', `is past the end of the text (${map.length} characters)`);
  if (start >= end) throw badRequest('end', 'must be after start: the span is empty');
  const text = map.text;
  const from = map.toUtf16(start);
  const to = map.toUtf16(end);
  const exact = text.slice(from, to);
  if (isBlank(exact)) throw badRequest('start', 'the span contains only whitespace');
  return {
    start,
    end,
    exact,
    prefix: text.slice(map.toUtf16(Math.max(0, start - context)), from),
    suffix: text.slice(to, map.toUtf16(Math.min(map.length, end + context))),
  };
}

/** UTF-16 indices of every occurrence of `needle`, overlapping ones included. */
function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

// Quotes may come from a browser selection or an import file rather than the stored text, so they
// get the same normalisation the text got on the way in (NFC, LF, no controls).
function normalisedQuote(exact: string): string {
  const quote = normaliseText(exact);
  if (quote === '') throw badRequest('exact', 'must not be empty');
  return quote;
}

/** Code point span of the `occurrence`-th (1-based, overlapping counted) occurrence of `exact`, or null. */
export function findQuote(source: string | OffsetMap, exact: string, occurrence = 1): Span | null {
  if (!Number.isInteger(occurrence) || occurrence < 1) throw badRequest('occurrence', 'must be a whole number from 1');
  const quote = normalisedQuote(exact);
  const map = mapOf(source);
  let i = -1;
  for (let n = 0; n < occurrence; n++) {
    i = map.text.indexOf(quote, i + 1);
    if (i === -1) return null;
  }
  const start = map.toCodePoint(i);
  return { start, end: start + codePointLength(quote) };
}

/** How many UTF-16 units of `context` agree with the text ending at `at` (reading backwards). */
function prefixAgreement(text: string, at: number, context: string): number {
  let n = 0;
  while (n < context.length && n < at && text.charCodeAt(at - 1 - n) === context.charCodeAt(context.length - 1 - n)) n++;
  return n;
}

/** How many UTF-16 units of `context` agree with the text starting at `at`. */
function suffixAgreement(text: string, at: number, context: string): number {
  let n = 0;
  while (n < context.length && at + n < text.length && text.charCodeAt(at + n) === context.charCodeAt(n)) n++;
  return n;
}

/**
 * Re-finds a quote whose stored positions may be stale (the text is a new revision, or the
 * positions came from another tool): the occurrence of `exact` whose surroundings agree most with
 * `prefix` and `suffix` (counted in characters), then the one nearest `start`, then the first.
 * Null when the quote no longer occurs.
 */
export function reanchor(source: string | OffsetMap, selector: QuoteSelector): Span | null {
  const quote = normalisedQuote(selector.exact);
  const prefix = selector.prefix ? normaliseText(selector.prefix) : '';
  const suffix = selector.suffix ? normaliseText(selector.suffix) : '';
  const map = mapOf(source);
  const text = map.text;
  const quoteLength = codePointLength(quote);
  let best: { start: number; agreement: number; distance: number } | null = null;
  for (const i of occurrences(text, quote)) {
    const agreement = prefixAgreement(text, i, prefix) + suffixAgreement(text, i + quote.length, suffix);
    const start = map.toCodePoint(i);
    const distance = selector.start === undefined ? 0 : Math.abs(start - selector.start);
    if (!best || agreement > best.agreement || (agreement === best.agreement && distance < best.distance)) {
      best = { start, agreement, distance };
    }
  }
  return best ? { start: best.start, end: best.start + quoteLength } : null;
}
