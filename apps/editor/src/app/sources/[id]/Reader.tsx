'use client';
// The source reader: the text with every claim highlighted, a side panel with the claims in reading
// order, and the annotation flow (select a span with the mouse or the keyboard → claim form).
// Offsets: the API counts code points, the DOM counts UTF-16 units; OffsetMap converts at this edge.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useSuspenseInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { OffsetMap } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';
import { layoutText } from '~/lib/layout.ts';
import { CLAIM_PAGE } from '~/lib/limits.ts';
import { locate, rangeOf, runsOf, selectedRange, selectText } from '~/lib/selection.ts';
import { sentences, unitAt, words, type Unit } from '~/lib/units.ts';
import { typingTarget } from '~/lib/shortcuts.ts';
import { replaceSearchParams } from '~/lib/forms.ts';
import { SourceText } from './SourceText.tsx';
import { ClaimList, type ClaimActions } from './ClaimPanel.tsx';
import { CreateClaimForm, EditClaimForm, LinkForm } from './ClaimForms.tsx';
import { SourceHeader } from './SourceHeader.tsx';

type PanelForm =
  | { kind: 'create'; start: number; end: number; quote: string; from: number; to: number; viaKeyboard: boolean }
  | { kind: 'edit'; claimId: number }
  | { kind: 'link'; claimId: number; linkId: number | null };

const PENDING = 'claimline-pending';

