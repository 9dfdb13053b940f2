// An event: its details, its dispute (if any), every linked claim grouped by stance, and the values
// the claims assert side by side so a disagreement shows at a glance.
import type { Metadata } from 'next';
import Link from 'next/link';
import { assertedFromColumns, can, valueClashes } from '@claimline/core';
import { requireUser } from '~/server/session.ts';
import { idParam, load } from '~/server/load.ts';
import { api } from '~/trpc/server.tsx';
import { showEdtf } from '~/lib/format.ts';
import { participantsOf } from '~/components/participants.ts';
import { EditEvent } from './EditEvent.tsx';
import { AssertedTable, DisputeBox, StanceGroups, type EventDetail } from './parts.tsx';

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
      <EventFacts event={event} />
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
      {event.dispute && <DisputeBox dispute={event.dispute} canReview={can(user.role, 'dispute.decide')} />}
      <AssertedTable links={links} values={values} clash={clash} names={names} />
      <StanceGroups links={links} />
      {linked.nextCursor && <p className="muted">Showing the first {links.length} linked claims.</p>}
    </article>
  );
}

/** Date, place, type, participants and the events inside this one. */
function EventFacts({ event }: { event: EventDetail }) {
  return (
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
  );
}
