// Two editor servers on one PostgreSQL database (what a newsroom runs behind a load balancer): clients spread over both
// edit the same records at once. Every acknowledged write is stored and seen from the other server, a stale version is
// refused with CONFLICT wherever it is sent, a session made on one server works on the other, wrong passwords sent to
// both count against one limit, and `claimline disputes --recompute` afterwards finds nothing to change.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgres, postgresDatabase } from '@claimline/db/test/postgres-db';
import { DEMO, editorDir, startApp, type App } from './harness.ts';

let databaseUrl: string;
let a: App;
let b: App;

type Reply = { status: number; body: { result?: { data: unknown }; error?: { data?: { code?: string }; message?: string } } };

async function call(app: App, cookie: string, proc: string, input: unknown, mutation = true): Promise<Reply> {
  const r = mutation
    ? await fetch(`${app.url}/api/trpc/${proc}`, {
        method: 'POST',
        headers: { cookie, origin: app.url, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      })
    : await fetch(`${app.url}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie } });
  return { status: r.status, body: (await r.json()) as Reply['body'] };
}
const data = <T>(r: Reply) => {
  if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return (r.body.result as { data: T }).data;
};

async function signIn(app: App, who: { email: string; password: string }): Promise<string> {
  const r = await fetch(`${app.url}/api/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify(who),
  });
  const token = /claimline_session=([^;]+)/.exec(r.headers.getSetCookie().join('\n'))?.[1];
  if (!r.ok || !token) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
  return `claimline_session=${token}`;
}

describePostgres('two editor servers on one PostgreSQL database', () => {
  beforeAll(async () => {
    databaseUrl = await postgresDatabase();
    a = await startApp('pg-a', { env: { DATABASE_URL: databaseUrl } });
    b = await startApp('pg-b', { setup: false, env: { DATABASE_URL: databaseUrl } });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('a session made on one server works on the other; signing out on one ends it on both', async () => {
    const cookie = await signIn(a, DEMO.reviewer);
    expect(data<{ email: string }>(await call(b, cookie, 'auth.me', undefined, false))).toMatchObject({ email: DEMO.reviewer.email });
    await call(b, cookie, 'auth.logout', null);
    expect(data(await call(a, cookie, 'auth.me', undefined, false))).toBeNull();
  });

  it('concurrent edits spread over both servers: every acknowledged write is stored, stale versions get CONFLICT', async () => {
    const [ca, cb] = [await signIn(a, DEMO.annotator), await signIn(b, DEMO.reviewer)];
    const sources = data<{ items: { id: number }[] }>(await call(a, ca, 'source.list', {}, false)).items;
    const sourceId = sources[0]!.id;
    // 24 new claims at once, half through each server: all acknowledged, all there, read from the other server.
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        call(i % 2 ? b : a, i % 2 ? cb : ca, 'claim.create', { sourceId, start: i, end: i + 5, paraphrase: `parallel ${i}` }),
      ),
    );
    const ids = created.map((r) => data<{ id: number }>(r).id);
    expect(new Set(ids).size).toBe(24);
    for (const [i, id] of ids.entries()) {
      const seen = data<{ paraphrase: string }>(await call(i % 2 ? a : b, i % 2 ? ca : cb, 'claim.get', { id }, false));
      expect(seen.paraphrase).toBe(`parallel ${i}`);
    }
    // 12 edits of one claim at its current version, sent to both servers at once: exactly one wins.
    const target = data<{ id: number; version: number }>(await call(a, ca, 'claim.get', { id: ids[0] }, false));
    const edits = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(i % 2 ? b : a, i % 2 ? cb : ca, 'claim.update', { id: target.id, version: target.version, paraphrase: `edit ${i}` }),
      ),
    );
    const won = edits.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    for (const r of edits.filter((x) => x.status !== 200)) expect(r.body.error?.data?.code).toBe('CONFLICT');
    const after = data<{ paraphrase: string; version: number }>(await call(b, cb, 'claim.get', { id: target.id }, false));
    expect(after.version).toBe(target.version + 1);
    expect(edits.findIndex((r) => r.status === 200)).toBe(Number(after.paraphrase.split(' ')[1]));
  });

  it('links that contradict each other, made on both servers at once, open one dispute; a recompute changes nothing', async () => {
    const [ca, cb] = [await signIn(a, DEMO.annotator), await signIn(b, DEMO.annotator)];
    const sourceId = data<{ items: { id: number }[] }>(await call(a, ca, 'source.list', {}, false)).items[0]!.id;
    const event = data<{ id: number }>(await call(a, ca, 'event.create', { title: 'Contested meeting', date: '2025-03-04' }));
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => call(i % 2 ? b : a, i % 2 ? cb : ca, 'claim.create', { sourceId, start: 40 + i, end: 50 + i })),
    ).then((rs) => rs.map((r) => data<{ id: number }>(r).id));
    // Half say it happened on the 4th, half on the 9th: detection must settle on one dispute whichever server commits last.
    const links = await Promise.all(
      claims.map((claimId, i) =>
        call(i % 2 ? b : a, i % 2 ? cb : ca, 'link.create', {
          claimId,
          eventId: event.id,
          stance: 'supports',
          asserted: { date: i < 4 ? '2025-03-04' : '2025-03-09' },
        }),
      ),
    );
    for (const r of links) data(r);
    const reviewer = await signIn(b, DEMO.reviewer);
    const queue = data<{ items: { eventId: number }[] }>(await call(b, reviewer, 'review.queue', { claims: 'count', limit: 200 }, false));
    expect(queue.items.filter((d) => d.eventId === event.id)).toHaveLength(1);
    const cli = spawnSync(process.execPath, [path.join(editorDir, '../cli/bin/claimline.mjs'), 'disputes', '--recompute'], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(cli.stderr).not.toMatch(/error/i);
    expect(cli.stdout).toMatch(/recomputed \d+ events: 0 dispute\(s\) changed/);
  });

  it('wrong passwords sent to both servers count against one limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const app = i % 2 ? b : a;
      const r = await fetch(`${app.url}/api/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url },
        body: JSON.stringify({ email: DEMO.admin.email, password: `wrong-password-${i}` }),
      });
      statuses.push(r.status);
    }
    // Five wrong passwords are checked (401), wherever they were sent; then both servers refuse to check (429). Each
    // server saw four: a limit kept in either process would have let all eight be checked.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });
});