/** Index of the last unit that starts before `pos`. */
function unitBefore(units: Unit[], pos: number): number {
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

export function Reader({ sourceId, initialClaimId }: { sourceId: number; initialClaimId: number | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { data: source } = useSuspenseQuery(trpc.source.get.queryOptions({ id: sourceId }));
  const pages = useSuspenseInfiniteQuery(trpc.claim.listBySource.infiniteQueryOptions({ sourceId, limit: CLAIM_PAGE }, { getNextPageParam: (p) => p.nextCursor }));
  const claims = useMemo(() => pages.data.pages.flatMap((p) => p.items), [pages.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  // A source with more claims than the server rendered: the rest load page by page.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const text = source.text;
  const map = useMemo(() => new OffsetMap(text), [text]);
  const ranges = useMemo(() => claims.map((c) => ({ id: c.id, start: map.toUtf16(c.start), end: map.toUtf16(c.end) })), [claims, map]);
  const paragraphs = useMemo(() => layoutText(text, ranges), [text, ranges]);
  const byId = useMemo(() => new Map(claims.map((c) => [c.id, c])), [claims]);

  const [selectedId, setSelectedId] = useState<number | null>(initialClaimId);
  const [form, setForm] = useState<PanelForm | null>(null);
  // A span selected while a form is open: offered to the new-claim form, never forced on it.
  const [reselect, setReselect] = useState<Extract<PanelForm, { kind: 'create' }> | null>(null);
  const formRef = useRef(form);
  formRef.current = form;
  const textRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const kbd = useRef<{ anchor: number; focus: number } | null>(null);
  const units = useRef<{ words: Unit[]; sentences: Unit[] } | null>(null);
  const lastCreated = useRef<number | null>(null);

  const getUnits = useCallback(() => (units.current ??= { words: words(text, source.language), sentences: sentences(text, source.language) }), [text, source.language]);

  // ----- selecting claims -----
  /** Brings a claim's card into view in the panel, and (unless it is where the user is looking) its text. */
  const scrollToClaim = useCallback((id: number, text = true) => {
    requestAnimationFrame(() => {
      if (text) textRef.current?.querySelector(`[data-c~="${id}"]`)?.scrollIntoView({ block: 'center' });
      panelRef.current?.querySelector(`[data-claim="${id}"]`)?.scrollIntoView({ block: 'nearest' });
    });
  }, []);

  const select = useCallback(
    (id: number | null, scrollText = true) => {
      setSelectedId(id);
      if (id !== null) scrollToClaim(id, scrollText);
      replaceSearchParams({ claim: id });
    },
    [scrollToClaim],
  );

  const overlaps = useCallback(
    (id: number) => {
      const c = ranges.find((r) => r.id === id);
      if (!c) return [];
      return ranges.filter((r) => r.id !== id && r.start < c.end && c.start < r.end).map((r) => r.id);
    },
    [ranges],
  );

  const actions = useMemo<ClaimActions>(
    () => ({
      select: (id) => select(id),
      edit: (id) => setForm({ kind: 'edit', claimId: id }),
      link: (id, linkId) => setForm({ kind: 'link', claimId: id, linkId }),
    }),
    [select],
  );

  // ----- the span being annotated stays visible while focus is in the form -----
  const showPending = useCallback((from: number, to: number) => {
    const r = textRef.current && rangeOf(textRef.current, from, to);
    if (r && typeof CSS !== 'undefined' && 'highlights' in CSS) CSS.highlights.set(PENDING, new Highlight(r));
  }, []);
  const clearPending = useCallback(() => {
    if (typeof CSS !== 'undefined' && 'highlights' in CSS) CSS.highlights.delete(PENDING);
  }, []);

  const openCreate = useCallback(
    (r: { start: number; end: number }, viaKeyboard = false) => {
      let { start, end } = r;
      // Never cut a surrogate pair: widen to the whole character.
      if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start]!) && /[\uD800-\uDBFF]/.test(text[start - 1]!)) start--;
      if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end]!) && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end++;
      const next = { kind: 'create', start: map.toCodePoint(start), end: map.toCodePoint(end), quote: text.slice(start, end), from: start, to: end, viaKeyboard } as const;
      kbd.current = null;
      if (formRef.current) {
        // Do not throw away a form the user is filling in (they may be copying words into it).
        if (formRef.current.kind === 'create') setReselect(next);
        return;
      }
      setForm(next);
      showPending(start, end);
      window.getSelection()?.removeAllRanges();
    },
    [map, text, showPending],
  );

  const takeReselect = useCallback(() => {
    if (!reselect) return;
    setForm(reselect);
    showPending(reselect.from, reselect.to);
    setReselect(null);
  }, [reselect, showPending]);

  const closeForm = useCallback(
    (focusText = true) => {
      setForm(null);
      setReselect(null);
      clearPending();
      if (focusText) requestAnimationFrame(() => textRef.current?.focus({ preventScroll: true }));
    },
    [clearPending],
  );

  // ----- mouse -----
  function onMouseUp() {
    // After the browser has settled the selection.
    setTimeout(() => {
      const root = textRef.current;
      if (!root) return;
      const r = selectedRange(root, text);
      if (r) openCreate(r);
    }, 0);
  }

  function onClick(e: React.MouseEvent) {
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return;
    const run = (e.target as HTMLElement).closest<HTMLElement>('[data-c]');
    if (!run) return;
    const ids = run.dataset.c!.split(' ').map(Number);
    // Repeated clicks on overlapping highlights cycle through the claims there, innermost first.
    const i = selectedId === null ? -1 : ids.indexOf(selectedId);
    select(ids[(i + 1) % ids.length]!, false);
  }

  // ----- keyboard selection in the text -----
  const applyKbd = useCallback(
    (anchor: number, focus: number) => {
      const { words: w } = getUnits();
      if (!w.length || !textRef.current) return;
      anchor = Math.max(0, Math.min(anchor, w.length - 1));
      focus = Math.max(0, Math.min(focus, w.length - 1));
      kbd.current = { anchor, focus };
      const start = Math.min(w[anchor]!.start, w[focus]!.start);
      const end = Math.max(w[anchor]!.end, w[focus]!.end);
      selectText(textRef.current, start, end);
      const at = locate(runsOf(textRef.current), w[focus]!.start);
      const rect = at?.run.getBoundingClientRect();
      if (at && rect && (rect.top < 60 || rect.bottom > window.innerHeight - 20)) at.run.scrollIntoView({ block: 'center' });
    },
    [getUnits],
  );

  const startKbd = useCallback(() => {
    const root = textRef.current;
    if (!root) return;
    root.focus({ preventScroll: true });
    if (kbd.current) return applyKbd(kbd.current.anchor, kbd.current.focus);
    const { words: w } = getUnits();
    // Start from the mouse selection if there is one, else from the first word in view.
    const r = selectedRange(root, text);
    if (r) return applyKbd(unitAt(w, r.start), unitBefore(w, r.end));
    const runs = runsOf(root);
    const first = runs.find((el) => el.getBoundingClientRect().bottom > 70) ?? runs[0];
    applyKbd(first ? unitAt(w, Number(first.dataset.o)) : 0, first ? unitAt(w, Number(first.dataset.o)) : 0);
  }, [applyKbd, getUnits, text]);

  function paragraphIsRtl(pos: number): boolean {
    const at = textRef.current && locate(runsOf(textRef.current), pos);
    const p = at?.run.closest('p');
    return !!p && getComputedStyle(p).direction === 'rtl';
  }

  function onTextKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const arrows = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'];
    if (arrows.includes(e.key) || e.key === 's') {
      e.preventDefault();
      if (!kbd.current) {
        startKbd();
        if (e.key !== 's') return;
      }
      const { words: w, sentences: s } = getUnits();
      const { anchor, focus } = kbd.current!;
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        // Arrows follow the screen: in a right-to-left paragraph, ← moves forward in the text.
        const forward = (e.key === 'ArrowRight') !== paragraphIsRtl(w[focus]!.start);
        const next = focus + (forward ? 1 : -1);
        applyKbd(e.shiftKey ? anchor : next, next);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const si = unitAt(s, w[focus]!.start);
        const down = e.key === 'ArrowDown';
        if (!e.shiftKey) {
          const target = s[Math.max(0, Math.min(s.length - 1, si + (down ? 1 : -1)))]!;
          const wi = unitAt(w, target.start);
          applyKbd(wi, wi);
        } else if (down) {
          const endOf = (k: number) => unitBefore(w, s[Math.min(k, s.length - 1)]!.end);
          applyKbd(anchor, endOf(si) > focus ? endOf(si) : endOf(si + 1));
        } else {
          const startOf = (k: number) => unitAt(w, s[Math.max(k, 0)]!.start);
          applyKbd(anchor, startOf(si) < focus ? startOf(si) : startOf(si - 1));
        }
      } else {
        const sentence = s[unitAt(s, w[focus]!.start)]!;
        applyKbd(unitAt(w, sentence.start), unitBefore(w, sentence.end));
      }
    } else if (e.key === 'Enter') {
      const r = textRef.current && selectedRange(textRef.current, text);
      if (r) {
        e.preventDefault();
        openCreate(r, true);
      }
    } else if (e.key === 'Escape') {
      kbd.current = null;
      window.getSelection()?.removeAllRanges();
    }
  }

  // ----- page shortcuts -----
  const formOpen = form !== null;
  useEffect(() => {
    function onKey(e: globalThis.KeyboardEvent) {
      // Focus can fall back to the page while the form is open (a field it was in went away): the
      // form's keys still work there.
      if (formOpen && e.target === document.body && !e.defaultPrevented) {
        const panelForm = panelRef.current?.querySelector('form');
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          panelForm?.requestSubmit();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          closeForm();
        }
        return;
      }
      if (formOpen || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingTarget(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const i = selectedId === null ? -1 : claims.findIndex((c) => c.id === selectedId);
      if (e.key === 'j' || e.key === 'k') {
        if (!claims.length) return;
        e.preventDefault();
        const next = e.key === 'j' ? Math.min(claims.length - 1, i + 1) : i <= 0 ? 0 : i - 1;
        select(claims[next]!.id);
      } else if (e.key === 't') {
        e.preventDefault();
        startKbd();
      } else if (selectedId !== null && (e.key === 'e' || e.key === 'l' || e.key === 'h')) {
        e.preventDefault();
        if (e.key === 'e') setForm({ kind: 'edit', claimId: selectedId });
        else if (e.key === 'l') setForm({ kind: 'link', claimId: selectedId, linkId: null });
        else router.push(`/history/claim/${selectedId}`);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [formOpen, selectedId, claims, select, startKbd, router, closeForm]);

  useEffect(() => {
    if (initialClaimId !== null) scrollToClaim(initialClaimId);
    document.documentElement.dataset.readerReady = '1';
    performance.mark('reader-ready');
    return () => {
      delete document.documentElement.dataset.readerReady;
    };
  }, [initialClaimId, scrollToClaim]);

  useEffect(() => clearPending, [clearPending]);

  // Redrawing the text (a claim added or selected) can replace the nodes a keyboard selection was in,
  // which collapses it: put it back, whenever the redraw lands relative to the code that set it.
  useLayoutEffect(() => {
    if (kbd.current && document.activeElement === textRef.current) applyKbd(kbd.current.anchor, kbd.current.focus);
  }, [paragraphs, selectedId, applyKbd]);

  const selectedClaim = selectedId === null ? null : byId.get(selectedId) ?? null;
  const formClaim = form && form.kind !== 'create' ? byId.get(form.claimId) ?? null : null;
  const previousClaim = useMemo(() => {
    if (form?.kind !== 'create') return null;
    if (lastCreated.current !== null && byId.has(lastCreated.current)) return byId.get(lastCreated.current)!;
    let prev = null;
    for (const c of claims) if (c.start < form.start) prev = c;
    return prev;
  }, [form, claims, byId]);

  return (
    <div className="reader">
      <SourceHeader source={source} claimCount={claims.length} truncated={hasNextPage} />
      <div className="reader-body">
        <article className="reader-text-wrap" lang={source.language}>
          {selectedId !== null && <style>{`.reader-text span.hl[data-c~="${Number(selectedId)}"]{background:var(--hl-selected);box-shadow:0 2px 0 var(--accent);}`}</style>}
          <div
            ref={textRef}
            className="reader-text"
            tabIndex={0}
            role="document"
            aria-label="Source text: select a span to annotate it; press ? for shortcuts"
            data-testid="source-text"
            onMouseUp={onMouseUp}
            onClick={onClick}
            onKeyDown={onTextKey}
          >
            <SourceText text={text} paragraphs={paragraphs} />
          </div>
        </article>
        <aside className="reader-panel" ref={panelRef} aria-label="Claims">
          {form?.kind === 'create' && (
            <CreateClaimForm
              key="create"
              sourceId={sourceId}
              start={form.start}
              end={form.end}
              quote={form.quote}
              previous={previousClaim}
              reselected={reselect?.quote ?? null}
              onReselect={takeReselect}
              onCancel={() => closeForm()}
              onDone={(id) => {
                lastCreated.current = id;
                closeForm();
                select(id, false);
                // Working from the keyboard: the next word after the new claim is selected, ready to go on.
                if (form.viaKeyboard) {
                  const next = Math.min(unitAt(getUnits().words, form.to), getUnits().words.length - 1);
                  requestAnimationFrame(() => applyKbd(next, next));
                }
              }}
            />
          )}
          {form?.kind === 'edit' && formClaim && <EditClaimForm key={form.claimId} claim={formClaim} onCancel={() => closeForm()} onDone={() => closeForm()} />}
          {form?.kind === 'link' && formClaim && (
            <LinkForm key={`${form.claimId}-${form.linkId}`} claim={formClaim} link={formClaim.links.find((l) => l.id === form.linkId) ?? null} onCancel={() => closeForm()} onDone={() => closeForm()} />
          )}
          <div hidden={formOpen} className="panel-list">
            <h2 className="panel-title">
              Claims <span className="muted">({claims.length})</span>
              {selectedClaim && <span className="sr-only">, #{selectedClaim.id} selected</span>}
            </h2>
            <ClaimList claims={claims} selectedId={selectedId} actions={actions} overlaps={overlaps} />
          </div>
        </aside>
      </div>
    </div>
  );
}
