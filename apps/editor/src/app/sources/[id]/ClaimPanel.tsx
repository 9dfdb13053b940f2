'use client';
// The side panel's list of claims in reading order; the selected one opens up with its details.
import { memo, useState } from 'react';
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CLAIM_STATUSES, claimEditAct, claimStatusAct, linkRemoveAct, type ClaimStatus } from '@claimline/core';
import { useCan } from '~/components/CurrentUser.tsx';
import { useTRPC } from '~/trpc/react.tsx';
import { excerpt, STANCE_LABEL } from '~/lib/format.ts';
import { isConflict, messageOf } from '~/lib/errors.ts';
import { AssertedSummary, Attribution } from '~/components/Asserted.tsx';
import type { Claim, ClaimLink } from './types.ts';

export interface ClaimActions {
  select: (id: number) => void;
  edit: (id: number) => void;
  link: (id: number, linkId: number | null) => void;
}

export const ClaimList = memo(function ClaimList({
  claims,
  selectedId,
  actions,
  overlaps,
}: {
  claims: Claim[];
  selectedId: number | null;
  actions: ClaimActions;
  overlaps: (id: number) => number[];
}) {
  if (claims.length === 0) {
    return (
      <p className="muted empty">
        No claims yet. Select a span of the text with the mouse, or press <kbd>t</kbd> and use the arrow keys, then <kbd>Enter</kbd>.
      </p>
    );
  }
  return (
    <ol className="claim-list" data-testid="claim-list">
      {claims.map((c) => (
        <ClaimCard key={c.id} claim={c} selected={c.id === selectedId} actions={actions} overlaps={c.id === selectedId ? overlaps(c.id) : null} />
      ))}
    </ol>
  );
});

const ClaimCard = memo(function ClaimCard({
  claim,
  selected,
  actions,
  overlaps,
}: {
  claim: Claim;
  selected: boolean;
  actions: ClaimActions;
  overlaps: number[] | null;
}) {
  return (
    <li className={`claim-card${selected ? ' selected' : ''} status-${claim.status}`} data-claim={claim.id} aria-current={selected || undefined}>
      <button type="button" className="card-head" onClick={() => actions.select(claim.id)} aria-expanded={selected}>
        <span className="who" dir="auto">
          {claim.claimant?.name ?? 'No claimant'}
        </span>
        <span className="quote-excerpt" dir="auto">
          {selected ? claim.quote : excerpt(claim.quote, 180)}
        </span>
        <span className="badges">
          {claim.links.map((l) => (
            <span key={l.id} className={`stance ${l.stance}`} title={`${STANCE_LABEL[l.stance]}: ${l.event.title}`}>
              {STANCE_LABEL[l.stance]}
            </span>
          ))}
          {claim.status !== 'accepted' && <span className="status">{claim.status}</span>}
        </span>
      </button>
      {selected && <ClaimDetail claim={claim} actions={actions} overlaps={overlaps ?? []} />}
    </li>
  );
});

