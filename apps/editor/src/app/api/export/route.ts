// Export downloads for a signed-in user (the whole database for admins, slices by source or event for
// every role; packages/core/src/roles.ts): GET /api/export?format=json|jsonl|csv|sqlite|webannotation|claimreview
// with optional slices source=<id>[,<id>…], event=<id>[,<id>…], since=YYYY-MM-DD. Text formats stream straight
// from one read transaction; csv (as a .zip) and sqlite are built in a temporary file first, then streamed.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { internalErrorResponse, services, sessionOfRequest } from '@claimline/api';
import { AppError, can, exportAct, parseSlice, refusal } from '@claimline/core';
import { getDb, loadConfig } from '~/server/db.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

function refuse(status: number, message: string) {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** Known failures keep their message; others answer `internal error (id …)`, logged with the id. */
export async function GET(req: Request): Promise<Response> {
  try {
    return await exportResponse(req);
  } catch (e) {
    if (e instanceof AppError) return refuse(400, e.message);
    return internalErrorResponse(e, 'GET /api/export');
  }
}

async function exportResponse(req: Request): Promise<Response> {
  const session = await sessionOfRequest(await getDb(), req);
  if (!session) return refuse(401, 'sign in to export');

  const url = new URL(req.url);
  const format = url.searchParams.get('format') ?? 'json';
  if (!(services.EXPORT_FORMATS as readonly string[]).includes(format)) return refuse(400, `format: must be one of ${services.EXPORT_FORMATS.join(', ')}`);
  // The same reading as `claimline export --source --event --since` (a bad value is an AppError: 400 below).
  const slice = parseSlice({ source: url.searchParams.getAll('source'), event: url.searchParams.getAll('event'), since: url.searchParams.get('since') });
  const { sourceIds, eventIds, since } = slice;
  const act = exportAct(slice);
  if (!can(session.user.role, act))
    return refuse(403, refusal(session.user.role, act, 'exporting the whole database (choose sources or events to export a slice)'));
  const f = format as services.ExportFormat;
  const media = services.EXPORT_MEDIA[f];
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const name = `claimline-${stamp}${sourceIds.length || eventIds.length || since ? '-slice' : ''}${f === 'webannotation' ? '-annotations' : f === 'claimreview' ? '-claimreviews' : ''}.${media.ext}`;
  const headers = {
    'Content-Type': media.type,
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  const db = await getDb();
  const origin = loadConfig().origin ?? url.origin;

  if (f === 'csv' || f === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'claimline-export-'));
    const file = path.join(dir, name);
    try {
      await services.exportDatabase(db, f, file, { slice, origin, signal: req.signal });
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    const stream = createReadStream(file);
    const cleanup = () => rmSync(dir, { recursive: true, force: true });
    stream.on('close', cleanup);
    stream.on('error', cleanup);
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { headers });
  }
  return new Response(services.exportStream(db, f, { slice, origin }), { headers });
}
