// Words and sentences of a text (Intl.Segmenter, so Arabic and other scripts segment properly), for
// moving a keyboard selection through the reader. Offsets are UTF-16.

export interface Unit {
  start: number;
  end: number;
}

export function words(text: string, locale?: string): Unit[] {
  const out: Unit[] = [];
  for (const s of new Intl.Segmenter(locale, { granularity: 'word' }).segment(text)) {
    if (s.isWordLike || /[\p{N}\p{L}]/u.test(s.segment)) out.push({ start: s.index, end: s.index + s.segment.length });
  }
  return out;
}

export function sentences(text: string, locale?: string): Unit[] {
  const out: Unit[] = [];
  for (const s of new Intl.Segmenter(locale, { granularity: 'sentence' }).segment(text)) {
    // A line break ends a sentence too: the scrapes have headlines and captions without full stops.
    let at = s.index;
    for (const part of s.segment.split('\n')) {
      const lead = part.length - part.trimStart().length;
      const body = part.trim();
      if (body) out.push({ start: at + lead, end: at + lead + body.length });
      at += part.length + 1;
    }
  }
  return out;
}

/** Index of the unit containing (or first after) `pos`; units are sorted and disjoint. */
export function unitAt(units: Unit[], pos: number): number {
  let lo = 0;
  let hi = units.length - 1;
  let ans = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid]!.end > pos) {
      ans = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return Math.max(0, ans);
}
