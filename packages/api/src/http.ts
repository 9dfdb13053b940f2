// The HTTP entry point for tRPC (used by the editor's route handler), with CSRF defences:
// queries are GET and never change state; a mutation must come from our own origin as JSON.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { loadConfig, type Db } from '@claimline/db';
import { appRouter } from './root.ts';
import type { Context } from './context.ts';
import { readCookie, sessionCookieName } from './http-session.ts';
import { userForToken } from './services/users.ts';

/** Origins a mutation may come from: the configured one, else the origin the request was addressed to. */
function allowedOrigin(req: Request): string {
  const configured = loadConfig().origin;
  if (configured) return new URL(configured).origin;
  const url = new URL(req.url);
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host') ?? url.host;
  const proto = req.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
  return `${proto}://${host}`;
}

/** Returns a reason to refuse the request, or null when it may proceed. */
export function csrfRefusal(req: Request): string | null {
  if (req.method === 'GET' || req.method === 'HEAD') return null;
  const origin = req.headers.get('origin');
  if (!origin) return 'missing Origin header';
  if (origin !== allowedOrigin(req)) return `cross-origin request from ${origin} refused`;
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return `content type ${type || '(none)'} refused: send application/json`;
  return null;
}

export async function createRequestContext(db: Db, req: Request, resHeaders: Headers): Promise<Context> {
  const token = readCookie(req.headers.get('cookie'), sessionCookieName());
  const session = await userForToken(db, token);
  return {
    db,
    user: session?.user ?? null,
    sessionId: session?.sessionId ?? null,
    setCookie: (h) => resHeaders.append('set-cookie', h),
    clientKey: req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'local',
  };
}

export function handleTrpcRequest(req: Request, db: Db, endpoint = '/api/trpc'): Promise<Response> | Response {
  const refusal = csrfRefusal(req);
  if (refusal) {
    return new Response(JSON.stringify({ error: { message: refusal, code: 'FORBIDDEN' } }), {
      status: 403,
      headers: { 'content-type': 'application/json' },
    });
  }
  return fetchRequestHandler({
    endpoint,
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createRequestContext(db, req, resHeaders),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'}:`, error.cause ?? error);
    },
  });
}
