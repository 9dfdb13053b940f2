// Server components call the API directly (no HTTP) through a caller bound to the request's user.
// What they fetch through `trpc` (the options proxy) reaches client components' query cache via
// <HydrateClient>, so a page renders complete on the server and stays live in the browser.
import 'server-only';
import { cache, type ReactNode } from 'react';
import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { appRouter, createCaller, createInnerContext, type AppRouter } from '@claimline/api';
import { getDb } from '~/server/db.ts';
import { currentUser } from '~/server/session.ts';
import { makeQueryClient } from './query-client.ts';

const context = cache(async () => createInnerContext({ db: await getDb(), user: await currentUser() }));

export const api = cache(async () => createCaller(await context()));

export const getQueryClient = cache(makeQueryClient);

export const trpc = createTRPCOptionsProxy<AppRouter>({ router: appRouter, ctx: context, queryClient: getQueryClient });

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
