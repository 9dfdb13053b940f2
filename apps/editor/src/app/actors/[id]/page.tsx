import type { Metadata } from 'next';
import { requireUser } from '~/server/session.ts';
import { idParam, load } from '~/server/load.ts';
import { getQueryClient, HydrateClient, trpc } from '~/trpc/server.tsx';
import { ActorDetail } from './ActorDetail.tsx';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireUser();
  const actor = await load(getQueryClient().fetchQuery(trpc.actor.get.queryOptions({ id: idParam((await params).id) })));
  return { title: `${actor.name} · Claimline` };
}

export default async function ActorPage({ params }: Props) {
  await requireUser();
  const id = idParam((await params).id);
  await load(getQueryClient().fetchQuery(trpc.actor.get.queryOptions({ id })));
  return (
    <HydrateClient>
      <ActorDetail key={id} id={id} />
    </HydrateClient>
  );
}
