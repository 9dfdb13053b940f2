// The tRPC endpoint as the production server answers it: server.mjs hands `/api/trpc/…` straight to the
// API's Node handler, skipping Next's router, proxy and route handler (about 3 ms of each request's 5).
// Same handler, checks and headers as the route in src/app/api/trpc (which `next dev` still serves).
// server.mjs loads this file through tsx, outside Next's bundle: imports here are relative, not `~/`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveTrpcRequest } from '@claimline/api';
import { apiResponseHeaders } from '../lib/security-headers.ts';
import { getDb, loadConfig } from './db.ts';

/** A tRPC call or batch: `/api/trpc/<procedures>` with an optional query. Anything else goes to Next. */
export function isTrpcPath(url: string | undefined): boolean {
  return /^\/api\/trpc\/[^/?#]+(?:\?|$)/.test(url ?? '');
}

export function handleTrpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
  return serveTrpcRequest(req, res, getDb(), apiResponseHeaders({ secure: loadConfig().secureCookies }));
}