function ClaimDetail({ claim, actions, overlaps }: { claim: Claim; actions: ClaimActions; overlaps: number[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.claim.listBySource.infiniteQueryFilter({ sourceId: claim.sourceId })),
      queryClient.invalidateQueries(trpc.event.pathFilter()),
      queryClient.invalidateQueries(trpc.review.pathFilter()),
      queryClient.invalidateQueries(trpc.source.list.pathFilter()),
    ]);
  const onError = (e: unknown) => {
    setProblem(isConflict(e) ? 'Someone else changed this claim meanwhile; it has been reloaded. Try again.' : messageOf(e));
    void refresh();
  };
  const setStatus = useMutation(trpc.claim.setStatus.mutationOptions({ onSuccess: () => (setProblem(null), refresh()), onError }));
  const remove = useMutation(trpc.link.remove.mutationOptions({ onSuccess: () => (setProblem(null), refresh()), onError }));
  // What this user may do to this claim (the role policy; the server checks it again).
  const allowed = useCan();
  const canAlterDisputes = allowed('dispute.alter');
  const disputes = useQuery({ ...trpc.claim.openDisputes.queryOptions({ id: claim.id }), enabled: !canAlterDisputes });
  const disputedEvents = new Set((disputes.data ?? []).map((d) => d.eventId));
  const inOpenDispute = disputedEvents.size > 0;
  const status = claim.status as ClaimStatus;
  const statusAllowed = (to: ClaimStatus) => to === status || allowed(claimStatusAct(status, to, inOpenDispute));
  const canEdit = allowed(claimEditAct(status));
  const statusNote = !CLAIM_STATUSES.every(statusAllowed)
    ? status === 'accepted' || status === 'rejected'
      ? `A reviewer changes the status of ${status} claims.`
      : inOpenDispute
        ? 'This claim is part of an open dispute: a reviewer changes its status.'
        : 'Accepting and rejecting claims is a reviewer’s decision.'
    : null;

  return (
    <div className="claim-detail" data-testid="claim-detail">
      <p className="attribution-line">
        <Attribution claimant={claim.claimant} chain={claim.chain} />
      </p>
      {claim.paraphrase && (
        <p className="paraphrase" dir="auto">
          {claim.paraphrase}
        </p>
      )}
      <div className="row small">
        <label>
          Status{' '}
          <select
            value={claim.status}
            disabled={setStatus.isPending}
            onChange={(e) => setStatus.mutate({ id: claim.id, version: claim.version, status: e.target.value as (typeof CLAIM_STATUSES)[number] })}
            data-testid="claim-status"
          >
            {CLAIM_STATUSES.map((s) => (
              <option key={s} disabled={!statusAllowed(s)}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          #{claim.id} · v{claim.version}
        </span>
      </div>
      {statusNote && (
        <p className="muted small" data-testid="status-note">
          {statusNote}
        </p>
      )}
      {claim.links.length > 0 && (
        <ul className="links">
          {claim.links.map((l: ClaimLink) => (
            <li key={l.id}>
              <span className={`stance ${l.stance}`}>{STANCE_LABEL[l.stance]}</span>{' '}
              <Link href={`/events/${l.eventId}`} dir="auto">
                {l.event.title}
              </Link>
              <AssertedSummary a={l} />
              {l.note && (
                <p className="muted small" dir="auto">
                  {l.note}
                </p>
              )}
              <span className="row small">
                <button type="button" className="ghost small" onClick={() => actions.link(claim.id, l.id)}>
                  Edit link
                </button>
                {allowed(linkRemoveAct(disputedEvents.has(l.eventId))) ? (
                  <button
                    type="button"
                    className="ghost small danger"
                    disabled={remove.isPending}
                    onClick={() => {
                      if (window.confirm(`Remove the link to “${l.event.title}”?`)) remove.mutate({ id: l.id, version: l.version });
                    }}
                  >
                    Remove link
                  </button>
                ) : (
                  <span className="muted" data-testid="remove-link-note">
                    In an open dispute: a reviewer removes this link.
                  </span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="row actions">
        <button
          type="button"
          className="small"
          onClick={() => actions.edit(claim.id)}
          disabled={!canEdit}
          title={canEdit ? undefined : `A reviewer edits ${status} claims`}
          data-testid="edit-claim"
        >
          Edit <kbd>e</kbd>
        </button>
        <button type="button" className="small" onClick={() => actions.link(claim.id, null)} data-testid="link-claim">
          Link to event <kbd>l</kbd>
        </button>
        <Link className="button ghost small" href={`/history/claim/${claim.id}`}>
          History <kbd>h</kbd>
        </Link>
      </div>
      {overlaps.length > 0 && (
        <p className="small">
          Overlaps with:{' '}
          {overlaps.map((id) => (
            <button key={id} type="button" className="ghost small" onClick={() => actions.select(id)}>
              #{id}
            </button>
          ))}
        </p>
      )}
    </div>
  );
}
