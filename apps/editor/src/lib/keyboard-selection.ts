// Where a keyboard selection in the reader goes on each key: pure, over the text's words and sentences
// (units.ts), so the moves are tested without a browser. A selection is a range of words: `anchor` stays,
// `focus` moves; both are indices into the words.
import { unitAt, type Unit } from './units.ts';

export interface WordSelection {
  anchor: number;
  focus: number;
}

export type SelectionKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 's';

export const SELECTION_KEYS: readonly string[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 's'];

/** Index of the last unit that starts before `pos` (the first unit when none does). */
export function unitBefore(units: Unit[], pos: number): number {
  let lo = 0;
  let hi = units.length - 1;
  let ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid]!.start < pos) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** Both ends kept inside the text's words. */
export function clampSelection(sel: WordSelection, wordCount: number): WordSelection {
  const clamp = (i: number) => Math.max(0, Math.min(i, wordCount - 1));
  return { anchor: clamp(sel.anchor), focus: clamp(sel.focus) };
}

/** The UTF-16 range a selection covers: from the earlier word's start to the later word's end. */
export function rangeOfSelection(sel: WordSelection, words: Unit[]): { start: number; end: number } {
  const a = words[sel.anchor]!;
  const f = words[sel.focus]!;
  return { start: Math.min(a.start, f.start), end: Math.max(a.end, f.end) };
}

/** The words from the start of a UTF-16 range to its end (a mouse selection taken over by the keyboard). */
export function selectionOfRange(range: { start: number; end: number }, words: Unit[]): WordSelection {
  return { anchor: unitAt(words, range.start), focus: unitBefore(words, range.end) };
}

/**
 * The selection after a key. ←/→ move by a word in the direction of the screen (`rtl`: the focused word's
 * paragraph runs right to left, so ← goes forward in the text); ↑/↓ go to the previous or next sentence;
 * with Shift they extend (by a word, or to the end of the sentence, then of the next); `s` selects the
 * sentence around the focus. The result may run past the text's words: clamp it.
 */
export function moveSelection(sel: WordSelection, key: SelectionKey, shift: boolean, rtl: boolean, words: Unit[], sentences: Unit[]): WordSelection {
  const { anchor, focus } = sel;
  const at = words[focus]!.start;
  if (key === 'ArrowLeft' || key === 'ArrowRight') {
    const forward = (key === 'ArrowRight') !== rtl;
    const next = focus + (forward ? 1 : -1);
    return { anchor: shift ? anchor : next, focus: next };
  }
  const si = unitAt(sentences, at);
  if (key === 's') {
    const sentence = sentences[si]!;
    return { anchor: unitAt(words, sentence.start), focus: unitBefore(words, sentence.end) };
  }
  const down = key === 'ArrowDown';
  if (!shift) {
    const target = sentences[Math.max(0, Math.min(sentences.length - 1, si + (down ? 1 : -1)))]!;
    const wi = unitAt(words, target.start);
    return { anchor: wi, focus: wi };
  }
  if (down) {
    const endOf = (k: number) => unitBefore(words, sentences[Math.min(k, sentences.length - 1)]!.end);
    return { anchor, focus: endOf(si) > focus ? endOf(si) : endOf(si + 1) };
  }
  const startOf = (k: number) => unitAt(words, sentences[Math.max(k, 0)]!.start);
  return { anchor, focus: startOf(si) < focus ? startOf(si) : startOf(si - 1) };
}

/** The span of a new claim, widened so it never cuts a surrogate pair (UTF-16 offsets). */
export function wholeCharacters(text: string, start: number, end: number): { start: number; end: number } {
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start]!) && /[\uD800-\uDBFF]/.test(text[start - 1]!)) start--;
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end]!) && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end++;
  return { start, end };
}
