import Link from 'next/link';
import { requireUser } from '~/server/session.ts';
import { api } from '~/trpc/server.tsx';
import { ActorSearch } from './ActorSearch.tsx';
import { NewActor } from './NewActor.tsx';
import { Pager, parseBack } from '~/components/Pager.tsx';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Actors · Claimline' };

type Props = { searchParams: Promise<{ cursor?: string; back?: string }> };

export default async function ActorsPage({ searchParams }: Props) {
  await requireUser();
  const sp = await searchParams;
  const cursor = Number(sp.cursor) || null;
  const back = parseBack(sp.back);
  const actors = await (await api()).actor.list({ limit: 50, cursor });
  return (
    <section>
      <div className="page-head">
        <h1>Actors</h1>
        <NewActor />
      </div>
      <ActorSearch />
      <table className="list" data-testid="actor-list">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Also known as</th>
            <th className="num">Claims</th>
          </tr>
        </thead>
        <tbody>
          {actors.items.map((a) => (
            <tr key={a.id}>
              <td dir="auto">
                <Link href={`/actors/${a.id}`}>{a.name}</Link>
              </td>
              <td>{a.kind.replace('_', ' ')}</td>
              <td dir="auto" className="muted small">
                {a.aliases
                  .slice(0, 6)
                  .map((x) => x.name)
                  .join(' · ')}
                {a.aliases.length > 6 ? ` · +${a.aliases.length - 6}` : ''}
              </td>
              <td className="num">{a.claimCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager base="/actors" params={{}} cursor={cursor} back={back} nextCursor={actors.nextCursor} />
    </section>
  );
}
