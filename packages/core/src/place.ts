// Whether two asserted places name the same place, for dispute detection: "Hmeimim" and
// "Khmeimim air base" agree; "an airbase near Khamenei" and "Hmeimim" do not.
//
// Decisions:
// - Generic words (air base, city, province, crossing …) and articles are ignored: they describe
//   the place rather than name it. So is a description before a generic noun that is placed by a
//   name: "the Russian airbase at Hmeimim" is "Hmeimim".
// - Decided: "near X" (also around, outside, close to, the outskirts of) is the same place as X.
//   A dispute means the two claims cannot both be true, and "at X" and "near X" can; the reference
//   place is what sources disagree about. "near X" and "Y" still differ when X and Y do.
// - Compass directions are a qualifier: "north of Aleppo" agrees with "Aleppo" and with
//   "northern Aleppo", but not with "south of Aleppo". A bare English compass word not followed by
//   "of" is part of a name (South Sudan, North Macedonia, West Bank). Arabic شمال/جنوب … are always
//   read as qualifiers (شمال حلب, north of Aleppo), so جنوب السودان (South Sudan) agrees with
//   السودان: a known miss, fixed by writing the name in English or as an alias.
// - Commas separate a place from what contains it ("Hmeimim, Latakia, Syria"). Two places agree
//   when every part of the one with fewer parts agrees with some part of the other, so "Syria" and
//   "Damascus, Syria" agree (one is a less precise statement of the other), while "Aleppo, Syria"
//   and "Damascus, Syria" do not.
// - A description with nothing left but generic words ("the air base") is compared by those
//   words, so it agrees with "an air base" but not with "Hmeimim air base".
import { foldName, nameSkeleton } from './fold.ts';

// Written as users write them; folded once below so the comparison sees them as it sees input.
const GENERIC = [
  'air base',
  'airbase',
  'air field',
  'airfield',
  'airport',
  'international airport',
  'military airport',
  'base',
  'military base',
  'naval base',
  'naval facility',
  'facility',
  'port',
  'seaport',
  'harbour',
  'harbor',
  'city',
  'town',
  'village',
  'province',
  'governorate',
  'district',
  'subdistrict',
  'region',
  'area',
  'crossing',
  'border crossing',
  'crossing border',
  'border gate',
  'border',
  'frontier',
  'camp',
  'capital',
  'قاعدة',
  'جوية',
  'العسكرية',
  'البحرية',
  'مطار',
  'الدولي',
  'ميناء',
  'مرفأ',
  'مدينة',
  'بلدة',
  'قرية',
  'محافظة',
  'منطقة',
  'ناحية',
  'معبر',
  'الحدودي',
  'مخيم',
];

const STOPWORDS = ['the', 'a', 'an', 'of', 'in', 'at', 'on', 'في'];

const NEAR = ['near', 'nearby', 'around', 'outside', 'close to', 'next to', 'outskirts', 'vicinity', 'قرب', 'بالقرب من', 'محيط', 'ضواحي'];

// Compass words that qualify a place wherever they stand.
const QUALIFYING_DIRECTIONS: Record<string, string> = {
  northern: 'n',
  southern: 's',
  eastern: 'e',
  western: 'w',
  northeastern: 'ne',
  northwestern: 'nw',
  southeastern: 'se',
  southwestern: 'sw',
  شمال: 'n',
  شمالي: 'n',
  جنوب: 's',
  جنوبي: 's',
  شرق: 'e',
  شرقي: 'e',
  غرب: 'w',
  غربي: 'w',
};

// Compass words that qualify only when followed by "of" (north of Aleppo, north-east of Idlib).
const BARE_DIRECTIONS: Record<string, string> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

function phrases(list: string[]): string[][] {
  // Longest first, so "border crossing" is removed whole before "crossing" is tried.
  return list.map((p) => foldName(p).split(' ')).sort((a, b) => b.length - a.length);
}

