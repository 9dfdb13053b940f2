// API benchmark: p50/p95 of each read procedure over HTTP (the built editor, as `npm start` serves it) against its
// raw-SQL floor (hand-written SQL through better-sqlite3 on the same file, reading the same page), and their ratio.
// Run from the repository root after `npm run build -w @claimline/editor`:
//   npx tsx bench/api.ts [--claims 10000,1000000] [--runs 3] [--requests 20] [--dir /tmp/claimline-bench]
// Databases come from `claimline synth` and are shared with bench/export.ts (which measures the exports against
// `sqlite3 -json`) and bench/disputes.ts. Requests alternate with their floors; each run reports the median of the
// per-request ratios, and the table gives the median of those and their spread (min–max) over the runs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { nameKeys } from '@claimline/core';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const sizes = (args.get('claims') ?? '10000,1000000').split(',').map(Number);
const runs = Number(args.get('runs') ?? 3);
const requests = Number(args.get('requests') ?? 20);
const dir = path.resolve(args.get('dir') ?? '/tmp/claimline-bench');
const root = path.resolve(import.meta.dirname, '..');
const editor = path.join(root, 'apps/editor');
const cli = path.join(root, 'apps/cli/bin/claimline.mjs');
const BENCH_USER = { email: 'bench@example.org', password: 'bench-password-not-secret' };
if (!existsSync(path.join(editor, '.next/BUILD_ID'))) throw new Error('the editor is not built: run `npm run build -w @claimline/editor` first');
mkdirSync(dir, { recursive: true });

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const quantile = (xs: number[], q: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

type Row = Record<string, unknown>;
interface Case {
  name: string;
  proc: string;
  input?: unknown;
  /** Hand-written SQL reading what the procedure returns; gives the number of items, to check both read the same page. */
  floor: () => number;
}

/** The cases of the issue's table, with parameters picked from the database (a busy month, common and rare words…). */
function casesFor(db: Database.Database, sessionId: string): Case[] {
  const all = <T = Row>(sql: string, ...p: unknown[]) => db.prepare(sql).all(...p) as T[];
  const one = <T = Row>(sql: string, ...p: unknown[]) => db.prepare(sql).get(...p) as T;
  const month = one<{ m: string }>(`SELECT substr(dateEarliest, 1, 7) m FROM Event WHERE dateEarliest IS NOT NULL GROUP BY m ORDER BY count(*) DESC LIMIT 1`).m;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, 'fts_claim', 'row')`);
  const common = all<{ term: string }>(`SELECT term FROM temp.vocab WHERE length(term) > 3 ORDER BY doc DESC LIMIT 2`).map((r) => r.term);
  const rare = all<{ term: string }>(`SELECT term FROM temp.vocab WHERE length(term) > 3 ORDER BY doc, term LIMIT 1`).map((r) => r.term);
  const busySource = one<{ id: number }>(`SELECT sourceId id FROM Claim GROUP BY sourceId ORDER BY count(*) DESC LIMIT 1`).id;
  const actorName = one<{ name: string }>(
    `SELECT name FROM Actor WHERE mergedIntoId IS NULL AND kind = 'person' ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM Actor WHERE kind = 'person')`,
  ).name;
  const actorQuery = actorName.split(' ').at(-1)!.slice(0, 5);

  // event.list / event.timeline: page of ids in SQL, then the events with participants, dispute and link count.
  const eventPage = (where: string, limit: number, ...p: unknown[]) => {
    const ids = all<{ id: number }>(`SELECT e.id FROM Event e WHERE ${where} ORDER BY e.dateEarliest IS NULL, e.dateEarliest, e.id LIMIT ?`, ...p, limit).map(
      (r) => r.id,
    );
    const json = JSON.stringify(ids);
    all(
      `SELECT e.id, e.title, e.type, e.date, e.dateEarliest, e.dateLatest, e.place, e.description, e.parentId, e.version, e.createdAt, e.updatedAt,
              d.id disputeId, d.status, (SELECT count(*) FROM Link l WHERE l.eventId = e.id) linkCount
         FROM Event e LEFT JOIN Dispute d ON d.eventId = e.id WHERE e.id IN (SELECT value FROM json_each(?))`,
      json,
    );
    all(
      `SELECT p.eventId, p.actorId, p.role, a.name, a.kind FROM EventParticipant p JOIN Actor a ON a.id = p.actorId
        WHERE p.eventId IN (SELECT value FROM json_each(?)) ORDER BY p.id`,
      json,
    );
    return ids.length;
  };
  const monthWhere = `(e.dateLatest >= ? OR (e.dateLatest IS NULL AND e.dateEarliest IS NOT NULL)) AND (e.dateEarliest <= ? OR (e.dateEarliest IS NULL AND e.dateLatest IS NOT NULL))`;
  const monthEnd = `${month}-31`;

  const searchSql = {
    source: `SELECT f.rowid id, bm25(fts_source, 5.0, 2.0, 1.0) rank, snippet(fts_source, -1, '[', ']', '…', 16) snip, s.title, s.outlet
               FROM fts_source f JOIN Source s ON s.id = f.rowid WHERE fts_source MATCH ? ORDER BY rank LIMIT ?`,
    claim: `SELECT f.rowid id, bm25(fts_claim) rank, snippet(fts_claim, -1, '[', ']', '…', 16) snip, s.title, s.outlet, c.sourceId
              FROM fts_claim f JOIN Claim c ON c.id = f.rowid JOIN Source s ON s.id = c.sourceId WHERE fts_claim MATCH ? ORDER BY rank LIMIT ?`,
    actor: `SELECT f.rowid id, bm25(fts_actor) rank, snippet(fts_actor, -1, '[', ']', '…', 16) snip, a.name, a.kind
              FROM fts_actor f JOIN Actor a ON a.id = f.rowid WHERE fts_actor MATCH ? AND a.mergedIntoId IS NULL ORDER BY rank LIMIT ?`,
    event: `SELECT f.rowid id, bm25(fts_event, 5.0, 2.0, 1.0) rank, snippet(fts_event, -1, '[', ']', '…', 16) snip, e.title, e.date
              FROM fts_event f JOIN Event e ON e.id = f.rowid WHERE fts_event MATCH ? ORDER BY rank LIMIT ?`,
  };
  const search = (words: string[]) => {
    const match = words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
    const rows = Object.values(searchSql).flatMap((sql) => all<{ rank: number }>(sql, match, 21));
    return sorted(rows.map((r) => r.rank)).slice(0, 20).length;
  };

  // review.queue: the page of disputes with their event and verdicts, then member claims (claimant, chain, source) and links.
  const queue = (order: string, limit: number) => {
    const disputes = all<{ id: number; eventId: number }>(
      `SELECT d.id, d.eventId, d.kinds, d.status, d.explanation, d.supportOrigins, d.contradictOrigins, d.openedAt, d.resolvedAt,
              d.resolvedById, d.rationale, d.version, e.title, e.date, e.place
         FROM Dispute d JOIN Event e ON e.id = d.eventId WHERE d.status = 'open' ORDER BY ${order} LIMIT ?`,
      limit + 1,
    ).slice(0, limit);
    const ids = JSON.stringify(disputes.map((d) => d.id));
    all(
      `SELECT id, disputeId, claimId, rating, rationale, evidenceUrl, reviewerId, createdAt FROM Verdict WHERE disputeId IN (SELECT value FROM json_each(?))`,
      ids,
    );
    const members = all<{ claimId: number }>(
      `SELECT disputeId, claimId, side, origin FROM DisputeClaim WHERE disputeId IN (SELECT value FROM json_each(?))`,
      ids,
    );
    const claimIds = JSON.stringify(members.map((m) => m.claimId));
    all(
      `SELECT c.id, c.sourceId, c.quote, c.paraphrase, c.status, c.start, c."end", k.id claimantId, k.name claimant, s.title, s.outlet, s.published
         FROM Claim c LEFT JOIN Actor k ON k.id = c.claimantId JOIN Source s ON s.id = c.sourceId WHERE c.id IN (SELECT value FROM json_each(?))`,
      claimIds,
    );
    all(
      `SELECT h.claimId, h.relation, a.id, a.name FROM AttributionHop h JOIN Actor a ON a.id = h.actorId
        WHERE h.claimId IN (SELECT value FROM json_each(?)) ORDER BY h.position`,
      claimIds,
    );
    all(
      `SELECT claimId, eventId, stance, assertedDate, assertedPlace, assertedParticipants, assertedNumber, assertedUnit FROM Link
        WHERE eventId IN (SELECT value FROM json_each(?))`,
      JSON.stringify(disputes.map((d) => d.eventId)),
    );
    one(`SELECT count(*) n FROM Dispute WHERE status = 'open'`);
    return disputes.length;
  };
  const oldest = 'd.openedAt, d.id';
  const weight = 'd.contradictOrigins DESC, d.supportOrigins DESC, d.id';

  return [
    { name: 'event.timeline, all', proc: 'event.timeline', input: {}, floor: () => eventPage('1 = 1', 5000) },
    {
      name: `event.timeline, one month (${month})`,
      proc: 'event.timeline',
      input: { from: month, to: month },
      floor: () => eventPage(monthWhere, 5000, `${month}-01`, monthEnd),
    },
    { name: 'event.list, first 50', proc: 'event.list', input: {}, floor: () => eventPage('1 = 1', 50) },
    { name: `search.query, common words "${common.join(' ')}"`, proc: 'search.query', input: { q: common.join(' ') }, floor: () => search(common) },
    { name: `search.query, rare word "${rare.join(' ')}"`, proc: 'search.query', input: { q: rare.join(' ') }, floor: () => search(rare) },
    { name: 'review.queue, oldest first 25', proc: 'review.queue', input: { limit: 25 }, floor: () => queue(oldest, 25) },
    { name: 'review.queue, default 50', proc: 'review.queue', input: {}, floor: () => queue(oldest, 50) },
    { name: 'review.queue, order weight 25', proc: 'review.queue', input: { limit: 25, order: 'weight' }, floor: () => queue(weight, 25) },
    {
      name: `source.get, source with most claims (#${busySource})`,
      proc: 'source.get',
      input: { id: busySource },
      floor: () => {
        one(
          `SELECT id, title, outlet, outletActorId, url, language, published, publishedEarliest, authors, credit, contentHash, revisionOfId,
                    version, createdAt, updatedAt, text, notes FROM Source WHERE id = ?`,
          busySource,
        );
        all(`SELECT id, title, createdAt FROM Source WHERE revisionOfId = ?`, busySource);
        return 1;
      },
    },
    {
      name: `actor.search "${actorQuery}"`,
      proc: 'actor.search',
      input: { q: actorQuery },
      floor: () => {
        const keys = [...new Set(nameKeys(actorQuery).filter(Boolean))];
        const json = JSON.stringify(keys);
        const exact = all<{ actorId: number }>(`SELECT DISTINCT actorId FROM ActorNameKey WHERE key IN (SELECT value FROM json_each(?)) LIMIT 300`, json);
        const prefixed = all<{ actorId: number }>(
          `SELECT DISTINCT actorId FROM ActorNameKey WHERE (${keys.map(() => `key >= ? AND key < ? || char(1114111)`).join(' OR ')}) LIMIT 300`,
          ...keys.flatMap((k) => [k, k]),
        );
        const ids = JSON.stringify([...exact, ...prefixed].map((r) => r.actorId));
        const actors = all(
          `SELECT id, name, kind, wikidata, description, mergedIntoId, version, createdAt, updatedAt FROM Actor
                             WHERE id IN (SELECT value FROM json_each(?)) AND mergedIntoId IS NULL`,
          ids,
        );
        all(`SELECT actorId, id, name, language FROM ActorAlias WHERE actorId IN (SELECT value FROM json_each(?)) ORDER BY id`, ids);
        return Math.min(20, actors.length);
      },
    },
    {
      name: 'auth.me (fixed cost of a request)',
      proc: 'auth.me',
      floor: () => {
        one(`SELECT s.id, s.expiresAt, u.id, u.email, u.name, u.role, u.disabled FROM Session s JOIN User u ON u.id = s.userId WHERE s.id = ?`, sessionId);
        return 1;
      },
    },
  ];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function serve(file: string): Promise<{ url: string; server: ChildProcess }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${file}`, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port) };
  delete env.CLAIMLINE_ORIGIN;
  const server = spawn(process.execPath, ['server.mjs', '-p', String(port), '-H', '127.0.0.1'], { cwd: editor, env, stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}`;
  for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    if (server.exitCode !== null) throw new Error(`the editor exited with code ${server.exitCode}`);
    if (
      await fetch(`${url}/login`).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return { url, server };
  }
  stop(server);
  throw new Error(`${url} did not answer within 60 s`);
}

