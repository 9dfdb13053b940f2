import type { Metadata } from 'next';
import { requireUser } from '~/server/session.ts';
import { idParam, load } from '~/server/load.ts';
import { getQueryClient, HydrateClient, trpc } from '~/trpc/server.tsx';
import { CLAIM_PAGE, CLAIM_SSR_PAGES } from '~/lib/limits.ts';
import { Reader } from './Reader.tsx';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ claim?: string; existing?: string; replaced?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireUser();
  const id = idParam((await params).id);
  const source = await load(getQueryClient().fetchQuery(trpc.source.get.queryOptions({ id })));
  return { title: `${source.title} · Claimline` };
}

export default async function SourcePage({ params, searchParams }: Props) {
  await requireUser();
  const id = idParam((await params).id);
  const sp = await searchParams;
  const claim = Number(sp.claim) || null;
  const replaced = Math.max(0, Math.floor(Number(sp.replaced) || 0));
  const qc = getQueryClient();
  await Promise.all([
    load(qc.fetchQuery(trpc.source.get.queryOptions({ id }))),
    load(
      qc.fetchInfiniteQuery({
        ...trpc.claim.listBySource.infiniteQueryOptions({ sourceId: id, limit: CLAIM_PAGE }, { getNextPageParam: (p) => p.nextCursor }),
        pages: CLAIM_SSR_PAGES,
      }),
    ),
  ]);
  return (
    <HydrateClient>
      {sp.existing && (
        <p className="notice" role="status">
          This text was already in the database: here is the source it was imported as (nothing new was created).
        </p>
      )}
      {replaced > 0 && (
        <p className="notice" role="status" data-testid="replaced-notice">
          {replaced === 1 ? '1 character' : `${replaced} characters`} of the imported text could not be read (a broken emoji or other invalid Unicode) and{' '}
          {replaced === 1 ? 'was' : 'were'} stored as � (U+FFFD).
        </p>
      )}
      <Reader key={id} sourceId={id} initialClaimId={claim} />
    </HydrateClient>
  );
}
