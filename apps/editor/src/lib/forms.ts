// Small pieces every editing form shares: keyboard handling, the address bar (saving is use-versioned-edit.ts).
import type { KeyboardEvent } from 'react';

/** Ctrl/Cmd+Enter saves and Esc cancels, from anywhere in the form (a picker's own Esc comes first). */
export function formKeys(onSave: () => void, onCancel?: () => void) {
  return (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onSave();
    } else if (e.key === 'Escape' && onCancel && !e.defaultPrevented) {
      e.preventDefault();
      onCancel();
    }
  };
}

/** Updates query parameters of the current address without a navigation (null removes one). */
export function replaceSearchParams(values: Record<string, string | number | null | undefined>): void {
  const url = new URL(window.location.href);
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === '') url.searchParams.delete(k);
    else url.searchParams.set(k, String(v));
  }
  window.history.replaceState(window.history.state, '', url);
}
