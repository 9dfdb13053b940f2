import { isEdtf } from '@claimline/core';
import { requireUser } from '~/server/session.ts';
import { load } from '~/server/load.ts';
import { api, getQueryClient, HydrateClient, trpc } from '~/trpc/server.tsx';
import { Timeline } from './Timeline.tsx';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Timeline · Claimline' };

type Props = { searchParams: Promise<{ actor?: string; place?: string; from?: string; to?: string; wfrom?: string; wto?: string }> };

const isDay = (v: string | undefined): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && isEdtf(v);

export default async function TimelinePage({ searchParams }: Props) {
  await requireUser();
  const sp = await searchParams;
  const actorId = Number(sp.actor) || undefined;
  const place = sp.place?.trim().slice(0, 300) || undefined;
  const from = sp.from && isEdtf(sp.from) ? sp.from : undefined;
  const to = sp.to && isEdtf(sp.to) ? sp.to : undefined;
  const shown = isDay(sp.wfrom) && isDay(sp.wto) ? { from: sp.wfrom, to: sp.wto } : null;
  const qc = getQueryClient();
  const [actor] = await Promise.all([
    actorId ? (await api()).actor.get({ id: actorId }).catch(() => null) : null,
    load(qc.fetchQuery(trpc.event.timeline.queryOptions({ actorId, place, from, to, window: shown ?? undefined, cursor: null }))),
  ]);
  return (
    <HydrateClient>
      <Timeline initial={{ actor: actor ? { id: actor.id, name: actor.name } : null, place: place ?? '', from: from ?? '', to: to ?? '', window: shown }} />
    </HydrateClient>
  );
}
