// API benchmark: p50/p95 of each read procedure over HTTP (the built editor, as `npm start` serves it) against its
// raw-SQL floor (hand-written SQL through better-sqlite3 on the same file, reading the same page), and their ratio.
// Run from the repository root after `npm run build -w @claimline/editor`:
//   npx tsx bench/api.ts [--claims 10000,1000000] [--runs 3] [--requests 20] [--samples 200] [--budget 4]
//                        [--dir /tmp/claimline-bench] [--only TEXT] [--engine sqlite|postgresql] [--pg postgresql://…]
// (--only keeps the cases whose name or procedure contains TEXT). The cases live in bench/cases/, one file per area.
// --engine postgresql serves the editor on database bench_<claims> of the server at --pg (default
// postgresql://postgres@127.0.0.1:55499), a twin of the SQLite file holding the same records (`claimline restore` of its
// JSON export; bench/pg-twin.sh makes them), against the cases' PostgreSQL floors (hand-written SQL through `pg`); parameters are
// still picked from the SQLite file. Cases without a PostgreSQL floor are timed alone; writes are not run there.
// Databases come from `claimline synth` and are shared with bench/export.ts (which measures the exports against
// `sqlite3 -json`) and bench/disputes.ts. Requests alternate with their floors; each run reports the median of the
// per-request ratios, and the table gives the median of those and their spread (min–max) over the runs.
// Each run sends at least --requests requests per case, and more, up to --samples in all, while the case has spent less
// than --budget seconds: a p95 of 20 samples is their largest but one, whatever the server does; the table gives n.
// The client is node:http on one keep-alive connection, as cheap as a client gets in Node (fetch spends ~0.3 ms more a
// request and collects its own garbage in the middle of the timings); it asks for gzip and inflates, as browsers do.
// Each request is also sent to a bare node:http server in a process of its own that answers the same bytes (status,
// headers, body as compressed) at once: what any HTTP API pays to deliver that reply, the "+ HTTP" of the second ratio.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { BenchContext, Case, PgQuery } from './cases/common.ts';
import { eventCases } from './cases/events.ts';
import { recordCases } from './cases/records.ts';
import { reviewCases } from './cases/review.ts';
import { searchCases } from './cases/search.ts';
import { writeCases } from './cases/writes.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const sizes = (args.get('claims') ?? '10000,1000000').split(',').map(Number);
const runs = Number(args.get('runs') ?? 3);
const requests = Number(args.get('requests') ?? 20);
const minSamples = Number(args.get('samples') ?? 200);
const budgetMs = Number(args.get('budget') ?? 4) * 1000;
const dir = path.resolve(args.get('dir') ?? '/tmp/claimline-bench');
const engine = args.get('engine') ?? 'sqlite';
if (engine !== 'sqlite' && engine !== 'postgresql') throw new Error('--engine: sqlite or postgresql');
const pgBase = args.get('pg') ?? 'postgresql://postgres@127.0.0.1:55499';
const root = path.resolve(import.meta.dirname, '..');
const editor = path.join(root, 'apps/editor');
const cli = path.join(root, 'apps/cli/bin/claimline.mjs');
const BENCH_USER = { email: 'bench@example.org', password: 'bench-password-not-secret' };
if (!existsSync(path.join(editor, '.next/BUILD_ID'))) throw new Error('the editor is not built: run `npm run build -w @claimline/editor` first');
mkdirSync(dir, { recursive: true });

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
/** The q-quantile, interpolated between the two nearest samples (R's type 7, what spreadsheets give). */
const quantile = (xs: number[], q: number) => {
  const s = sorted(xs);
  const at = q * (s.length - 1);
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (at - lo);
};
const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const times = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(1));

/** Every case, area by area (each file picks its parameters from the database and writes its floors). */
function casesFor(ctx: BenchContext): Case[] {
  const only = args.get('only');
  const cases = [eventCases, searchCases, reviewCases, recordCases, writeCases]
    .flatMap((f) => f(ctx))
    .filter((c) => engine === 'sqlite' || !(c.sqliteOnly || c.mutation));
  return only ? cases.filter((c) => c.name.includes(only) || c.proc.includes(only)) : cases;
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

async function serve(databaseUrl: string): Promise<{ url: string; server: ChildProcess }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port) };
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

/** One HTTP request as the client sends it (to the editor, then the same to the replaying bare server). */
interface Sent {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A reply as it came over the wire (body still compressed), and as the client reads it. */
interface Reply {
  status: number;
  rawHeaders: string[];
  raw: Buffer;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/**
 * Sends one request on the keep-alive connection and reads the reply as a browser would (gzip inflated, UTF-8). A
 * request written to a connection the server closed while idle (keep-alive timeout, 5 s) never reached it: it is sent
 * again on a new one (Node's documented pattern), whatever its method.
 */
function send(base: URL, r: Sent, retry = true): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, method: r.method, path: r.path, headers: r.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        resolve({ status: res.statusCode!, rawHeaders: res.rawHeaders, raw, text });
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && e.code === 'ECONNRESET') send(base, r, false).then(resolve, reject);
      else reject(e);
    });
    req.end(r.body);
  });
}

