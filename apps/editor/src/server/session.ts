// The signed-in user of the current request, for server components.
import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { services, sessionCookieName, type SessionUser } from '@claimline/api';
import { getDb } from './db.ts';
import { loginPath } from '~/lib/return-to.ts';

export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const token = (await cookies()).get(sessionCookieName())?.value;
  const session = await services.userForToken(await getDb(), token);
  return session?.user ?? null;
});

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(await loginRedirect());
  return user;
}

/** The sign-in page, remembering the page that was asked for (set by src/proxy.ts). */
export async function loginRedirect(): Promise<string> {
  return loginPath((await headers()).get('x-claimline-path'));
}
