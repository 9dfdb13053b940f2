import Link from 'next/link';
import { can } from '@claimline/core';
import { requireUser } from '~/server/session.ts';
import { load } from '~/server/load.ts';
import { getQueryClient, HydrateClient, trpc } from '~/trpc/server.tsx';
import { QUEUE_CLAIMS, QUEUE_PAGE } from '~/lib/limits.ts';
import { ReviewQueue, type QueueStatus } from './ReviewQueue.tsx';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Review queue · Claimline' };

type Props = { searchParams: Promise<{ d?: string; status?: string }> };

export default async function ReviewPage({ searchParams }: Props) {
  const user = await requireUser();
  if (!can(user.role, 'dispute.decide')) {
    return (
      <section className="narrow-wide" data-testid="forbidden">
        <h1>Review queue</h1>
        <p className="error" role="alert">
          The review queue needs the reviewer role; you are signed in as {user.role}.
        </p>
        <p>
          Disputes are still visible on each <Link href="/timeline">event’s page</Link>.
        </p>
      </section>
    );
  }
  const sp = await searchParams;
  const status: QueueStatus = sp.status === 'resolved' || sp.status === 'all' ? sp.status : 'open';
  const d = Number(sp.d) || null;
  const qc = getQueryClient();
  const [queue] = await Promise.all([
    load(
      qc.fetchInfiniteQuery(
        trpc.review.queue.infiniteQueryOptions({ limit: QUEUE_PAGE, status, claims: QUEUE_CLAIMS }, { getNextPageParam: (p) => p.nextCursor }),
      ),
    ),
    d ? qc.prefetchQuery(trpc.review.get.queryOptions({ id: d })) : null,
  ]);
  // The list carries no claims: the dispute shown first (the one asked for, or the oldest) comes in full.
  const first = queue.pages[0]?.items[0]?.id;
  if (!d && first) await qc.prefetchQuery(trpc.review.get.queryOptions({ id: first }));
  return (
    <HydrateClient>
      <ReviewQueue key={status} status={status} initialId={d} />
    </HydrateClient>
  );
}
