// Turns API errors met while rendering a page into what the page should do.
import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { loginRedirect } from './session.ts';

/** Awaits a fetch: NOT_FOUND (or a bad id) renders the 404 page, UNAUTHORIZED goes to sign-in. */
export async function load<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    const code = e instanceof TRPCError ? e.code : (e as { code?: string })?.code;
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') notFound();
    if (code === 'UNAUTHORIZED') redirect(await loginRedirect());
    throw e;
  }
}

/** A positive integer route parameter, or the 404 page. */
export function idParam(raw: string | undefined): number {
  const n = Number(raw);
  if (!raw || !/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) notFound();
  return n;
}