/**
 * A bare node:http server in a process of its own, as the editor is (a server in this process answers without the
 * kernel waking another process, which on a busy machine is much of a round trip's tail), that answers whatever it
 * is sent with one recorded reply, byte for byte (status, headers, body as sent over the wire): what delivering that
 * reply costs any HTTP API, with no work behind it.
 */
const REPLAY_SERVER = `
import { createServer } from 'node:http';
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);
let reply = { status: 200, headers: ['content-type', 'application/json'], body: Buffer.from('{"result":{"data":null}}') };
process.on('message', (m) => {
  const headers = [];
  for (let i = 0; i + 1 < m.rawHeaders.length; i += 2) if (!HOP.has(m.rawHeaders[i].toLowerCase())) headers.push(m.rawHeaders[i], m.rawHeaders[i + 1]);
  const body = Buffer.from(m.raw, 'base64');
  reply = { status: m.status, headers: [...headers, 'content-length', String(body.length)], body };
  process.send('ok');
});
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  });
}).listen(0, '127.0.0.1', () => process.send(server.address().port));
process.on('disconnect', () => process.exit(0));
`;

async function replayServer() {
  const child = spawn(process.execPath, ['--input-type=module', '-e', REPLAY_SERVER], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = () => new Promise<unknown>((resolve) => child.once('message', resolve));
  const port = (await next()) as number;
  return {
    url: new URL(`http://127.0.0.1:${port}/`),
    answer: async (r: Reply) => {
      const ack = next();
      child.send({ status: r.status, rawHeaders: r.rawHeaders, raw: r.raw.toString('base64') });
      await ack;
    },
    close: () => {
      child.kill();
      return Promise.resolve();
    },
  };
}

interface Result {
  name: string;
  p50: number;
  p95: number;
  floor50: number;
  floor95: number;
  ratio: number;
  /** Against the floor plus a bare HTTP round trip delivering the same reply. */
  ratioHttp: number;
  spread: [number, number];
  /** p50 and p95 of the bare round trips that delivered the same replies. */
  http50: number;
  http95: number;
  /** How many requests the p50 and p95 are taken from. */
  n: number;
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
  // On PostgreSQL: the twin database, its bench user (a restored export carries no accounts), a connection for the floors.
  const databaseUrl = engine === 'postgresql' ? `${pgBase}/bench_${claims}` : `file:${file}`;
  let pgClient: pg.Client | null = null;
  if (engine === 'postgresql') {
    pgClient = new pg.Client({ connectionString: databaseUrl });
    await pgClient.connect();
    const has = await pgClient.query(`SELECT 1 FROM "User" WHERE email = $1`, [BENCH_USER.email]);
    if (!has.rowCount)
      execFileSync(process.execPath, [cli, 'user', 'add', '--email', BENCH_USER.email, '--role', 'admin'], {
        env: { ...env, DATABASE_URL: databaseUrl },
        cwd: root,
        stdio: 'inherit',
      });
  }
  const pgQuery: PgQuery | null = pgClient
    ? async <T>(name: string, text: string, ...values: unknown[]) => (await pgClient.query({ name, text, values })).rows as T[]
    : null;

  const { url, server } = await serve(databaseUrl);
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
    const writer = new Database(file);
    writer.pragma('busy_timeout = 10000');
    const userId = (db.prepare(`SELECT id FROM User WHERE email = ?`).get(BENCH_USER.email) as { id: number }).id;
    const cases = casesFor({
      db,
      writer,
      userId,
      sessionId: createHash('sha256').update(decodeURIComponent(token)).digest('hex'),
      all: (sql, ...p) => db.prepare(sql).all(...p) as never[],
      one: (sql, ...p) => db.prepare(sql).get(...p) as never,
      pg: pgQuery,
    });
    const target = new URL(url);
    const base = { cookie, 'accept-encoding': 'gzip, deflate' };
    const request = (c: Case): Sent => {
      const input: unknown = typeof c.input === 'function' ? (c.input as () => unknown)() : c.input;
      return c.mutation
        ? {
            method: 'POST',
            path: `/api/trpc/${c.proc}`,
            headers: { ...base, origin: url, 'content-type': 'application/json' },
            body: JSON.stringify(input ?? null),
          }
        : { method: 'GET', path: `/api/trpc/${c.proc}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, headers: base };
    };
    const call = async (c: Case, sent = request(c)) => {
      const r = await send(target, sent);
      if (r.status !== 200) throw new Error(`${c.proc} ${JSON.stringify(c.input)}: HTTP ${r.status} ${r.text.slice(0, 500)}`);
      return r;
    };
    // Setting up the cases can outlast the server's keep-alive timeout (5 s): send() meets a closed connection and
    // sends again on a new one.
    await send(target, { method: 'GET', path: '/api/trpc/auth.me', headers: base });
    // What any HTTP API pays here, whatever it does: a round trip to a bare node:http server in another process answering
    // a small JSON body (printed for reference). Each case's second ratio uses it answering that case's reply.
    const bare = await replayServer();
    const bareTimes: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t = performance.now();
      await send(bare.url, { method: 'GET', path: '/', headers: base });
      if (i >= 50) bareTimes.push(performance.now() - t);
    }
    console.log(`  a bare HTTP round trip: p50 ${ms(median(bareTimes))} ms, p95 ${ms(quantile(bareTimes, 0.95))} ms`);
    const results: Result[] = [];
    for (const c of cases) {
      const floorOf: (() => number | Promise<number>) | null = engine === 'sqlite' ? c.floor : (c.pgFloor ?? null);
      const runFloor = async () => (floorOf ? floorOf() : NaN);
      // Warm up (and check that the floor reads as many items as the procedure returns).
      for (let i = 0; i < 3; i++) await runFloor();
      // The floors (and the cases' set-up) block the event loop: let the client see the keep-alive connection the
      // server closed meanwhile (after 5 s idle) before writing to it.
      await new Promise((r) => setTimeout(r, 10));
      const first = await call(c);
      const data = (JSON.parse(first.text) as { result: { data: { items?: unknown[] } | null } }).result.data;
      await bare.answer(await call(c));
      const floorItems = await runFloor();
      if (floorOf && Array.isArray(data?.items) && data.items.length !== floorItems)
        console.warn(`  ${c.name}: ${data.items.length} items over HTTP, ${floorItems} in the floor`);
      const http: number[] = [];
      const floor: number[] = [];
      const replay: number[] = [];
      const perRun: number[] = [];
      const perRunHttp: number[] = [];
      // Two requests went above (the check of the page, the bare server's copy of the reply).
      const perRunTarget = Math.min(Math.max(requests, Math.ceil(minSamples / runs)), c.maxRequests ? Math.floor((c.maxRequests - 2) / runs) : Infinity);
      for (let run = 0; run < runs; run++) {
        const ratios: number[] = [];
        const ratiosHttp: number[] = [];
        const started = performance.now();
        for (let i = 0; i < perRunTarget && (i < requests || performance.now() - started < budgetMs / runs); i++) {
          const sent = request(c);
          let t = performance.now();
          await call(c, sent);
          const h = performance.now() - t;
          t = performance.now();
          await runFloor();
          const f = floorOf ? performance.now() - t : NaN;
          t = performance.now();
          await send(bare.url, sent);
          const b = performance.now() - t;
          http.push(h);
          floor.push(f);
          replay.push(b);
          ratios.push(h / f);
          ratiosHttp.push(h / (f + b));
        }
        perRun.push(median(ratios));
        perRunHttp.push(median(ratiosHttp));
      }
      const r: Result = {
        name: c.name,
        p50: median(http),
        p95: quantile(http, 0.95),
        floor50: median(floor),
        floor95: quantile(floor, 0.95),
        ratio: median(perRun),
        ratioHttp: median(perRunHttp),
        spread: [Math.min(...perRun), Math.max(...perRun)],
        http50: median(replay),
        http95: quantile(replay, 0.95),
        n: http.length,
      };
      console.log(
        `  ${r.name}: p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms (n ${r.n}); floor ${ms(r.floor50)} ms; × ${times(r.ratio)} (${r.spread.map(times).join('–')}); × ${times(r.ratioHttp)} of floor + HTTP (${ms(r.http50)} ms, p95 ${ms(r.http95)} ms)`,
      );
      results.push(r);
    }
    await bare.close();
    db.close();
    writer.close();
    await pgClient?.end();
    return results;
  } finally {
    stop(server);
  }
}

const bySize = new Map<number, Result[]>();
for (const claims of sizes) {
  console.log(
    `\n${claims.toLocaleString('en')} claims on ${engine}: ${runs} run(s) of ${requests} requests or more (up to ${minSamples} in all within ${budgetMs / 1000} s) per procedure, each followed by its floor and a bare round trip`,
  );
  bySize.set(claims, await benchSize(claims));
}
agent.destroy();
for (const [claims, results] of bySize) {
  console.log(
    `\n${claims.toLocaleString('en')} claims, ${runs} runs × ${requests} requests (ratio: median of the runs' median per-request ratios, spread min–max)\n`,
  );
  console.log('| procedure | p50 ms | p95 ms | n | floor p50 ms | floor p95 ms | × floor | spread | HTTP p50 ms | HTTP p95 ms | × floor + HTTP |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results)
    console.log(
      `| ${r.name} | ${ms(r.p50)} | ${ms(r.p95)} | ${r.n} | ${ms(r.floor50)} | ${ms(r.floor95)} | ${times(r.ratio)} | ${r.spread.map(times).join('–')} | ${ms(r.http50)} | ${ms(r.http95)} | ${times(r.ratioHttp)} |`,
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
