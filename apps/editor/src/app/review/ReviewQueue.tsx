'use client';
// The review queue: open disputes oldest first; the current one shows its conflicting quotes side by
// side with sources and chains, and a verdict form. Recording a decision opens the next dispute.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RATINGS, reviewDecideSchema, type RatingId } from '@claimline/core';
import { useTRPC, type Outputs } from '~/trpc/react.tsx';
import { QUEUE_PAGE } from '~/lib/limits.ts';
import { fieldErrorsOf, isConflict, remainingMessages, validate, type FieldErrors } from '~/lib/errors.ts';
import { excerpt, showEdtf, showTime, STANCE_LABEL } from '~/lib/format.ts';
import { typingTarget } from '~/lib/shortcuts.ts';
import { formKeys, replaceSearchParams } from '~/lib/forms.ts';
import { AssertedSummary, Attribution } from '~/components/Asserted.tsx';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';
import { ConflictNotice } from '~/components/ConflictNotice.tsx';

export type QueueStatus = 'open' | 'resolved' | 'all';
type Dispute = Outputs['review']['get'];

export function ReviewQueue({ status, initialId }: { status: QueueStatus; initialId: number | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queue = useInfiniteQuery(trpc.review.queue.infiniteQueryOptions({ limit: QUEUE_PAGE, status }, { getNextPageParam: (p) => p.nextCursor }));
  const items = useMemo(() => queue.data?.pages.flatMap((p) => p.items) ?? [], [queue.data]);
  const total = queue.data?.pages[0]?.total ?? 0;
  const [currentId, setCurrentId] = useState<number | null>(initialId ?? items[0]?.id ?? null);
  const [doneCount, setDoneCount] = useState(0);
  const inList = items.find((d) => d.id === currentId) ?? null;
  const single = useQuery({ ...trpc.review.get.queryOptions({ id: currentId ?? 0 }), enabled: currentId !== null && !inList });
  const current = inList ?? single.data ?? null;

  const open = useCallback(
    (id: number | null) => {
      setCurrentId(id);
      replaceSearchParams({ d: id });
      requestAnimationFrame(() => {
        document.querySelector(`[data-dispute="${id}"]`)?.scrollIntoView({ block: 'nearest' });
        document.querySelector<HTMLElement>('.dispute-view input[type="radio"]')?.focus({ preventScroll: true });
      });
    },
    [],
  );

  useEffect(() => {
    if (currentId === null && items[0]) setCurrentId(items[0].id);
  }, [currentId, items]);

  // n / p: next and previous dispute in the queue.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingTarget(e.target)) return;
      if (e.key !== 'n' && e.key !== 'p') return;
      const i = items.findIndex((d) => d.id === currentId);
      const j = e.key === 'n' ? i + 1 : i - 1;
      if (items[j]) {
        e.preventDefault();
        open(items[j].id);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, currentId, open]);

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
              <button key={s} type="button" className={s === status ? 'tab current' : 'tab'} aria-current={s === status || undefined} onClick={() => router.push(s === 'open' ? '/review' : `/review?status=${s}`)}>
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
                  {kindsOf(d).join(', ')} · {d.claims.length} claims · opened {showTime(d.openedAt)}
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
          <p className="error">Dispute {currentId} could not be loaded: {single.error.message}</p>
        ) : (
          <p className="empty">{status === 'open' && doneCount > 0 ? 'All caught up: every dispute in the queue is decided.' : 'Pick a dispute.'}</p>
        )}
      </section>
    </div>
  );
}

function kindsOf(d: { kinds: unknown }): string[] {
  return Array.isArray(d.kinds) ? (d.kinds as string[]) : [];
}

function sideLabel(side: string): string {
  return STANCE_LABEL[side] ?? `Side ${side.toUpperCase()}`;
}

