// Timeline render benchmark: how long until the whole timeline (the density strip of every matching event and the
// window's rows) is drawn in Chromium, from navigation, on the synthetic databases of bench/api.ts. Run from the
// repository root after `npm run build -w @claimline/editor`:
//   npx tsx bench/timeline-render.ts [--claims 10000,1000000] [--runs 5] [--dir /tmp/claimline-bench]
// Prints, per size, the median (and slowest) of the runs for: the page received (the server's part: the timeline is
// rendered on the server with its data), drawn (strip and rows in the page, a frame painted) and interactive
// (hydrated: the buttons answer). The database must exist (bench/api.ts synthesises it once).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const sizes = (args.get('claims') ?? '10000,1000000').split(',').map(Number);
const runs = Number(args.get('runs') ?? 5);
const dir = path.resolve(args.get('dir') ?? '/tmp/claimline-bench');
const root = path.resolve(import.meta.dirname, '..');
const editor = path.join(root, 'apps/editor');
const cli = path.join(root, 'apps/cli/bin/claimline.mjs');
const USER = { email: 'bench@example.org', password: 'bench-password-not-secret' };
if (!existsSync(path.join(editor, '.next/BUILD_ID'))) throw new Error('the editor is not built: run `npm run build -w @claimline/editor` first');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer().on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

function stop(server: ChildProcess) {
  try {
    process.kill(-server.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
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

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;

async function measure(claims: number) {
  const file = path.join(dir, `bench-${claims}.db`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run bench/api.ts --claims ${claims} --dir ${dir} first (it synthesises it)`);
  const probe = new Database(file, { readonly: true });
  const hasUser = probe.prepare(`SELECT 1 FROM User WHERE email = ?`).get(USER.email);
  const events = (probe.prepare(`SELECT count(*) n FROM Event`).get() as { n: number }).n;
  probe.close();
  if (!hasUser)
    execFileSync(process.execPath, [cli, 'user', 'add', '--email', USER.email, '--role', 'admin'], {
      env: { ...process.env, DATABASE_URL: `file:${file}`, CLAIMLINE_PASSWORD: USER.password },
      cwd: root,
      stdio: 'inherit',
    });
  const { url, server } = await serve(file);
  const profile = mkdtempSync(path.join(tmpdir(), 'claimline-render-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    viewport: { width: 1360, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(60_000);
    await page.goto(`${url}/login`);
    await page.fill('input[name=email]', USER.email);
    await page.fill('input[name=password]', USER.password);
    await Promise.all([page.waitForURL(`${url}/`), page.click('main button[type=submit]')]);
    const drawn: number[] = [];
    const interactive: number[] = [];
    const html: number[] = [];
    let shown = { buckets: 0, rows: 0, total: '' };
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      await page.goto(`${url}/timeline`, { waitUntil: 'commit' });
      await page.waitForSelector('[data-testid=timeline-bucket]', { state: 'attached' });
      await page.waitForSelector('[data-testid=timeline-event]', { state: 'attached' });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const t1 = performance.now();
      await page.waitForSelector('html[data-keys-ready]', { state: 'attached' });
      const t2 = performance.now();
      html.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd));
      shown = await page.evaluate(() => ({
        buckets: document.querySelectorAll('[data-testid=timeline-bucket]').length,
        rows: document.querySelectorAll('[data-testid=timeline-event]').length,
        total: document.querySelector('[data-testid=timeline-count]')?.textContent ?? '',
      }));
      // The first visit warms the server and the browser's cache of scripts.
      if (i === 0) {
        html.pop();
        continue;
      }
      drawn.push(t1 - t0);
      interactive.push(t2 - t0);
    }
    console.log(
      `${claims.toLocaleString('en')} claims (${events.toLocaleString('en')} events; ${shown.total}, ${shown.buckets} periods, ${shown.rows} rows drawn): ` +
        `page received ${median(html).toFixed(0)} ms, drawn ${median(drawn).toFixed(0)} ms (slowest ${Math.max(...drawn).toFixed(0)}), interactive ${median(interactive).toFixed(0)} ms (slowest ${Math.max(...interactive).toFixed(0)}), ${runs} runs`,
    );
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    stop(server);
  }
}

for (const claims of sizes) await measure(claims);