function stop(server: ChildProcess) {
  try {
    process.kill(-server.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface Result {
  name: string;
  p50: number;
  p95: number;
  floor50: number;
  floor95: number;
  ratio: number;
  spread: [number, number];
}

async function benchSize(claims: number): Promise<Result[]> {
  const file = path.join(dir, `bench-${claims}.db`);
  const env = { ...process.env, DATABASE_URL: `file:${file}`, CLAIMLINE_PASSWORD: BENCH_USER.password };
  if (!existsSync(file)) {
    console.log(`synthesising ${claims} claims into ${file} …`);
    execFileSync(process.execPath, [cli, 'synth', '--claims', String(claims)], { env, cwd: root, stdio: 'inherit' });
  }
  const probe = new Database(file, { readonly: true });
  const hasUser = probe.prepare(`SELECT 1 FROM User WHERE email = ?`).get(BENCH_USER.email);
  probe.close();
  if (!hasUser) execFileSync(process.execPath, [cli, 'user', 'add', '--email', BENCH_USER.email, '--role', 'admin'], { env, cwd: root, stdio: 'inherit' });

  const { url, server } = await serve(file);
  try {
    const login = await fetch(`${url}/api/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify(BENCH_USER),
    });
    const token = /claimline_session=([^;]+)/.exec(login.headers.getSetCookie().join('\n'))?.[1];
    if (!login.ok || !token) throw new Error(`sign-in as ${BENCH_USER.email} failed: ${login.status} ${await login.text()}`);
    const cookie = `claimline_session=${token}`;
    const db = new Database(file, { readonly: true });
    const cases = casesFor(db, createHash('sha256').update(decodeURIComponent(token)).digest('hex'));
    const call = async (c: Case) => {
      const query = c.input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(c.input))}`;
      const r = await fetch(`${url}/api/trpc/${c.proc}${query}`, { headers: { cookie } });
      const body = await r.text();
      if (!r.ok) throw new Error(`${c.proc} ${JSON.stringify(c.input)}: HTTP ${r.status} ${body.slice(0, 500)}`);
      return body;
    };
    const results: Result[] = [];
    for (const c of cases) {
      // Warm up (and check that the floor reads as many items as the procedure returns).
      for (let i = 0; i < 3; i++) c.floor();
      const data = JSON.parse(await call(c)).result.data as { items?: unknown[] };
      await call(c);
      if (Array.isArray(data?.items) && data.items.length !== c.floor())
        console.warn(`  ${c.name}: ${data.items.length} items over HTTP, ${c.floor()} in the floor`);
      const http: number[] = [];
      const floor: number[] = [];
      const perRun: number[] = [];
      for (let run = 0; run < runs; run++) {
        const ratios: number[] = [];
        for (let i = 0; i < requests; i++) {
          let t = performance.now();
          await call(c);
          const h = performance.now() - t;
          t = performance.now();
          c.floor();
          const f = performance.now() - t;
          http.push(h);
          floor.push(f);
          ratios.push(h / f);
        }
        perRun.push(median(ratios));
      }
      const r = {
        name: c.name,
        p50: median(http),
        p95: quantile(http, 0.95),
        floor50: median(floor),
        floor95: quantile(floor, 0.95),
        ratio: median(perRun),
        spread: [Math.min(...perRun), Math.max(...perRun)] as [number, number],
      };
      console.log(
        `  ${r.name}: p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms; floor ${ms(r.floor50)} ms; × ${r.ratio.toFixed(1)} (${r.spread.map((x) => x.toFixed(1)).join('–')})`,
      );
      results.push(r);
    }
    db.close();
    return results;
  } finally {
    stop(server);
  }
}

const bySize = new Map<number, Result[]>();
for (const claims of sizes) {
  console.log(`\n${claims.toLocaleString('en')} claims: ${runs} run(s) of ${requests} requests per procedure, each followed by its floor`);
  bySize.set(claims, await benchSize(claims));
}
for (const [claims, results] of bySize) {
  console.log(
    `\n${claims.toLocaleString('en')} claims, ${runs} runs × ${requests} requests (ratio: median of the runs' median per-request ratios, spread min–max)\n`,
  );
  console.log('| procedure | p50 ms | p95 ms | floor p50 ms | floor p95 ms | × floor | spread |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results)
    console.log(
      `| ${r.name} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.floor50)} | ${ms(r.floor95)} | ${r.ratio.toFixed(1)} | ${r.spread.map((x) => x.toFixed(1)).join('–')} |`,
    );
}
if (sizes.length > 1) {
  const [first, ...rest] = sizes as [number, ...number[]];
  console.log(`\ngrowth of p95 from ${first.toLocaleString('en')} claims\n`);
  console.log(`| procedure | ${rest.map((s) => `${s.toLocaleString('en')} claims`).join(' | ')} |`);
  console.log(`|---|${rest.map(() => '---:').join('|')}|`);
  bySize
    .get(first)!
    .forEach((r, i) =>
      console.log(
        `| ${r.name.replace(/ \(.*\)$|, source with.*| ".*"$/, '')} | ${rest.map((s) => `${(bySize.get(s)![i]!.p95 / r.p95).toFixed(1)}×`).join(' | ')} |`,
      ),
    );
}