const GENERIC_PHRASES = phrases(GENERIC);
const STOP_PHRASES = phrases(STOPWORDS);
const NEAR_PHRASES = phrases(NEAR);
const foldKeys = (table: Record<string, string>) => new Map(Object.entries(table).map(([word, d]) => [foldName(word), d]));
const QUALIFYING = foldKeys(QUALIFYING_DIRECTIONS);
const BARE = foldKeys(BARE_DIRECTIONS);

// Words that link a generic noun to the name it is placed by: "the Russian airbase at Hmeimim".
const LINKS = new Set(['at', 'in', 'of', 'near', 'outside', 'by', 'close', 'next', 'around']);

interface PlacePart {
  folded: string;
  skeleton: string;
  /** Compass qualifiers, e.g. "n" or "n e"; '' when none. */
  direction: string;
}

function startsWithPhrase(words: string[], at: number, list: string[][]): number {
  for (const phrase of list) {
    if (phrase.every((w, k) => words[at + k] === w)) return phrase.length;
  }
  return 0;
}

function partOf(component: string): PlacePart | null {
  const folded = foldName(component);
  if (!folded) return null;
  let words = folded.split(' ');
  // "<description> <generic noun> at|near … <name>": only the name part says where.
  for (let i = 0; i < words.length; i++) {
    const length = startsWithPhrase(words, i, GENERIC_PHRASES);
    if (length && LINKS.has(words[i + length] ?? '')) {
      words = words.slice(i + length);
      break;
    }
  }
  const kept: string[] = [];
  const generic: string[] = [];
  const directions = new Set<string>();
  for (let i = 0; i < words.length;) {
    const word = words[i]!;
    const qualifying = QUALIFYING.get(word);
    if (qualifying) {
      for (const d of qualifying) directions.add(d);
      i++;
      continue;
    }
    let end = i;
    while (end < words.length && BARE.has(words[end]!)) end++;
    if (end > i && words[end] === 'of') {
      for (const w of words.slice(i, end)) for (const d of BARE.get(w)!) directions.add(d);
      i = end + 1;
      continue;
    }
    const skip = startsWithPhrase(words, i, NEAR_PHRASES) || startsWithPhrase(words, i, STOP_PHRASES);
    if (skip) {
      i += skip;
      continue;
    }
    const genericLength = startsWithPhrase(words, i, GENERIC_PHRASES);
    if (genericLength) {
      generic.push(...words.slice(i, i + genericLength));
      i += genericLength;
      continue;
    }
    kept.push(word);
    i++;
  }
  const core = (kept.length ? kept : generic.length ? generic : words).join(' ');
  return { folded: core, skeleton: nameSkeleton(core), direction: [...directions].sort().join(' ') };
}

function partsOf(place: string): PlacePart[] {
  return place
    .split(/[,;،]/)
    .map(partOf)
    .filter((p): p is PlacePart => p !== null);
}

function sameName(a: PlacePart, b: PlacePart): boolean {
  return a.folded === b.folded || a.skeleton === b.skeleton;
}

function partsAgree(a: PlacePart, b: PlacePart, aliases: PlacePart[][]): boolean {
  if (a.direction && b.direction && a.direction !== b.direction) return false;
  if (sameName(a, b)) return true;
  return aliases.some((group) => group.some((x) => sameName(a, x)) && group.some((y) => sameName(b, y)));
}

/**
 * Whether two place descriptions can name the same place, after alias folding (foldName and
 * nameSkeleton, so transliteration variants agree) and the rules above. `aliases` lists groups of
 * names known to denote one place, e.g. [["Hmeimim", "Basel al-Assad airport"]].
 */
export function samePlace(a: string, b: string, aliases: string[][] = []): boolean {
  const pa = partsOf(a);
  const pb = partsOf(b);
  if (pa.length === 0 || pb.length === 0) return pa.length === pb.length;
  const groups = aliases.map((g) => g.map(partOf).filter((p): p is PlacePart => p !== null));
  const [fewer, more] = pa.length <= pb.length ? [pa, pb] : [pb, pa];
  return fewer.every((p) => more.some((q) => partsAgree(p, q, groups)));
}
