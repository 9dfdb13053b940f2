// A claim's address: opens its source with the claim selected.
import { redirect } from 'next/navigation';
import { requireUser } from '~/server/session.ts';
import { idParam, load } from '~/server/load.ts';
import { api } from '~/trpc/server.tsx';

export const dynamic = 'force-dynamic';

export default async function ClaimPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const id = idParam((await params).id);
  const claim = await load((await api()).claim.get({ id }));
  redirect(`/sources/${claim.sourceId}?claim=${id}`);
}
