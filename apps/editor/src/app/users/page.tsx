// Account management, an admin's: every user with their role and state, a form to add one, and a
// versioned edit per user (name, e-mail, role, disabled, a new password).
import { can } from '@claimline/core';
import { requireUser } from '~/server/session.ts';
import { load } from '~/server/load.ts';
import { getQueryClient, HydrateClient, trpc } from '~/trpc/server.tsx';
import { Users } from './Users.tsx';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Users · Claimline' };

export default async function UsersPage() {
  const user = await requireUser();
  if (!can(user.role, 'user.manage')) {
    return (
      <section className="narrow-wide" data-testid="forbidden">
        <h1>Users</h1>
        <p className="error" role="alert">
          Managing users needs the admin role; you are signed in as {user.role}.
        </p>
      </section>
    );
  }
  await load(getQueryClient().fetchQuery(trpc.user.list.queryOptions()));
  return (
    <HydrateClient>
      <Users selfId={user.id} />
    </HydrateClient>
  );
}
