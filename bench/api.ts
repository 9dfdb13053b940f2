// API benchmark: p50/p95 of each read procedure over HTTP (the built editor, as `npm start` serves it) against its
// raw-SQL floor (hand-written SQL through better-sqlite3 on the same file, reading the same page), and their ratio.
// Run from the repository root after `npm run build -w @claimline/editor`:
//   npx tsx bench/api.ts [--claims 10000,1000000] [--runs 3] [--requests 20] [--dir /tmp/claimline-bench] [--only TEXT]
// (--only keeps the cases whose name or procedure contains TEXT). The cases live in bench/cases/, one file per area.
// Databases come from `claimline synth` and are shared with bench/export.ts (which measures the exports against
// `sqlite3 -json`) and bench/disputes.ts. Requests alternate with their floors; each run reports the median of the
// per-request ratios, and the table gives the median of those and their spread (min–max) over the runs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BenchContext, Case } from './cases/common.ts';
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

/** Every case, area by area (each file picks its parameters from the database and writes its floors). */
function casesFor(ctx: BenchContext): Case[] {
  const only = args.get('only');
  const cases = [eventCases, searchCases, reviewCases, recordCases, writeCases].flatMap((f) => f(ctx));
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
  /** Against the floor plus a bare HTTP round trip. */
  ratioHttp: number;
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
    });
    const call = async (c: Case) => {
      const input: unknown = typeof c.input === 'function' ? (c.input as () => unknown)() : c.input;
      const r = c.mutation
        ? await fetch(`${url}/api/trpc/${c.proc}`, {
            method: 'POST',
            headers: { cookie, origin: url, 'content-type': 'application/json' },
            body: JSON.stringify(input ?? null),
          })
        : await fetch(`${url}/api/trpc/${c.proc}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers: { cookie } });
      const body = await r.text();
      if (!r.ok) throw new Error(`${c.proc} ${JSON.stringify(c.input)}: HTTP ${r.status} ${body.slice(0, 500)}`);
      return body;
    };
    // Setting up the cases can outlast the server's keep-alive timeout (5 s): the pooled connection may be closed by
    // now. A GET (safe to repeat) meets that first and is tried again on a new connection, before any POST could.
    for (let attempt = 1; ; attempt++) {
      try {
        await fetch(`${url}/api/trpc/auth.me`, { headers: { cookie } }).then((r) => r.text());
        break;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
    // What any HTTP API pays here, whatever it does: a round trip to a bare node:http server in this process answering
    // a small JSON body. The second ratio sets each request against its SQL floor plus this.
    const bare = createHttpServer((_, res) => res.setHeader('content-type', 'application/json').end('{"result":{"data":null}}'));
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}/`;
    const bareTimes: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t = performance.now();
      await fetch(bareUrl).then((r) => r.text());
      if (i >= 50) bareTimes.push(performance.now() - t);
    }
    bare.close();
    const httpFloor = median(bareTimes);
    console.log(`  a bare HTTP round trip: p50 ${ms(httpFloor)} ms, p95 ${ms(quantile(bareTimes, 0.95))} ms`);
    const results: Result[] = [];
    for (const c of cases) {
      // Warm up (and check that the floor reads as many items as the procedure returns).
      for (let i = 0; i < 3; i++) c.floor();
      // The floors (and the cases' set-up) block the event loop: let fetch see the keep-alive socket the server closed
      // meanwhile (after 5 s idle), or the next request is written to it and fails with "other side closed".
      await new Promise((r) => setTimeout(r, 10));
      const data = (JSON.parse(await call(c)) as { result: { data: { items?: unknown[] } | null } }).result.data;
      await call(c);
      if (Array.isArray(data?.items) && data.items.length !== c.floor())
        console.warn(`  ${c.name}: ${data.items.length} items over HTTP, ${c.floor()} in the floor`);
      const http: number[] = [];
      const floor: number[] = [];
      const perRun: number[] = [];
      const perRunHttp: number[] = [];
      for (let run = 0; run < runs; run++) {
        const ratios: number[] = [];
        const ratiosHttp: number[] = [];
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
          ratiosHttp.push(h / (f + httpFloor));
        }
        perRun.push(median(ratios));
        perRunHttp.push(median(ratiosHttp));
      }
      const r = {
        name: c.name,
        p50: median(http),
        p95: quantile(http, 0.95),
        floor50: median(floor),
        floor95: quantile(floor, 0.95),
        ratio: median(perRun),
        ratioHttp: median(perRunHttp),
        spread: [Math.min(...perRun), Math.max(...perRun)] as [number, number],
      };
      console.log(
        `  ${r.name}: p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms; floor ${ms(r.floor50)} ms; × ${r.ratio.toFixed(1)} (${r.spread.map((x) => x.toFixed(1)).join('–')}); × ${r.ratioHttp.toFixed(1)} of floor + HTTP`,
      );
      results.push(r);
    }
    db.close();
    writer.close();
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
  console.log('| procedure | p50 ms | p95 ms | floor p50 ms | floor p95 ms | × floor | spread | × floor + HTTP |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results)
    console.log(
      `| ${r.name} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.floor50)} | ${ms(r.floor95)} | ${r.ratio.toFixed(1)} | ${r.spread.map((x) => x.toFixed(1)).join('–')} | ${r.ratioHttp.toFixed(1)} |`,
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
