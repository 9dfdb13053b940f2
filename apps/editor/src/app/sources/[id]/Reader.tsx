'use client';
// The source reader: the text with every claim highlighted, a side panel with the claims in reading
// order, and the annotation flow (select a span with the mouse or the keyboard → claim form).
// Offsets: the API counts code points, the DOM counts UTF-16 units; OffsetMap converts at this edge.
// The keyboard selection and the page's shortcuts are hooks (lib/use-keyboard-selection.ts,
// lib/use-reader-shortcuts.ts); the forms save through lib/use-versioned-edit.ts.
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useRouter } from 'next/navigation';
import { useSuspenseInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { OffsetMap } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';
import { layoutText } from '~/lib/layout.ts';
import { CLAIM_PAGE } from '~/lib/limits.ts';
import { selectedRange } from '~/lib/selection.ts';
import { wholeCharacters } from '~/lib/keyboard-selection.ts';
import { useKeyboardSelection, usePendingHighlight } from '~/lib/use-keyboard-selection.ts';
import { useReaderShortcuts } from '~/lib/use-reader-shortcuts.ts';
import { replaceSearchParams } from '~/lib/forms.ts';
import { SourceText } from './SourceText.tsx';
import { ClaimList, type ClaimActions } from './ClaimPanel.tsx';
import { CreateClaimForm, EditClaimForm, LinkForm } from './ClaimForms.tsx';
import { SourceHeader } from './SourceHeader.tsx';
import type { Claim } from './types.ts';

type CreateForm = { kind: 'create'; start: number; end: number; quote: string; from: number; to: number; viaKeyboard: boolean };
type PanelForm = CreateForm | { kind: 'edit'; claimId: number } | { kind: 'link'; claimId: number; linkId: number | null };

/** The source, its claims (the rest load page by page), and the text laid out with their highlights. */
function useReaderData(sourceId: number) {
  const trpc = useTRPC();
  const { data: source } = useSuspenseQuery(trpc.source.get.queryOptions({ id: sourceId }));
  const pages = useSuspenseInfiniteQuery(
    trpc.claim.listBySource.infiniteQueryOptions({ sourceId, limit: CLAIM_PAGE }, { getNextPageParam: (p) => p.nextCursor }),
  );
  const claims = useMemo(() => pages.data.pages.flatMap((p) => p.items), [pages.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const map = useMemo(() => new OffsetMap(source.text), [source.text]);
  const ranges = useMemo(() => claims.map((c) => ({ id: c.id, start: map.toUtf16(c.start), end: map.toUtf16(c.end) })), [claims, map]);
  const paragraphs = useMemo(() => layoutText(source.text, ranges), [source.text, ranges]);
  const byId = useMemo(() => new Map(claims.map((c) => [c.id, c])), [claims]);
  const claimIds = useMemo(() => claims.map((c) => c.id), [claims]);
  return { source, claims, claimIds, map, ranges, paragraphs, byId, loadingMore: hasNextPage };
}

/**
 * The selected claim (in the address too): its highlight and card are scrolled into view. Marks the
 * reader ready (`reader-ready`) once it is interactive.
 */
function useClaimSelection(
  initialClaimId: number | null,
  ranges: { id: number; start: number; end: number }[],
  textRef: RefObject<HTMLElement | null>,
  panelRef: RefObject<HTMLElement | null>,
) {
  const [selectedId, setSelectedId] = useState<number | null>(initialClaimId);
  /** Brings a claim's card into view in the panel, and (unless it is where the user is looking) its text. */
  const scrollToClaim = useCallback(
    (id: number, scrollText = true) => {
      requestAnimationFrame(() => {
        if (scrollText) textRef.current?.querySelector(`[data-c~="${id}"]`)?.scrollIntoView({ block: 'center' });
        panelRef.current?.querySelector(`[data-claim="${id}"]`)?.scrollIntoView({ block: 'nearest' });
      });
    },
    [textRef, panelRef],
  );
  const select = useCallback(
    (id: number | null, scrollText = true) => {
      setSelectedId(id);
      if (id !== null) scrollToClaim(id, scrollText);
      replaceSearchParams({ claim: id });
    },
    [scrollToClaim],
  );
  /** The claims whose spans overlap a claim's. */
  const overlaps = useCallback(
    (id: number) => {
      const c = ranges.find((r) => r.id === id);
      return c ? ranges.filter((r) => r.id !== id && r.start < c.end && c.start < r.end).map((r) => r.id) : [];
    },
    [ranges],
  );
  useEffect(() => {
    if (initialClaimId !== null) scrollToClaim(initialClaimId);
    document.documentElement.dataset.readerReady = '1';
    performance.mark('reader-ready');
    return () => {
      delete document.documentElement.dataset.readerReady;
    };
  }, [initialClaimId, scrollToClaim]);
  return { selectedId, select, overlaps };
}

export function Reader({ sourceId, initialClaimId }: { sourceId: number; initialClaimId: number | null }) {
  const router = useRouter();
  const { source, claims, claimIds, map, ranges, paragraphs, byId, loadingMore } = useReaderData(sourceId);
  const text = source.text;
  const [form, setForm] = useState<PanelForm | null>(null);
  // A span selected while a form is open: offered to the new-claim form, never forced on it.
  const [reselect, setReselect] = useState<CreateForm | null>(null);
  const formRef = useRef(form);
  formRef.current = form;
  const textRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const pending = usePendingHighlight(textRef);

  const { selectedId, select, overlaps } = useClaimSelection(initialClaimId, ranges, textRef, panelRef);
  const edit = useCallback((id: number) => setForm({ kind: 'edit', claimId: id }), []);
  const link = useCallback((id: number, linkId: number | null = null) => setForm({ kind: 'link', claimId: id, linkId }), []);
  const actions = useMemo<ClaimActions>(() => ({ select: (id) => select(id), edit, link }), [select, edit, link]);

  const keyboard = useKeyboardSelection({ textRef, text, language: source.language, onEnter: (r) => openCreate(r, true), paragraphs, selectedId });
  const { forget } = keyboard;
  const openCreate = useCallback(
    (r: { start: number; end: number }, viaKeyboard = false) => {
      const { start, end } = wholeCharacters(text, r.start, r.end);
      const next = {
        kind: 'create',
        start: map.toCodePoint(start),
        end: map.toCodePoint(end),
        quote: text.slice(start, end),
        from: start,
        to: end,
        viaKeyboard,
      } as const;
      forget();
      if (formRef.current) {
        // Do not throw away a form the user is filling in (they may be copying words into it).
        if (formRef.current.kind === 'create') setReselect(next);
        return;
      }
      setForm(next);
      pending.show(start, end);
      window.getSelection()?.removeAllRanges();
    },
    [map, text, pending, forget],
  );

  const closeForm = useCallback(
    (focusText = true) => {
      setForm(null);
      setReselect(null);
      pending.clear();
      if (focusText) requestAnimationFrame(() => textRef.current?.focus({ preventScroll: true }));
    },
    [pending],
  );
  const history = useCallback((id: number) => router.push(`/history/claim/${id}`), [router]);
  useReaderShortcuts({ formOpen: form !== null, panelRef, closeForm, claimIds, selectedId, select, startKeyboard: keyboard.start, edit, link, history });

  function onMouseUp() {
    // After the browser has settled the selection.
    setTimeout(() => {
      const r = textRef.current && selectedRange(textRef.current, text);
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

  return (
    <div className="reader">
      <SourceHeader source={source} claimCount={claims.length} truncated={loadingMore} />
      <div className="reader-body">
        <article className="reader-text-wrap" lang={source.language}>
          {selectedId !== null && (
            <style>{`.reader-text span.hl[data-c~="${Number(selectedId)}"]{background:var(--hl-selected);box-shadow:0 2px 0 var(--accent);}`}</style>
          )}
          <div
            ref={textRef}
            className="reader-text"
            tabIndex={0}
            role="document"
            aria-label="Source text: select a span to annotate it; press ? for shortcuts"
            data-testid="source-text"
            onMouseUp={onMouseUp}
            onClick={onClick}
            onKeyDown={keyboard.onKeyDown}
          >
            <SourceText text={text} paragraphs={paragraphs} />
          </div>
        </article>
        <aside className="reader-panel" ref={panelRef} aria-label="Claims">
          <PanelForms
            sourceId={sourceId}
            form={form}
            claims={claims}
            byId={byId}
            reselect={reselect}
            onReselect={() => {
              if (!reselect) return;
              setForm(reselect);
              pending.show(reselect.from, reselect.to);
              setReselect(null);
            }}
            onClose={() => closeForm()}
            onCreated={(id, created) => {
              closeForm();
              select(id, false);
              // Working from the keyboard: the next word after the new claim is selected, ready to go on.
              if (created.viaKeyboard) keyboard.selectWordAt(created.to);
            }}
          />
          <div hidden={form !== null} className="panel-list">
            <h2 className="panel-title">
              Claims <span className="muted">({claims.length})</span>
              {selectedId !== null && byId.has(selectedId) && <span className="sr-only">, #{selectedId} selected</span>}
            </h2>
            <ClaimList claims={claims} selectedId={selectedId} actions={actions} overlaps={overlaps} />
          </div>
        </aside>
      </div>
    </div>
  );
}

/** The form open in the panel: a new claim for the selected span, or editing or linking a claim. */
function PanelForms({
  sourceId,
  form,
  claims,
  byId,
  reselect,
  onReselect,
  onClose,
  onCreated,
}: {
  sourceId: number;
  form: PanelForm | null;
  claims: Claim[];
  byId: Map<number, Claim>;
  reselect: CreateForm | null;
  onReselect: () => void;
  onClose: () => void;
  onCreated: (id: number, form: CreateForm) => void;
}) {
  const lastCreated = useRef<number | null>(null);
  // "Same as the claim before": the claim made last, else the one before the span.
  const previous = useMemo(() => {
    if (form?.kind !== 'create') return null;
    if (lastCreated.current !== null && byId.has(lastCreated.current)) return byId.get(lastCreated.current)!;
    let prev = null;
    for (const c of claims) if (c.start < form.start) prev = c;
    return prev;
  }, [form, claims, byId]);
  if (!form) return null;
  if (form.kind === 'create') {
    return (
      <CreateClaimForm
        key="create"
        sourceId={sourceId}
        start={form.start}
        end={form.end}
        quote={form.quote}
        previous={previous}
        reselected={reselect?.quote ?? null}
        onReselect={onReselect}
        onCancel={onClose}
        onDone={(id) => {
          lastCreated.current = id;
          onCreated(id, form);
        }}
      />
    );
  }
  const claim = byId.get(form.claimId);
  if (!claim) return null;
  if (form.kind === 'edit') return <EditClaimForm key={form.claimId} claim={claim} onCancel={onClose} onDone={onClose} />;
  return (
    <LinkForm
      key={`${form.claimId}-${form.linkId}`}
      claim={claim}
      link={claim.links.find((l) => l.id === form.linkId) ?? null}
      onCancel={onClose}
      onDone={onClose}
    />
  );
}