function DisputeView({ dispute, onDecided }: { dispute: Dispute; onDecided: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [ratings, setRatings] = useState<Record<number, RatingId | undefined>>({});
  const [rationale, setRationale] = useState('');
  const [evidenceUrl, setEvidenceUrl] = useState('');
  const [version, setVersion] = useState(dispute.version);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [reloaded, setReloaded] = useState<Dispute | null>(null);
  const [reloading, setReloading] = useState(false);
  const decide = useMutation(trpc.review.decide.mutationOptions());
  const live = reloaded ?? dispute;
  const sides = useMemo(() => {
    const by = new Map<string, { claim: Dispute['claims'][number]; index: number }[]>();
    live.claims.forEach((c, index) => {
      const list = by.get(c.side) ?? [];
      list.push({ claim: c, index });
      by.set(c.side, list);
    });
    return [...by.entries()];
  }, [live.claims]);

  async function submit() {
    const input = {
      disputeId: live.id,
      version,
      verdicts: live.claims.map((c) => ({ claimId: c.id, rating: ratings[c.id] as RatingId })),
      rationale,
      evidenceUrl: evidenceUrl.trim() || null,
    };
    const missing = live.claims.map((c, i) => [c, i] as const).filter(([c]) => !ratings[c.id]);
    const v = validate(reviewDecideSchema, input);
    const clientErrors: FieldErrors = v.ok ? {} : v.errors;
    for (const [, i] of missing) clientErrors[`verdicts.${i}.rating`] = ['rate this claim'];
    setErrors(clientErrors);
    if (Object.keys(clientErrors).length) {
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-field-error]')?.scrollIntoView({ block: 'center' }));
      return;
    }
    try {
      await decide.mutateAsync(input);
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      return;
    }
    await Promise.all([
      queryClient.invalidateQueries(trpc.review.pathFilter()),
      queryClient.invalidateQueries(trpc.event.pathFilter()),
      queryClient.invalidateQueries(trpc.source.list.pathFilter()),
    ]);
    onDecided();
  }

  async function reload() {
    setReloading(true);
    try {
      const fresh = await queryClient.fetchQuery({ ...trpc.review.get.queryOptions({ id: dispute.id }), staleTime: 0 });
      setVersion(fresh.version);
      setReloaded(fresh);
      decide.reset();
      void queryClient.invalidateQueries(trpc.review.queue.pathFilter());
    } finally {
      setReloading(false);
    }
  }

  // 1…6 rate the claim whose card has the focus.
  function onCardKey(e: React.KeyboardEvent, claimId: number) {
    if (e.ctrlKey || e.metaKey || e.altKey || typingTarget(e.target)) return;
    const n = Number(e.key);
    if (Number.isInteger(n) && n >= 1 && n <= RATINGS.length) {
      e.preventDefault();
      setRatings((r) => ({ ...r, [claimId]: RATINGS[n - 1]!.id }));
    }
  }

  const decided = live.status !== 'open';
  const kinds = kindsOf(live);
  return (
    <div className="dispute-view" data-testid="dispute-view" data-dispute-id={live.id}>
      <header>
        <h2 dir="auto">
          <Link href={`/events/${live.event.id}`}>{live.event.title}</Link>
        </h2>
        <p className="muted small">
          {showEdtf(live.event.date)}
          {live.event.place ? <> · <span dir="auto">{live.event.place}</span></> : null} · dispute #{live.id} · opened {showTime(live.openedAt)} ·{' '}
          <Link href={`/history/dispute/${live.id}`}>history</Link>
        </p>
        <p className="explanation" dir="auto">
          <span className={`badge ${live.status}`}>{live.status}</span> {live.explanation}
        </p>
        <p className="small">
          {kinds.length > 0 && <>Disagreement on: {kinds.join(', ')} · </>}
          Independent origins: <strong>{live.supportOrigins}</strong> supporting · <strong>{live.contradictOrigins}</strong> contradicting
        </p>
      </header>
      <form
        ref={form}
        className="form"
        noValidate
        data-testid="verdict-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={formKeys(() => !decided && void submit())}
      >
        <div className="sides" style={{ gridTemplateColumns: `repeat(${Math.max(1, Math.min(sides.length, 3))}, minmax(0, 1fr))` }}>
          {sides.map(([side, claims]) => (
            <div key={side} className={`side ${side}`}>
              <h3>{sideLabel(side)}</h3>
              {claims.map(({ claim: c, index }) => (
                <fieldset key={c.id} className="claim-card" data-testid="dispute-claim" onKeyDown={(e) => onCardKey(e, c.id)}>
                  <legend className="sr-only">Claim #{c.id}</legend>
                  {c.link && <span className={`stance ${c.link.stance}`}>{STANCE_LABEL[c.link.stance]}</span>}
                  <blockquote dir="auto">{c.quote}</blockquote>
                  <p className="small">
                    <Attribution claimant={c.claimant} chain={c.chain.map((h) => ({ relation: h.relation, actor: h.actor }))} />
                  </p>
                  <p className="small">
                    <Link href={`/sources/${c.source.id}?claim=${c.id}`} dir="auto">
                      {excerpt(c.source.title, 90)}
                    </Link>{' '}
                    <span className="muted">
                      · <span dir="auto">{c.source.outlet}</span> · {showEdtf(c.source.published)} · origin <code>{c.origin}</code>
                    </span>
                  </p>
                  {c.paraphrase && (
                    <p className="paraphrase small" dir="auto">
                      {c.paraphrase}
                    </p>
                  )}
                  {c.link && <AssertedSummary a={c.link} />}
                  {decided ? (
                    <Verdicts dispute={live} claimId={c.id} />
                  ) : (
                    <div className="ratings" role="radiogroup" aria-label={`Rating for claim #${c.id}`} aria-invalid={!!errors[`verdicts.${index}.rating`] || undefined}>
                      {RATINGS.map((r, k) => (
                        <label key={r.id} className={`rating r-${r.id}`}>
                          <input type="radio" name={`rating-${c.id}`} value={r.id} checked={ratings[c.id] === r.id} onChange={() => setRatings({ ...ratings, [c.id]: r.id })} data-testid={`rate-${c.id}-${r.id}`} />
                          <span>
                            {r.label} <kbd>{k + 1}</kbd>
                          </span>
                        </label>
                      ))}
                    </div>
                  )}
                  <FieldError errors={errors} name={[`verdicts.${index}.rating`, `verdicts.${index}.claimId`, `verdicts.${index}`]} />
                </fieldset>
              ))}
            </div>
          ))}
        </div>
        {decided ? (
          <p className="notice" role="status">
            This dispute is {live.status}
            {live.rationale ? (
              <>
                : <q dir="auto">{live.rationale}</q>
              </>
            ) : null}
            {live.resolvedAt ? ` (${showTime(live.resolvedAt)})` : ''}.
          </p>
        ) : (
          <>
            {isConflict(decide.error) && !reloaded && <ConflictNotice what="dispute" onReload={reload} reloading={reloading} />}
            {reloaded && !decide.error && <ConflictNotice what="dispute" onReload={reload} reloaded />}
            <div className="field">
              <label htmlFor="rationale">
                Rationale<span aria-hidden="true"> *</span>
              </label>
              <textarea id="rationale" dir="auto" rows={3} value={rationale} onChange={(e) => setRationale(e.target.value)} aria-invalid={!!errors.rationale || undefined} data-testid="rationale" />
              <FieldError errors={errors} name="rationale" />
            </div>
            <div className="field">
              <label htmlFor="evidence">Evidence URL</label>
              <input id="evidence" type="url" placeholder="https://…" value={evidenceUrl} onChange={(e) => setEvidenceUrl(e.target.value)} aria-invalid={!!errors.evidenceUrl || undefined} data-testid="evidence" />
              <FieldError errors={errors} name="evidenceUrl" />
            </div>
            <FieldError errors={errors} name="verdicts" />
            <FormErrors messages={remainingMessages(decide.error, errors, ['rationale', 'evidenceUrl', 'verdicts'])} />
            <div className="row">
              <button type="submit" disabled={decide.isPending} data-testid="decide">
                {decide.isPending ? 'Recording…' : 'Record decision and open the next'} <kbd>Ctrl</kbd>
                <kbd>Enter</kbd>
              </button>
            </div>
          </>
        )}
      </form>
    </div>
  );
}

function Verdicts({ dispute, claimId }: { dispute: Dispute; claimId: number }) {
  const verdicts = dispute.verdicts.filter((v) => v.claimId === claimId);
  if (!verdicts.length) return null;
  return (
    <ul className="verdicts small">
      {verdicts.map((v) => (
        <li key={v.id}>
          <strong>{RATINGS.find((r) => r.id === v.rating)?.label ?? v.rating}</strong>
          {v.rationale ? (
            <>
              {' '}
              — <span dir="auto">{v.rationale}</span>
            </>
          ) : null}
          {v.evidenceUrl && (
            <>
              {' '}
              <a href={v.evidenceUrl} rel="noopener noreferrer nofollow" target="_blank">
                evidence ↗
              </a>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
