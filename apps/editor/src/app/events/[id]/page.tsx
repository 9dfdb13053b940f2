// An event: its details, its dispute (if any), every linked claim grouped by stance, and the values
// the claims assert side by side so a disagreement shows at a glance.
import type { Metadata } from 'next';
import Link from 'next/link';
import { assertedFromColumns, can, STANCES, valueClashes } from '@claimline/core';
import { requireUser } from '~/server/session.ts';
import { idParam, load } from '~/server/load.ts';
import { api } from '~/trpc/server.tsx';
import { showEdtf, showTime, STANCE_LABEL } from '~/lib/format.ts';
import { participantsOf } from '~/components/participants.ts';
import { EditEvent } from './EditEvent.tsx';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireUser();
  const event = await load((await api()).event.get({ id: idParam((await params).id) }));
  return { title: `${event.title} · Claimline` };
}

export default async function EventPage({ params }: Props) {
  const user = await requireUser();
  const id = idParam((await params).id);
  const caller = await api();
  const [event, linked] = await Promise.all([load(caller.event.get({ id })), load(caller.claim.listByEvent({ eventId: id, limit: 200 }))]);
  const links = linked.items;

  // Names of the actors the claims assert took part (or not): one lookup each, in parallel.
  const ids = new Set<number>();
  for (const l of links) {
    const p = participantsOf(l.assertedParticipants);
    [...p.include, ...p.exclude].forEach((x) => ids.add(x));
  }
  const names = new Map<number, string>();
  await Promise.all(
    [...ids].map(async (a) => {
      const actor = await caller.actor.get({ id: a }).catch(() => null);
      names.set(a, actor?.name ?? `actor #${a}`);
    }),
  );
  const values = links.map((l) => ({ ...assertedFromColumns(l), ...participantsOf(l.assertedParticipants) }));
  // The same rules as dispute detection (core), so this table marks what the review queue would.
  const clash = valueClashes(links.map((l, i) => ({ claimId: l.claim.id, claimStatus: l.claim.status, asserted: values[i]! })));
  const isReviewer = can(user.role, 'dispute.decide');
  const dispute = event.dispute;
  const name = (a: number) => (
    <Link key={a} href={`/actors/${a}`} dir="auto">
      {names.get(a)}
    </Link>
  );

  return (
    <article className="event-page">
      <p className="crumbs">
        <Link href="/timeline">Timeline</Link>
        {event.parent && (
          <>
            {' '}
            › <Link href={`/events/${event.parent.id}`}>{event.parent.title}</Link>
          </>
        )}
      </p>
      <h1 dir="auto">{event.title}</h1>
      <dl className="facts">
        <div>
          <dt>Date</dt>
          <dd>
            {showEdtf(event.date)} {event.date && <code className="muted">{event.date}</code>}
          </dd>
        </div>
        <div>
          <dt>Place</dt>
          <dd dir="auto">{event.place ?? '—'}</dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{event.type}</dd>
        </div>
        {event.participants.length > 0 && (
          <div>
            <dt>Participants</dt>
            <dd>
              {event.participants.map((p, i) => (
                <span key={i} className="tag">
                  <Link href={`/actors/${p.actorId}`} dir="auto">
                    {p.actor.name}
                  </Link>{' '}
                  <span className="muted small">{p.role}</span>
                </span>
              ))}
            </dd>
          </div>
        )}
        {event.children.length > 0 && (
          <div>
            <dt>Inside it</dt>
            <dd>
              {event.children.map((c) => (
                <span key={c.id} className="tag">
                  <Link href={`/events/${c.id}`} dir="auto">
                    {c.title}
                  </Link>{' '}
                  <span className="muted small">{showEdtf(c.date)}</span>
                </span>
              ))}
            </dd>
          </div>
        )}
      </dl>
      {event.description && (
        <p dir="auto" className="description">
          {event.description}
        </p>
      )}
      <div className="row small">
        <EditEvent
          key={event.id}
          event={{
            id: event.id,
            version: event.version,
            title: event.title,
            type: event.type,
            date: event.date,
            place: event.place,
            description: event.description,
            participants: event.participants.map((p) => ({ actorId: p.actorId, role: p.role, actor: { name: p.actor.name } })),
          }}
        />
        <Link href={`/history/event/${event.id}`}>History</Link>
        <Link href={`/export?event=${event.id}`}>Export this event</Link>
      </div>

      {dispute && (
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
            {isReviewer && dispute.status === 'open' && (
              <Link className="button small" href={`/review?d=${dispute.id}`}>
                Review this dispute
              </Link>
            )}
            <Link href={`/history/dispute/${dispute.id}`}>Dispute history</Link>
          </p>
        </section>
      )}

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
                  <tr key={l.id}>
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
                    <td className={clash[i]!.date ? 'clash' : undefined} title={l.assertedDate ?? undefined}>
                      {l.assertedDate ? showEdtf(l.assertedDate) : <span className="muted">—</span>}
                    </td>
                    <td className={clash[i]!.place ? 'clash' : undefined} dir="auto">
                      {l.assertedPlace ?? <span className="muted">—</span>}
                    </td>
                    <td className={clash[i]!.participants ? 'clash' : undefined}>
                      {values[i]!.include.map((a) => (
                        <span key={`i${a}`} className="tag include">
                          + {name(a)}
                        </span>
                      ))}
                      {values[i]!.exclude.map((a) => (
                        <span key={`e${a}`} className="tag exclude">
                          − {name(a)}
                        </span>
                      ))}
                      {values[i]!.exclusive && <span className="tag exclusive">and no one else</span>}
                      {!values[i]!.include.length && !values[i]!.exclude.length && <span className="muted">—</span>}
                    </td>
                    <td className={clash[i]!.number ? 'clash' : undefined}>
                      {values[i]!.number ? (
                        <>
                          {values[i]!.number!.value.toLocaleString('en')}
                          {values[i]!.number!.tolerance ? ` ± ${values[i]!.number!.tolerance}` : ''} {values[i]!.number!.unit}
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">Highlighted cells contradict a value another claim gives.</p>
          </div>
        )}
      </section>

      {STANCES.map((stance) => {
        const group = links.filter((l) => l.stance === stance);
        if (!group.length) return null;
        return (
          <section key={stance} className={`stance-group ${stance}`} data-testid={`stance-${stance}`}>
            <h2>
              {STANCE_LABEL[stance]} <span className="muted">({group.length})</span>
            </h2>
            <ul className="claim-cards">
              {group.map((l) => (
                <li key={l.id} className="claim-card">
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
              ))}
            </ul>
          </section>
        );
      })}
      {linked.nextCursor && <p className="muted">Showing the first {links.length} linked claims.</p>}
    </article>
  );
}
