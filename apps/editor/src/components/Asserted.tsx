'use client';
// The values a claim asserts for an event (date, place, participants, number), as text.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '~/trpc/react.tsx';
import { showEdtf } from '~/lib/format.ts';
import { participantsOf } from './participants.ts';

export interface AssertedColumns {
  assertedDate?: string | null;
  assertedPlace?: string | null;
  assertedParticipants?: unknown;
  assertedNumber?: number | null;
  assertedUnit?: string | null;
  numberTolerance?: number | null;
}

export function hasAsserted(a: AssertedColumns): boolean {
  const p = participantsOf(a.assertedParticipants);
  return !!(a.assertedDate || a.assertedPlace || p.include.length || p.exclude.length || (a.assertedNumber !== null && a.assertedNumber !== undefined));
}

/** An actor's name by id (cached per id; server pages prefetch the ones they show). */
export function ActorName({ id, link = true }: { id: number; link?: boolean }) {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.actor.get.queryOptions({ id }), staleTime: 5 * 60_000 });
  const name = <span dir="auto">{data?.name ?? `actor #${id}`}</span>;
  return link ? <Link href={`/actors/${id}`}>{name}</Link> : name;
}

export function NumberValue({ a }: { a: AssertedColumns }) {
  if (a.assertedNumber === null || a.assertedNumber === undefined) return <span className="muted">—</span>;
  return (
    <span>
      {a.assertedNumber.toLocaleString('en')}
      {a.numberTolerance ? ` ± ${a.numberTolerance.toLocaleString('en')}` : ''} <span dir="auto">{a.assertedUnit}</span>
    </span>
  );
}

export function ParticipantsValue({ a }: { a: AssertedColumns }) {
  const p = participantsOf(a.assertedParticipants);
  if (!p.include.length && !p.exclude.length) return <span className="muted">—</span>;
  return (
    <span className="participants" data-exclusive={p.exclusive || undefined}>
      {p.include.map((id) => (
        <span key={`i${id}`} className="tag include" title="took part, says this claim">
          + <ActorName id={id} />
        </span>
      ))}
      {p.exclude.map((id) => (
        <span key={`e${id}`} className="tag exclude" title="did not take part, says this claim">
          − <ActorName id={id} />
        </span>
      ))}
      {p.exclusive && (
        <span className="tag exclusive" title="this claim names these participants and no others">
          and no one else
        </span>
      )}
    </span>
  );
}

/** One line: "date 6 Dec 2024 · place Bab al-Hawa · participants + A − B · number 5 people". */
export function AssertedSummary({ a }: { a: AssertedColumns }) {
  if (!hasAsserted(a)) return null;
  const p = participantsOf(a.assertedParticipants);
  return (
    <dl className="asserted-inline">
      {a.assertedDate && (
        <div>
          <dt>date</dt>
          <dd title={a.assertedDate}>{showEdtf(a.assertedDate)}</dd>
        </div>
      )}
      {a.assertedPlace && (
        <div>
          <dt>place</dt>
          <dd dir="auto">{a.assertedPlace}</dd>
        </div>
      )}
      {(p.include.length > 0 || p.exclude.length > 0) && (
        <div>
          <dt>participants</dt>
          <dd>
            <ParticipantsValue a={a} />
          </dd>
        </div>
      )}
      {a.assertedNumber !== null && a.assertedNumber !== undefined && (
        <div>
          <dt>number</dt>
          <dd>
            <NumberValue a={a} />
          </dd>
        </div>
      )}
    </dl>
  );
}

/** Claimant and attribution chain: "Anadolu Agency → Al Jazeera → Asaad al-Shaibani". */
export function Attribution({
  claimant,
  chain,
}: {
  claimant: { id: number; name: string } | null;
  chain: { actorId?: number; relation: string | null; actor: { id?: number; name: string } }[];
}) {
  return (
    <span className="attribution">
      {chain.map((h, i) => {
        const id = h.actorId ?? h.actor.id;
        return (
          <span key={i} className="hop">
            {id ? (
              <Link href={`/actors/${id}`} dir="auto">
                {h.actor.name}
              </Link>
            ) : (
              <span dir="auto">{h.actor.name}</span>
            )}
            {h.relation ? <span className="muted small"> ({h.relation})</span> : null}
            <span className="arrow" aria-hidden="true">
              {' '}
              →{' '}
            </span>
            <span className="sr-only"> via </span>
          </span>
        );
      })}
      {claimant ? (
        <Link href={`/actors/${claimant.id}`} className="claimant" dir="auto">
          {claimant.name}
        </Link>
      ) : (
        <span className="muted">no claimant</span>
      )}
    </span>
  );
}
