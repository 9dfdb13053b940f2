// The reader's page shortcuts: j/k walk the claims, t puts the keyboard in the text, e/l/h edit, link or
// show the history of the selected claim. While a form is open they are off, but its own keys
// (Ctrl+Enter saves, Esc cancels) still work when the focus has fallen back to the page.
import { useEffect, type RefObject } from 'react';
import { typingTarget } from './shortcuts.ts';

export interface ReaderShortcuts {
  formOpen: boolean;
  /** Holds the open form, if any. */
  panelRef: RefObject<HTMLElement | null>;
  closeForm: () => void;
  /** The claims in reading order. */
  claimIds: number[];
  selectedId: number | null;
  select: (id: number) => void;
  startKeyboard: () => void;
  edit: (id: number) => void;
  link: (id: number) => void;
  history: (id: number) => void;
}

/** The claim j (next) or k (previous) moves to from the selected one (none selected: the first). */
export function stepClaim(ids: number[], selectedId: number | null, key: 'j' | 'k'): number | null {
  if (!ids.length) return null;
  const i = selectedId === null ? -1 : ids.indexOf(selectedId);
  return ids[key === 'j' ? Math.min(ids.length - 1, i + 1) : i <= 0 ? 0 : i - 1]!;
}

export function useReaderShortcuts(o: ReaderShortcuts) {
  const { formOpen, panelRef, closeForm, claimIds, selectedId, select, startKeyboard, edit, link, history } = o;
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      // Focus can fall back to the page while the form is open (a field it was in went away): the
      // form's keys still work there.
      if (formOpen && e.target === document.body && !e.defaultPrevented) {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          panelRef.current?.querySelector('form')?.requestSubmit();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          closeForm();
        }
        return;
      }
      if (formOpen || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingTarget(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      if (e.key === 'j' || e.key === 'k') {
        const next = stepClaim(claimIds, selectedId, e.key);
        if (next === null) return;
        e.preventDefault();
        select(next);
      } else if (e.key === 't') {
        e.preventDefault();
        startKeyboard();
      } else if (selectedId !== null && (e.key === 'e' || e.key === 'l' || e.key === 'h')) {
        e.preventDefault();
        ({ e: edit, l: link, h: history })[e.key](selectedId);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [formOpen, panelRef, closeForm, claimIds, selectedId, select, startKeyboard, edit, link, history]);
}
