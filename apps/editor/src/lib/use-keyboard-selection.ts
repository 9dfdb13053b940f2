// The reader's keyboard selection: `t` puts the keyboard in the text with a word selected, the arrows
// and `s` move or extend it (keyboard-selection.ts says where), Enter annotates it, Esc drops it. It is
// a real DOM selection, so it looks and works like one made with the mouse.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, type KeyboardEvent, type RefObject } from 'react';
import { locate, rangeOf, runsOf, selectedRange, selectText } from './selection.ts';
import { sentences, unitAt, words, type Unit } from './units.ts';
import {
  clampSelection,
  moveSelection,
  rangeOfSelection,
  SELECTION_KEYS,
  selectionOfRange,
  type SelectionKey,
  type WordSelection,
} from './keyboard-selection.ts';

export interface KeyboardSelectionOptions {
  textRef: RefObject<HTMLElement | null>;
  text: string;
  language: string;
  /** Enter on a selection: the UTF-16 range to annotate. */
  onEnter: (range: { start: number; end: number }) => void;
  /** What redraws the text (its layout, the selected claim): the selection is put back after each. */
  paragraphs: unknown;
  selectedId: number | null;
}

export function useKeyboardSelection({ textRef, text, language, onEnter, paragraphs, selectedId }: KeyboardSelectionOptions) {
  const kbd = useRef<WordSelection | null>(null);
  const units = useRef<{ text: string; words: Unit[]; sentences: Unit[] } | null>(null);

  const getUnits = useCallback(() => {
    if (units.current?.text !== text) units.current = { text, words: words(text, language), sentences: sentences(text, language) };
    return units.current;
  }, [text, language]);

  const apply = useCallback(
    (sel: WordSelection) => {
      const { words: w } = getUnits();
      const root = textRef.current;
      if (!w.length || !root) return;
      kbd.current = clampSelection(sel, w.length);
      const { start, end } = rangeOfSelection(kbd.current, w);
      selectText(root, start, end);
      const at = locate(runsOf(root), w[kbd.current.focus]!.start);
      const rect = at?.run.getBoundingClientRect();
      if (at && rect && (rect.top < 60 || rect.bottom > window.innerHeight - 20)) at.run.scrollIntoView({ block: 'center' });
    },
    [getUnits, textRef],
  );

  /** Puts the keyboard in the text: where it was, else the mouse selection, else the first word in view. */
  const start = useCallback(() => {
    const root = textRef.current;
    if (!root) return;
    root.focus({ preventScroll: true });
    if (kbd.current) return apply(kbd.current);
    const { words: w } = getUnits();
    const r = selectedRange(root, text);
    if (r) return apply(selectionOfRange(r, w));
    const runs = runsOf(root);
    const first = runs.find((el) => el.getBoundingClientRect().bottom > 70) ?? runs[0];
    const i = first ? unitAt(w, Number(first.dataset.o)) : 0;
    apply({ anchor: i, focus: i });
  }, [apply, getUnits, text, textRef]);

  /** Forgets the selection (it became a claim form, or a mouse selection took over). */
  const forget = useCallback(() => {
    kbd.current = null;
  }, []);

  /** Selects the word at or after a UTF-16 offset, once the text has been redrawn. */
  const selectWordAt = useCallback(
    (pos: number) => {
      const { words: w } = getUnits();
      const i = Math.min(unitAt(w, pos), w.length - 1);
      requestAnimationFrame(() => apply({ anchor: i, focus: i }));
    },
    [apply, getUnits],
  );

  function paragraphIsRtl(pos: number): boolean {
    const at = textRef.current && locate(runsOf(textRef.current), pos);
    const p = at?.run.closest('p');
    return !!p && getComputedStyle(p).direction === 'rtl';
  }

  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (SELECTION_KEYS.includes(e.key)) {
      e.preventDefault();
      if (!kbd.current) {
        start();
        if (e.key !== 's') return;
      }
      if (!kbd.current) return;
      const { words: w, sentences: s } = getUnits();
      const horizontal = e.key === 'ArrowLeft' || e.key === 'ArrowRight';
      apply(moveSelection(kbd.current, e.key as SelectionKey, e.shiftKey, horizontal && paragraphIsRtl(w[kbd.current.focus]!.start), w, s));
    } else if (e.key === 'Enter') {
      const r = textRef.current && selectedRange(textRef.current, text);
      if (r) {
        e.preventDefault();
        onEnter(r);
      }
    } else if (e.key === 'Escape') {
      kbd.current = null;
      window.getSelection()?.removeAllRanges();
    }
  }

  // Redrawing the text (a claim added or selected) can replace the nodes a keyboard selection was in,
  // which collapses it: put it back, whenever the redraw lands relative to the code that set it.
  useLayoutEffect(() => {
    if (kbd.current && document.activeElement === textRef.current) apply(kbd.current);
  }, [paragraphs, selectedId, apply, textRef]);

  return { start, forget, selectWordAt, onKeyDown };
}

const PENDING = 'claimline-pending';

/** The span being annotated stays highlighted (a CSS custom highlight) while the focus is in the form. */
export function usePendingHighlight(textRef: RefObject<HTMLElement | null>) {
  const supported = () => typeof CSS !== 'undefined' && 'highlights' in CSS;
  const show = useCallback(
    (from: number, to: number) => {
      const r = textRef.current && rangeOf(textRef.current, from, to);
      if (r && supported()) CSS.highlights.set(PENDING, new Highlight(r));
    },
    [textRef],
  );
  const clear = useCallback(() => {
    if (supported()) CSS.highlights.delete(PENDING);
  }, []);
  useEffect(() => clear, [clear]);
  return useMemo(() => ({ show, clear }), [show, clear]);
}
