'use client';
// The review queue: open disputes oldest first; the current one shows its conflicting quotes side by
// side with sources and chains, and a verdict form. Recording a decision opens the next dispute. The
// list reads each dispute's claim count only; the current dispute (and the next, ahead) comes from
// review.get, so a page of the queue costs the same whatever the size of its disputes.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, type Outputs } from '~/trpc/react.tsx';
import { QUEUE_CLAIMS, QUEUE_PAGE } from '~/lib/limits.ts';
import { showTime } from '~/lib/format.ts';
import { typingTarget } from '~/lib/shortcuts.ts';
import { replaceSearchParams } from '~/lib/forms.ts';
import { DisputeView, kindsOf } from './DisputeView.tsx';

export type QueueStatus = 'open' | 'resolved' | 'all';
type QueueItem = Outputs['review']['queue']['items'][number];

/** n / p: the next and the previous dispute in the queue. */
function useQueueShortcuts(ids: number[], currentId: number | null, open: (id: number) => void) {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingTarget(e.target)) return;
      if (e.key !== 'n' && e.key !== 'p') return;
      const i = currentId === null ? -1 : ids.indexOf(currentId);
      const next = ids[e.key === 'n' ? i + 1 : i - 1];
      if (next !== undefined) {
        e.preventDefault();
        open(next);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ids, currentId, open]);
}

export function ReviewQueue({ status, initialId }: { status: QueueStatus; initialId: number | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const queue = useInfiniteQuery(
    trpc.review.queue.infiniteQueryOptions({ limit: QUEUE_PAGE, status, claims: QUEUE_CLAIMS }, { getNextPageParam: (p) => p.nextCursor }),
  );
  const items = useMemo(() => queue.data?.pages.flatMap((p): QueueItem[] => p.items) ?? [], [queue.data]);
  const total = queue.data?.pages[0]?.total ?? 0;
  const [currentId, setCurrentId] = useState<number | null>(initialId ?? items[0]?.id ?? null);
  const [doneCount, setDoneCount] = useState(0);
  const single = useQuery({ ...trpc.review.get.queryOptions({ id: currentId ?? 0 }), enabled: currentId !== null });
  const current = single.data?.id === currentId ? single.data : null;

  // Opening a dispute moves the focus to its first rating once it is shown (at once when it was read ahead).
  const focusWhenShown = useRef(false);
  const open = useCallback((id: number | null) => {
    setCurrentId(id);
    replaceSearchParams({ d: id });
    focusWhenShown.current = true;
    requestAnimationFrame(() => document.querySelector(`[data-dispute="${id}"]`)?.scrollIntoView({ block: 'nearest' }));
  }, []);
  useEffect(() => {
    if (!current || !focusWhenShown.current) return;
    focusWhenShown.current = false;
    requestAnimationFrame(() => document.querySelector<HTMLElement>('.dispute-view input[type="radio"]')?.focus({ preventScroll: true }));
  }, [current]);

  useEffect(() => {
    if (currentId === null && items[0]) setCurrentId(items[0].id);
  }, [currentId, items]);

  const ids = useMemo(() => items.map((d) => d.id), [items]);
  useQueueShortcuts(ids, currentId, open);

  // Read the next dispute ahead, so that n and a decision open it without a wait.
  const nextId = currentId === null ? undefined : ids[ids.indexOf(currentId) + 1];
  useEffect(() => {
    if (nextId !== undefined) void queryClient.prefetchQuery(trpc.review.get.queryOptions({ id: nextId }));
  }, [nextId, queryClient, trpc]);

  useEffect(() => {
    // Ready to work from the keyboard: the first rating of the current dispute has the focus.
    if (document.activeElement === document.body) document.querySelector<HTMLElement>('.dispute-view input[type="radio"]')?.focus({ preventScroll: true });
    document.documentElement.dataset.queueReady = '1';
    performance.mark('queue-ready');
    return () => {
      delete document.documentElement.dataset.queueReady;
    };
  }, []);

  function afterDecision(decidedId: number) {
    setDoneCount((n) => n + 1);
    const i = items.findIndex((d) => d.id === decidedId);
    const next = items.slice(i + 1).find((d) => d.status === 'open') ?? items.slice(0, Math.max(i, 0)).find((d) => d.status === 'open' && d.id !== decidedId);
    open(next?.id ?? null);
  }

  return (
    <div className="review">
      <aside className="queue" aria-label="Disputes">
        <div className="queue-head">
          <h1>Review queue</h1>
          <nav className="tabs" aria-label="Which disputes">
            {(['open', 'resolved', 'all'] as const).map((s) => (
              <button
                key={s}
                type="button"
                className={s === status ? 'tab current' : 'tab'}
                aria-current={s === status || undefined}
                onClick={() => router.push(s === 'open' ? '/review' : `/review?status=${s}`)}
              >
                {s}
              </button>
            ))}
          </nav>
          <p className="muted small" data-testid="queue-total">
            {total.toLocaleString('en')} {status === 'all' ? '' : status} {total === 1 ? 'dispute' : 'disputes'}
            {status === 'open' ? ', oldest first' : ''}
            {doneCount > 0 ? ` · ${doneCount} decided now` : ''}
          </p>
        </div>
        <ol className="queue-list" data-testid="queue-list">
          {items.map((d) => (
            <li key={d.id} data-dispute={d.id} className={`${d.id === currentId ? 'current' : ''} ${d.status}`}>
              <button type="button" onClick={() => open(d.id)} aria-current={d.id === currentId || undefined}>
                <span className="title" dir="auto">
                  {d.event.title}
                </span>
                <span className="muted small">
                  {kindsOf(d).join(', ')} · {'claimCount' in d ? d.claimCount : d.claims.length} claims · opened {showTime(d.openedAt)}
                  {d.status !== 'open' ? ` · ${d.status}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ol>
        {queue.hasNextPage && (
          <button type="button" className="ghost small" onClick={() => void queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>
            {queue.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
        {items.length === 0 && <p className="empty">{status === 'open' ? 'No open disputes. Nothing to review.' : 'None.'}</p>}
      </aside>
      <section className="dispute-pane">
        {current ? (
          <DisputeView key={current.id} dispute={current} onDecided={() => afterDecision(current.id)} />
        ) : currentId !== null && single.isError ? (
          <p className="error">
            Dispute {currentId} could not be loaded: {single.error.message}
          </p>
        ) : currentId !== null ? (
          <p className="muted">Loading dispute {currentId}…</p>
        ) : (
          <p className="empty">{status === 'open' && doneCount > 0 ? 'All caught up: every dispute in the queue is decided.' : 'Pick a dispute.'}</p>
        )}
      </section>
    </div>
  );
}
