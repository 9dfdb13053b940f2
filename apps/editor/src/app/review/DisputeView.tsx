'use client';
// One dispute in the review queue: its conflicting claims side by side with sources and chains, and the
// verdict form (a rating per claim, a rationale). The decision names the dispute's version; when the
// dispute changed meanwhile, the form offers to reload it and keeps the ratings and the rationale.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import Link from 'next/link';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RATINGS, reviewDecideSchema, type RatingId } from '@claimline/core';
import { useTRPC, type Outputs } from '~/trpc/react.tsx';
import type { FieldErrors } from '~/lib/errors.ts';
import { excerpt, showEdtf, showTime, STANCE_LABEL } from '~/lib/format.ts';
import { typingTarget } from '~/lib/shortcuts.ts';
import { formKeys } from '~/lib/forms.ts';
import { useVersionedEdit } from '~/lib/use-versioned-edit.ts';
import { AssertedSummary, Attribution } from '~/components/Asserted.tsx';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';
import { EditConflict } from '~/components/ConflictNotice.tsx';

type Dispute = Outputs['review']['get'];
type DisputeClaim = Dispute['claims'][number];
type Ratings = Record<number, RatingId | undefined>;

export function kindsOf(d: { kinds: unknown }): string[] {
  return Array.isArray(d.kinds) ? (d.kinds as string[]) : [];
}

function sideLabel(side: string): string {
  return STANCE_LABEL[side] ?? `Side ${side.toUpperCase()}`;
}

/** The claims by side, in the order of the dispute, each with its index in the verdicts. */
function sidesOf(claims: DisputeClaim[]) {
  const by = new Map<string, { claim: DisputeClaim; index: number }[]>();
  claims.forEach((c, index) => {
    const list = by.get(c.side) ?? [];
    list.push({ claim: c, index });
    by.set(c.side, list);
  });
  return [...by.entries()];
}

function useDecision(dispute: Dispute, onDecided: () => void, form: React.RefObject<HTMLFormElement | null>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const decide = useMutation(trpc.review.decide.mutationOptions());
  return useVersionedEdit({
    schema: reviewDecideSchema,
    form,
    check: (input): FieldErrors => Object.fromEntries(input.verdicts.flatMap((v, i) => (v.rating ? [] : [[`verdicts.${i}.rating`, ['rate this claim']]]))),
    mutate: decide.mutateAsync,
    onSaved: async () => {
      await Promise.all([
        queryClient.invalidateQueries(trpc.review.pathFilter()),
        queryClient.invalidateQueries(trpc.event.pathFilter()),
        queryClient.invalidateQueries(trpc.source.list.pathFilter()),
      ]);
      onDecided();
    },
    version: dispute.version,
    fetchLatest: () => queryClient.fetchQuery({ ...trpc.review.get.queryOptions({ id: dispute.id }), staleTime: 0 }),
    onReloaded: () => void queryClient.invalidateQueries(trpc.review.queue.pathFilter()),
  });
}

export function DisputeView({ dispute, onDecided }: { dispute: Dispute; onDecided: () => void }) {
  const form = useRef<HTMLFormElement>(null);
  const [ratings, setRatings] = useState<Ratings>({});
  const [rationale, setRationale] = useState('');
  const [evidenceUrl, setEvidenceUrl] = useState('');
  const edit = useDecision(dispute, onDecided, form);
  const live = edit.saved ?? dispute;
  const sides = useMemo(() => sidesOf(live.claims), [live.claims]);
  const decided = live.status !== 'open';
  const submit = () =>
    void edit.submit((version) => ({
      disputeId: live.id,
      version,
      verdicts: live.claims.map((c) => ({ claimId: c.id, rating: ratings[c.id] as RatingId })),
      rationale,
      evidenceUrl: evidenceUrl.trim() || null,
    }));
  const rate = (claimId: number, rating: RatingId) => setRatings((r) => ({ ...r, [claimId]: rating }));

  return (
    <div className="dispute-view" data-testid="dispute-view" data-dispute-id={live.id}>
      <DisputeHeader dispute={live} />
      <form
        ref={form}
        className="form"
        noValidate
        data-testid="verdict-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        onKeyDown={formKeys(() => !decided && submit())}
      >
        <div className="sides" style={{ gridTemplateColumns: `repeat(${Math.max(1, Math.min(sides.length, 3))}, minmax(0, 1fr))` }}>
          {sides.map(([side, claims]) => (
            <div key={side} className={`side ${side}`}>
              <h3>{sideLabel(side)}</h3>
              {claims.map(({ claim, index }) => (
                <ClaimCard
                  key={claim.id}
                  claim={claim}
                  index={index}
                  dispute={live}
                  decided={decided}
                  rating={ratings[claim.id]}
                  rate={rate}
                  errors={edit.errors}
                />
              ))}
            </div>
          ))}
        </div>
        {decided ? (
          <DecidedNote dispute={live} />
        ) : (
          <VerdictFields edit={edit} rationale={rationale} setRationale={setRationale} evidenceUrl={evidenceUrl} setEvidenceUrl={setEvidenceUrl} />
        )}
      </form>
    </div>
  );
}

