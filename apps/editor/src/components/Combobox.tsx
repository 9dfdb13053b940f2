'use client';
// An accessible type-ahead (WAI-ARIA combobox with a listbox popup): ↑/↓ move, Enter picks, Esc closes.
// The last option may be "Create …" so a missing record can be added without leaving the form.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface ComboboxProps<T> {
  label: string;
  query: string;
  onQuery: (q: string) => void;
  items: T[];
  loading?: boolean;
  itemKey: (item: T) => string | number;
  renderItem: (item: T) => ReactNode;
  onPick: (item: T) => void;
  /** Label of the extra "create" option for the current query, or null for none. */
  createLabel?: string | null;
  onCreate?: () => void;
  placeholder?: string;
  autoFocus?: boolean;
  inputId?: string;
  invalid?: boolean;
  testId?: string;
  /** Show suggestions before anything is typed. */
  openOnFocus?: boolean;
  /** The suggestions are not yet those of the current query: Enter waits for them. */
  pending?: boolean;
}

export function Combobox<T>(p: ComboboxProps<T>) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const enterWhenReady = useRef(false);
  const options = p.items.length + (p.createLabel ? 1 : 0);
  const showList = open && (p.query.trim() !== '' || p.openOnFocus) && (options > 0 || p.loading);

  function choose(i: number) {
    if (i < p.items.length) p.onPick(p.items[i]!);
    else if (p.createLabel) p.onCreate?.();
    setOpen(false);
  }

  // Typing fast and pressing Enter picks from the results of what was typed, not from older ones.
  useEffect(() => {
    if (p.pending || !enterWhenReady.current) return;
    enterWhenReady.current = false;
    if (options > 0) choose(Math.min(active, options - 1));
  });

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (options ? (a + 1) % options : 0));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (options ? (a - 1 + options) % options : 0));
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      if (p.pending && p.query.trim()) {
        e.preventDefault();
        e.stopPropagation();
        enterWhenReady.current = true;
      } else if (showList && options > 0) {
        e.preventDefault();
        e.stopPropagation();
        choose(Math.min(active, options - 1));
      } else if (p.query.trim()) {
        // Never submit the surrounding form from a picker that has no choice yet.
        e.preventDefault();
        e.stopPropagation();
      }
    } else if (e.key === 'Escape' && showList) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  }

  const activeId = showList && options > 0 ? `${listId}-${Math.min(active, options - 1)}` : undefined;
  return (
    <div className="combobox">
      <input
        ref={input}
        id={p.inputId}
        type="text"
        role="combobox"
        aria-label={p.label}
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        aria-invalid={p.invalid || undefined}
        autoComplete="off"
        spellCheck={false}
        dir="auto"
        placeholder={p.placeholder}
        autoFocus={p.autoFocus}
        value={p.query}
        data-testid={p.testId}
        onChange={(e) => {
          enterWhenReady.current = false;
          p.onQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <ul className="listbox" id={listId} role="listbox" aria-label={`${p.label} suggestions`}>
          {p.items.map((item, i) => (
            <li
              key={p.itemKey(item)}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(i)}
              onMouseEnter={() => setActive(i)}
            >
              {p.renderItem(item)}
            </li>
          ))}
          {p.createLabel && (
            <li
              id={`${listId}-${p.items.length}`}
              role="option"
              aria-selected={active === p.items.length}
              className={`create${active === p.items.length ? ' active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(p.items.length)}
              onMouseEnter={() => setActive(p.items.length)}
            >
              {p.createLabel}
            </li>
          )}
          {p.loading && p.items.length === 0 && (
            <li className="muted" aria-disabled="true">
              Searching…
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
