// Alias-aware name matching: "Shibani", "al-Shaybani" and "الشيباني" find the same actor.
//
// Two keys per name. foldName is a faithful Latin form (case, diacritics, punctuation, the Arabic
// article and Arabic script folded away); nameSkeleton is deliberately loose, so that the
// transliteration variants found in real reporting collapse to one key. The skeleton produces
// false positives (see nameSkeleton); that is the accepted price, because the picker ranks by
// matchScore and shows the best first, whereas a missed variant means a duplicate actor.

// Apostrophe-like marks, including the ʿayn/hamza signs of scholarly transliteration. Removed before
// NFKD, which would turn the acute accent ´ into a space plus a combining mark.
const APOSTROPHES = /['’‘‛ʼʻʹʾʿ`´′]/g;
const HYPHENS = /[\u002D\u058A\u05BE\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g;

// Latin letters that NFKD does not decompose.
const LETTERS: Record<string, string> = { ı: 'i', ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ħ: 'h' };

// Arabic spelling variants that searchers do not distinguish (after NFKD has already split hamza
// and madda off أ إ آ ؤ ئ): alef wasla, ta marbuta, alef maqsura, Persian kaf and yeh, tatweel.
const ARABIC_VARIANTS: Record<string, string> = { ٱ: 'ا', ة: 'ه', ى: 'ي', ک: 'ك', ی: 'ي', ۀ: 'ه', ـ: '' };

const ARABIC_LETTERS: Record<string, string> = {
  ا: 'a',
  ب: 'b',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'dh',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: '',
  غ: 'gh',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  و: 'u',
  ي: 'i',
  ء: '',
  پ: 'p',
  چ: 'ch',
  ژ: 'zh',
  گ: 'g',
  ڤ: 'v',
};

const ARABIC = /[\u0600-\u06FF]/;

function arabicDigit(c: string): string {
  const code = c.charCodeAt(0);
  return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
}

/**
 * Arabic script to the Latin spelling English-language reporting tends to use, so that a folded
 * Arabic name lands near its transliterations: الشيباني → shibani, حميميم → hmimim.
 */
function transliterate(word: string): string {
  const letters = [...word];
  let out = '';
  letters.forEach((c, i) => {
    const next = letters[i + 1];
    const initial = i === 0;
    const final = i === letters.length - 1;
    if (c === 'ع')
      out += initial ? 'a' : ''; // Word-initial ʿayn is written as a vowel: Omar, Ali, Iraq.
    else if (c === 'و') out += initial || next === 'ا' || next === 'ي' ? 'w' : 'u';
    else if (c === 'ي') out += initial || next === 'ا' || next === 'و' ? 'y' : 'i';
    else if (c === 'ه' && final && !initial)
      out += 'a'; // Ta marbuta and final ha: Hama, Hamza.
    // A doubled h keeps ت+ح (tahrir) from reading as ث (th), س+ه from ش, and so on; the
    // skeleton reads "hh" as a lone h that joins nothing.
    else if ((c === 'ح' || c === 'ه') && /[sktdgzc]$/.test(out)) out += 'hh';
    else out += ARABIC_LETTERS[c] ?? c;
  });
  return out;
}

// Assimilated forms of the article before "sun letters": ash-Sham, ar-Raqqa, as-Suwayda,
// ad-Dawla, an-Nusra, at-Tanf, ath-Thawra, adh-Dhahab, az-Zawiya. Only when hyphenated and
// followed by the same consonant, so that other short hyphenated words survive.
const ASSIMILATED = /^[ae](sh|th|dh|zh|t|d|r|z|s|n)$/;

interface Word {
  text: string;
  hyphenAfter: boolean;
}

function isArticle(word: Word, next: Word | undefined): boolean {
  if (!next) return false;
  if (word.text === 'al' || word.text === 'el' || word.text === 'ال') return true;
  if (!word.hyphenAfter) return false;
  if (word.text === 'l') return true; // Abu l-Fadl
  const sun = ASSIMILATED.exec(word.text);
  return sun !== null && next.text.startsWith(sun[1]!);
}

/**
 * The faithful search form of a name: NFKD without combining marks, lower case, apostrophes
 * removed, hyphens and punctuation as spaces, the Arabic article dropped (al-, el-, al , ال, and
 * assimilated ash-, ar-, as- … when hyphenated), Arabic letter variants unified and the script
 * transliterated to Latin. "Asaad al-Shaibani" → "asaad shaibani", "الشيباني" → "shibani",
 * "تحرير" → "thhrir". The result is made of lower-case letters, digits and single spaces, and
 * folding it again changes nothing.
 */
export function foldName(s: string): string {
  const cleaned = s
    .replace(APOSTROPHES, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ıßøæœđðþłħ]/g, (c) => LETTERS[c] ?? c)
    .replace(/[ٱةىکیۀـ]/g, (c) => ARABIC_VARIANTS[c] ?? c)
    .replace(/[\u0660-\u0669\u06F0-\u06F9]/g, arabicDigit)
    .replace(HYPHENS, '-')
    // Periods join ("U.S." is "us"); other punctuation separates.
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ');
  const words: Word[] = [];
  for (const m of cleaned.matchAll(/([^\s-]+)([\s-]*)/g)) {
    words.push({ text: m[1]!, hyphenAfter: m[2]!.includes('-') });
  }
  const out: string[] = [];
  words.forEach((word, i) => {
    if (isArticle(word, words[i + 1])) return;
    let text = word.text;
    if (ARABIC.test(text)) {
      // The article is written joined to its word; keep at least two letters so short words survive.
      if (text.startsWith('ال') && text.length >= 4) text = text.slice(2);
      text = transliterate(text);
    }
    if (text) out.push(text);
  });
  return out.join(' ');
}

// Spelling-variant rules on one folded word, in order. Digraphs become one symbol first so that
// vowel dropping cannot merge them with neighbours ("$" stands for the sh sound: sh, ch, sch).
const DIGRAPHS: Array<[RegExp, string]> = [
  [/sch|ch|sh/g, '$'],
  [/kh/g, 'h'], // Khmeimim / Hmeimim (Russian х for Arabic ح)
  [/gh/g, 'g'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/zh|dj/g, 'j'],
  [/ph/g, 'f'],
  [/ck|q/g, 'k'], // Qasra / Kasra
];

function skeletonWord(word: string): string[] {
  if (/\p{N}/u.test(word)) return [word];
  // Abd al-/Abdel/Abdul are the same "servant of" element, spelled joined or apart.
  const abd = /^abd[aeiou]l(.*)$/.exec(word);
  if (abd) return abd[1]!.length >= 2 ? ['abd', ...skeletonWord(abd[1]!)] : ['abd'];
  // "hh" (see transliterate) is an h that must not join the letter before it into a digraph;
  // the placeholder H is safe because folded text is lower case.
  let w = word.replace(/([aeiouy])h$/, '$1').replace(/hh/g, 'H'); // final h: Abdullah / عبدالله, Hamah / Hama
  for (const [pattern, replacement] of DIGRAPHS) w = w.replace(pattern, replacement);
  w = w.replace(/H/g, 'h').replace(/(.)\1+/g, '$1'); // Assad / Asad, Sharaa / Shara
  // Short vowels are not written in Arabic and every transliteration picks its own: keep only
  // that the word starts with a vowel (as "a"), then drop vowels; y is a vowel except first.
  const lead = /^[aeiou]+/.exec(w);
  const head = lead ? 'a' : w.slice(0, 1);
  w = head + w.slice(lead ? lead[0].length : 1).replace(/[aeiouy]/g, '');
  return w ? [w] : [word];
}

/**
 * The loose key for transliteration variants: foldName, then per word: sh/ch/sch as one sound,
 * kh→h, gh→g, th→t, dh→d, zh/dj→j, ph→f, q/ck→k, a final h after a vowel dropped, doubled
 * letters collapsed, then every vowel (and y) dropped except that a word-initial vowel is kept as
 * "a". So Shaibani, Shibani, Shaybani and شيباني are all "$bn"; Hmeimim, Khmeimim and حميميم
 * "hmmm"; Türkiye, Turkey and تركيا "trk"; Sharaa, Shar'a and الشرع "$r".
 *
 * Known false positives: names that differ only in vowels collide (Assad and Asaad are both "asd",
 * Shaaban and Shaibani "$bn", Homs and Hamas "hms"), as do k/q and h/kh pairs, and a skeleton
 * prefix of three letters or more matches longer words (Türkiye "trk" finds Turkish "trk$"). Known
 * misses: an article written joined to a Latin name ("Alshaibani"), exonyms (Aleppo / حلب,
 * Damascus / دمشق), which need aliases.
 */
export function nameSkeleton(s: string): string {
  return skeletonTokens(foldName(s)).join(' ');
}

function skeletonTokens(folded: string): string[] {
  return folded ? folded.split(' ').flatMap(skeletonWord) : [];
}

function everyMatches(query: string[], name: string[], match: (q: string, n: string) => boolean): boolean {
  return query.length > 0 && query.every((q) => name.some((n) => match(q, n)));
}

const equal = (q: string, n: string) => q === n;
const prefixOf = (q: string, n: string) => n.startsWith(q);

/**
 * How well `query` matches `name`, for ranking a picker: 1 same folded name; 0.9 the folded name
 * starts with the query; 0.8 every query word is a word of the name; 0.7 every query word starts a
 * word of the name; 0.6 same skeleton; 0.5 every query word's skeleton is a word skeleton of the
 * name; 0.4 the same by prefix, for query words of at least three skeleton letters; below 0.3 in
 * proportion to the query words that match a word of the name by fold or skeleton, so a fuller
 * name (with a middle name, or "air base" after it) still finds the shorter one; otherwise 0.
 */
export function matchScore(query: string, name: string): number {
  const q = foldName(query);
  const n = foldName(name);
  if (!q || !n) return 0;
  if (q === n) return 1;
  if (n.startsWith(q)) return 0.9;
  const qWords = q.split(' ');
  const nWords = n.split(' ');
  if (everyMatches(qWords, nWords, equal)) return 0.8;
  if (everyMatches(qWords, nWords, prefixOf)) return 0.7;
  const qSkeleton = skeletonTokens(q);
  const nSkeleton = skeletonTokens(n);
  if (qSkeleton.join(' ') === nSkeleton.join(' ')) return 0.6;
  if (everyMatches(qSkeleton, nSkeleton, equal)) return 0.5;
  if (everyMatches(qSkeleton, nSkeleton, (a, b) => a.length >= 3 && b.startsWith(a))) return 0.4;
  const matched = qWords.filter((w) => nWords.includes(w) || skeletonWord(w).every((k) => nSkeleton.includes(k)));
  // Rounded so that equal proportions compare equal when ranking.
  return Math.round((300 * matched.length) / qWords.length) / 1000;
}

/**
 * The keys a database indexes for a name so that search is an indexed lookup: "f:" the folded
 * name, "t:" each folded word, "k:" each word skeleton. Every name with matchScore(q, name) > 0
 * has a key that starts with one of nameKeys(q), so a search looks those up by prefix, then ranks
 * the candidates' names with matchScore.
 */
export function nameKeys(name: string): string[] {
  const folded = foldName(name);
  if (!folded) return [];
  const keys = [`f:${folded}`, ...folded.split(' ').map((w) => `t:${w}`), ...skeletonTokens(folded).map((k) => `k:${k}`)];
  return [...new Set(keys)];
}

/**
 * The search keys stored for an actor: the keys of its name and every alias. None once it is merged
 * into another: a merged actor is a tombstone whose names live on as the winner's aliases. The actors
 * service and restore both store exactly these, so a restored database finds the same actors.
 */
export function actorSearchKeys(actor: { name: string; aliases: { name: string }[]; mergedIntoId: number | null }): string[] {
  if (actor.mergedIntoId !== null) return [];
  const keys = new Set<string>();
  for (const n of [actor.name, ...actor.aliases.map((a) => a.name)]) for (const k of nameKeys(n)) if (k) keys.add(k);
  return [...keys];
}