function DisputeHeader({ dispute: d }: { dispute: Dispute }) {
  const kinds = kindsOf(d);
  return (
    <header>
      <h2 dir="auto">
        <Link href={`/events/${d.event.id}`}>{d.event.title}</Link>
      </h2>
      <p className="muted small">
        {showEdtf(d.event.date)}
        {d.event.place ? (
          <>
            {' '}
            · <span dir="auto">{d.event.place}</span>
          </>
        ) : null}{' '}
        · dispute #{d.id} · opened {showTime(d.openedAt)} · <Link href={`/history/dispute/${d.id}`}>history</Link>
      </p>
      <p className="explanation" dir="auto">
        <span className={`badge ${d.status}`}>{d.status}</span> {d.explanation}
      </p>
      <p className="small">
        {kinds.length > 0 && <>Disagreement on: {kinds.join(', ')} · </>}
        Independent origins: <strong>{d.supportOrigins}</strong> supporting · <strong>{d.contradictOrigins}</strong> contradicting
      </p>
    </header>
  );
}

function ClaimCard({
  claim: c,
  index,
  dispute,
  decided,
  rating,
  rate,
  errors,
}: {
  claim: DisputeClaim;
  index: number;
  dispute: Dispute;
  decided: boolean;
  rating: RatingId | undefined;
  rate: (claimId: number, rating: RatingId) => void;
  errors: FieldErrors;
}) {
  // 1…6 rate the claim whose card has the focus.
  function onKey(e: KeyboardEvent) {
    if (e.ctrlKey || e.metaKey || e.altKey || typingTarget(e.target)) return;
    const n = Number(e.key);
    if (Number.isInteger(n) && n >= 1 && n <= RATINGS.length) {
      e.preventDefault();
      rate(c.id, RATINGS[n - 1]!.id);
    }
  }
  return (
    <fieldset className="claim-card" data-testid="dispute-claim" onKeyDown={onKey}>
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
        <Verdicts dispute={dispute} claimId={c.id} />
      ) : (
        <div className="ratings" role="radiogroup" aria-label={`Rating for claim #${c.id}`} aria-invalid={!!errors[`verdicts.${index}.rating`] || undefined}>
          {RATINGS.map((r, k) => (
            <label key={r.id} className={`rating r-${r.id}`}>
              <input
                type="radio"
                name={`rating-${c.id}`}
                value={r.id}
                checked={rating === r.id}
                onChange={() => rate(c.id, r.id)}
                data-testid={`rate-${c.id}-${r.id}`}
              />
              <span>
                {r.label} <kbd>{k + 1}</kbd>
              </span>
            </label>
          ))}
        </div>
      )}
      <FieldError errors={errors} name={[`verdicts.${index}.rating`, `verdicts.${index}.claimId`, `verdicts.${index}`]} />
    </fieldset>
  );
}

function VerdictFields({
  edit,
  rationale,
  setRationale,
  evidenceUrl,
  setEvidenceUrl,
}: {
  edit: ReturnType<typeof useDecision>;
  rationale: string;
  setRationale: (v: string) => void;
  evidenceUrl: string;
  setEvidenceUrl: (v: string) => void;
}) {
  const { errors } = edit;
  return (
    <>
      <EditConflict what="dispute" edit={edit} />
      <div className="field">
        <label htmlFor="rationale">
          Rationale<span aria-hidden="true"> *</span>
        </label>
        <textarea
          id="rationale"
          dir="auto"
          rows={3}
          value={rationale}
          onChange={(e) => setRationale(e.target.value)}
          aria-invalid={!!errors.rationale || undefined}
          data-testid="rationale"
        />
        <FieldError errors={errors} name="rationale" />
      </div>
      <div className="field">
        <label htmlFor="evidence">Evidence URL</label>
        <input
          id="evidence"
          type="url"
          placeholder="https://…"
          value={evidenceUrl}
          onChange={(e) => setEvidenceUrl(e.target.value)}
          aria-invalid={!!errors.evidenceUrl || undefined}
          data-testid="evidence"
        />
        <FieldError errors={errors} name="evidenceUrl" />
      </div>
      <FieldError errors={errors} name="verdicts" />
      <FormErrors messages={edit.messages(['rationale', 'evidenceUrl', 'verdicts'])} />
      <div className="row">
        <button type="submit" disabled={edit.saving} data-testid="decide">
          {edit.saving ? 'Recording…' : 'Record decision and open the next'} <kbd>Ctrl</kbd>
          <kbd>Enter</kbd>
        </button>
      </div>
    </>
  );
}

function DecidedNote({ dispute: d }: { dispute: Dispute }) {
  return (
    <p className="notice" role="status">
      This dispute is {d.status}
      {d.rationale ? (
        <>
          : <q dir="auto">{d.rationale}</q>
        </>
      ) : null}
      {d.resolvedAt ? ` (${showTime(d.resolvedAt)})` : ''}.
    </p>
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
