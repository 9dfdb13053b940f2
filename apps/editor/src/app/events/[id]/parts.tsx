// Parts of an event's page: its dispute, the values its claims assert side by side (cells that
// contradict another claim's marked by core's valueClashes), and the claims grouped by stance.
import Link from 'next/link';
import { STANCES, type assertedFromColumns, type ValueClashes } from '@claimline/core';
import type { participantsOf } from '~/components/participants.ts';
import type { api } from '~/trpc/server.tsx';
import { showEdtf, showTime, STANCE_LABEL } from '~/lib/format.ts';

type Caller = Awaited<ReturnType<typeof api>>;
export type EventDetail = Awaited<ReturnType<Caller['event']['get']>>;
type LinkedClaim = Awaited<ReturnType<Caller['claim']['listByEvent']>>['items'][number];
/** A link's asserted values, its participants as lists (what the page computes once for the table and the clashes). */
export type Values = ReturnType<typeof assertedFromColumns> & ReturnType<typeof participantsOf>;

export function DisputeBox({ dispute, canReview }: { dispute: NonNullable<EventDetail['dispute']>; canReview: boolean }) {
  return (
    <section className={`dispute-box ${dispute.status}`} data-testid="dispute">
      <h2>
        Dispute <span className={`badge ${dispute.status}`}>{dispute.status}</span>
      </h2>
      <p dir="auto">{dispute.explanation}</p>
      <p className="small">
        Kinds: {(Array.isArray(dispute.kinds) ? (dispute.kinds as string[]) : []).join(', ') || '—'} · Independent origins:{' '}
        <strong>{dispute.supportOrigins}</strong> supporting, <strong>{dispute.contradictOrigins}</strong> contradicting
      </p>
      <p className="row small">
        {canReview && dispute.status === 'open' && (
          <Link className="button small" href={`/review?d=${dispute.id}`}>
            Review this dispute
          </Link>
        )}
        <Link href={`/history/dispute/${dispute.id}`}>Dispute history</Link>
      </p>
    </section>
  );
}

export function AssertedTable({ links, values, clash, names }: { links: LinkedClaim[]; values: Values[]; clash: ValueClashes[]; names: Map<number, string> }) {
  return (
    <section>
      <h2>Asserted values, side by side</h2>
      {links.length === 0 ? (
        <p className="empty">No claim is linked to this event yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="list compare" data-testid="asserted-table">
            <thead>
              <tr>
                <th>Claim</th>
                <th>Stance</th>
                <th>Date</th>
                <th>Place</th>
                <th>Participants</th>
                <th>Number</th>
              </tr>
            </thead>
            <tbody>
              {links.map((l, i) => (
                <AssertedRow key={l.id} link={l} values={values[i]!} clash={clash[i]!} names={names} />
              ))}
            </tbody>
          </table>
          <p className="muted small">Highlighted cells contradict a value another claim gives.</p>
        </div>
      )}
    </section>
  );
}

function AssertedRow({ link: l, values: v, clash, names }: { link: LinkedClaim; values: Values; clash: ValueClashes; names: Map<number, string> }) {
  const name = (a: number) => (
    <Link key={a} href={`/actors/${a}`} dir="auto">
      {names.get(a)}
    </Link>
  );
  const none = <span className="muted">—</span>;
  return (
    <tr>
      <td>
        <Link href={`/sources/${l.claim.sourceId}?claim=${l.claim.id}`} dir="auto">
          {l.claim.source.outlet}
        </Link>
        <span className="muted small block" dir="auto">
          {l.claim.claimant?.name ?? 'no claimant'}
        </span>
      </td>
      <td>
        <span className={`stance ${l.stance}`}>{STANCE_LABEL[l.stance]}</span>
      </td>
      <td className={clash.date ? 'clash' : undefined} title={l.assertedDate ?? undefined}>
        {l.assertedDate ? showEdtf(l.assertedDate) : none}
      </td>
      <td className={clash.place ? 'clash' : undefined} dir="auto">
        {l.assertedPlace ?? none}
      </td>
      <td className={clash.participants ? 'clash' : undefined}>
        {v.include.map((a) => (
          <span key={`i${a}`} className="tag include">
            + {name(a)}
          </span>
        ))}
        {v.exclude.map((a) => (
          <span key={`e${a}`} className="tag exclude">
            − {name(a)}
          </span>
        ))}
        {v.exclusive && <span className="tag exclusive">and no one else</span>}
        {!v.include.length && !v.exclude.length && none}
      </td>
      <td className={clash.number ? 'clash' : undefined}>
        {v.number ? (
          <>
            {v.number.value.toLocaleString('en')}
            {v.number.tolerance ? ` ± ${v.number.tolerance}` : ''} {v.number.unit}
          </>
        ) : (
          none
        )}
      </td>
    </tr>
  );
}

export function StanceGroups({ links }: { links: LinkedClaim[] }) {
  return STANCES.map((stance) => {
    const group = links.filter((l) => l.stance === stance);
    if (!group.length) return null;
    return (
      <section key={stance} className={`stance-group ${stance}`} data-testid={`stance-${stance}`}>
        <h2>
          {STANCE_LABEL[stance]} <span className="muted">({group.length})</span>
        </h2>
        <ul className="claim-cards">
          {group.map((l) => (
            <LinkedClaimCard key={l.id} link={l} />
          ))}
        </ul>
      </section>
    );
  });
}

function LinkedClaimCard({ link: l }: { link: LinkedClaim }) {
  return (
    <li className="claim-card">
      <blockquote dir="auto">{l.claim.quote}</blockquote>
      <p className="small">
        <span className="attribution">
          {l.claim.chain.map((h, i) => (
            <span key={i} className="hop">
              <Link href={`/actors/${h.actorId}`} dir="auto">
                {h.actor.name}
              </Link>
              {h.relation ? <span className="muted"> ({h.relation})</span> : null} →{' '}
            </span>
          ))}
          {l.claim.claimant ? (
            <Link href={`/actors/${l.claim.claimant.id}`} className="claimant" dir="auto">
              {l.claim.claimant.name}
            </Link>
          ) : (
            <span className="muted">no claimant</span>
          )}
        </span>
      </p>
      <p className="small">
        <Link href={`/sources/${l.claim.sourceId}?claim=${l.claim.id}`} dir="auto">
          {l.claim.source.title}
        </Link>{' '}
        <span className="muted">
          · <span dir="auto">{l.claim.source.outlet}</span> · {showEdtf(l.claim.source.published)} · claim #{l.claim.id} ({l.claim.status}) · linked{' '}
          {showTime(l.claim.createdAt)}
        </span>
      </p>
      {l.claim.paraphrase && (
        <p className="paraphrase small" dir="auto">
          {l.claim.paraphrase}
        </p>
      )}
      {l.note && (
        <p className="muted small" dir="auto">
          Note: {l.note}
        </p>
      )}
    </li>
  );
}
