// Browser tests against the real app: a fresh SQLite database prepared by `claimline setup`, the
// built editor served by `node server.mjs` (what `npm start` runs) on a free port, and Debian's Chromium driven by playwright-core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const editorDir = fileURLToPath(new URL('..', import.meta.url));
export const resultsDir = path.join(editorDir, 'test-results');
const bin = (name: string) => path.join(editorDir, 'node_modules', '.bin', name);
const rootBin = (name: string) => path.join(editorDir, '..', '..', 'node_modules', '.bin', name);
const which = (name: string) => (existsSync(bin(name)) ? bin(name) : rootBin(name));

export const DEMO = {
  admin: { email: 'admin@claimline.test', password: 'admin-demo-pass' },
  reviewer: { email: 'reviewer@claimline.test', password: 'reviewer-demo-pass' },
  annotator: { email: 'annotator@claimline.test', password: 'annotator-demo-pass' },
} as const;

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, server: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`next start exited with code ${server.exitCode}`);
    try {
      const r = await fetch(url, { redirect: 'manual' });
      if (r.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export interface App {
  url: string;
  databaseUrl: string;
  stop: () => Promise<void>;
}

/** Prepares a fresh database with `claimline setup` (demo users and data) and serves the built editor on it. */
export async function startApp(
  name: string,
  opts: { setup?: boolean; prepare?: (databaseUrl: string) => Promise<void>; env?: Record<string, string> } = {},
): Promise<App> {
  if (!existsSync(path.join(editorDir, '.next', 'BUILD_ID'))) {
    throw new Error('the editor is not built: run `npm run build -w @claimline/editor` (turbo does this before the tests)');
  }
  mkdirSync(resultsDir, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), `claimline-e2e-${name}-`));
  const databaseUrl = `file:${path.join(dir, 'e2e.db')}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  delete env.CLAIMLINE_ORIGIN;
  Object.assign(env, opts.env);
  if (opts.setup !== false) {
    const setup = spawnSync(which('tsx'), ['scripts/setup.ts'], { cwd: editorDir, env, encoding: 'utf8', timeout: 120_000 });
    if (setup.status !== 0) throw new Error(`setup (scripts/setup.ts) failed:\n${setup.stdout}\n${setup.stderr}`);
  }
  await opts.prepare?.(databaseUrl);
  const port = await freePort();
  const log = createWriteStream(path.join(resultsDir, `server-${name}.log`));
  const server = spawn(process.execPath, ['server.mjs', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: editorDir,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/login`, server);
  } catch (e) {
    await stopProcess(server);
    throw e;
  }
  return {
    url,
    databaseUrl,
    stop: async () => {
      await stopProcess(server);
      log.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Stops the editor server and everything in its process group (the server it forks would outlive a lone SIGTERM). */
function stopProcess(p: ChildProcess): Promise<void> {
  const group = p.pid;
  if (group === undefined) return Promise.resolve();
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-group, signal);
    } catch {
      // nothing left in the group
    }
  };
  if (p.exitCode !== null || p.signalCode !== null) {
    killGroup('SIGKILL');
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      killGroup('SIGKILL');
      resolve();
    };
    const timer = setTimeout(done, 5000);
    p.once('exit', done);
    killGroup('SIGTERM');
  });
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far (hydration mismatches show up here). */
  errors: string[];
  close: () => Promise<void>;
}

/** Debian's Chromium with a fresh profile (--user-data-dir in a new temporary folder). */
export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'claimline-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1360, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  // Content-Security-Policy violations fail a test like any other page error (see "raised no errors").
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Refused requests (403/409 on purpose) are reported by the browser as console errors; those are expected.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  page.setDefaultTimeout(15_000);
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Navigates and waits until the page is hydrated (its shortcuts are live), so typing reaches React. */
export async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('html[data-keys-ready]', { state: 'attached' });
}

export async function signIn(page: Page, app: App, who: keyof typeof DEMO): Promise<void> {
  await visit(page, `${app.url}/login`);
  await page.fill('input[name=email]', DEMO[who].email);
  await page.fill('input[name=password]', DEMO[who].password);
  await Promise.all([page.waitForURL(`${app.url}/`), page.click('main button[type=submit]')]);
}

export async function signOut(page: Page, app: App): Promise<void> {
  await Promise.all([page.waitForURL(`${app.url}/login`), page.click('button:has-text("Sign out")')]);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(resultsDir, `${name}.png`) });
}

/**
 * Selects `needle` (its `occurrence`-th appearance) in the reader with a real mouse drag: press at the
 * first character's edge, release at the last one's.
 */
export async function dragSelect(page: Page, needle: string, occurrence = 1): Promise<void> {
  const box = await page.evaluate(
    ({ needle, occurrence }) => {
      const root = document.querySelector('[data-testid="source-text"]')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      let all = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push(n as Text);
        all += (n as Text).data;
      }
      let at = -1;
      for (let k = 0; k < occurrence; k++) at = all.indexOf(needle, at + 1);
      if (at < 0) throw new Error(`"${needle}" is not in the reader`);
      const point = (pos: number) => {
        let off = pos;
        for (const n of nodes) {
          if (off < n.data.length) return { node: n, offset: off };
          off -= n.data.length;
        }
        const last = nodes[nodes.length - 1]!;
        return { node: last, offset: last.data.length };
      };
      const charRect = (pos: number) => {
        const a = point(pos);
        const r = document.createRange();
        r.setStart(a.node, a.offset);
        r.setEnd(a.node, a.offset + 1);
        return r.getBoundingClientRect();
      };
      (point(at).node.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
      const f = charRect(at);
      const l = charRect(at + needle.length - 1);
      const rtl = getComputedStyle(point(at).node.parentElement!.closest('p')!).direction === 'rtl';
      // Press just inside the first character's leading edge, release just inside the last one's trailing edge.
      return rtl
        ? { x1: f.right - 1, y1: f.top + f.height / 2, x2: l.left + 1, y2: l.top + l.height / 2 }
        : { x1: f.left + 1, y1: f.top + f.height / 2, x2: l.right - 1, y2: l.top + l.height / 2 };
    },
    { needle, occurrence },
  );
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}

/** Calls a tRPC procedure from the page (with its session cookie), as the app's own client would. */
export async function trpcCall<T = unknown>(
  page: Page,
  proc: string,
  input: unknown,
  kind: 'query' | 'mutation' = 'query',
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ proc, input, kind }) => {
      const r =
        kind === 'query'
          ? await fetch(`/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`)
          : await fetch(`/api/trpc/${proc}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      return { status: r.status, body: await r.json() };
    },
    { proc, input, kind },
  );
}
