// Hostile input over HTTP against the built editor: every tRPC procedure (found by walking the router,
// so new ones are covered) gets wrong types, oversized and invalid text, deep nesting and pollution
// keys, as each role and anonymously; plus batches, malformed cookies and JSON, forged forwarding
// headers, wrong methods and large bodies. No answer may be a 5xx (or a 5xx hidden in a batch), every
// 4xx must be JSON with a message, and afterwards the database is intact and ordinary work goes on.
// HOSTILE_SEED=n reproduces a run; HOSTILE_REQUESTS=n changes its size.
import http from 'node:http';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@claimline/api';
import { DEMO, startApp, type App } from './harness.ts';
import { ACCEPTED_TEXT, deepJson, int, leafPaths, NASTY_VALUES, pick, plausible, RAW_NUMBERS, REFUSED_TEXT, rng, setAt, type Rng } from './hostile-inputs.ts';

const SEED = Number(process.env.HOSTILE_SEED ?? 20261124);
const TARGET = Number(process.env.HOSTILE_REQUESTS ?? 5200);
const CONCURRENCY = 8;
const ROLES = ['anonymous', 'annotator', 'reviewer', 'admin'] as const;
type Role = (typeof ROLES)[number];

let app: App;
let port = 0;
const cookies: Record<Role, string> = { anonymous: '', annotator: '', reviewer: '', admin: '' };
const demoUserIds = new Set<number>();

interface Req {
  label: string;
  role: Role | 'forged';
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Answers that come from Node's HTTP parser, not the app (e.g. 431 for an oversized request line): no JSON body expected. */
  parserMayAnswer?: boolean;
  /** A source address on the loopback network: another client, for the throttle. */
  localAddress?: string;
}
interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(req: Req, timeoutMs = 30_000, retry = true): Promise<Res> {
  const t0 = performance.now();
  return new Promise<Res>((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const r = http.request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...req.headers },
        agent: req.localAddress ? false : agent,
        localAddress: req.localAddress,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }),
        );
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', (e: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed as we reused it (Node's documented race): send again once.
      if (retry && r.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) send(req, timeoutMs, false).then(resolve, reject);
      else reject(e);
    });
    if (body) r.write(body);
    r.end();
  });
}

const json = { 'content-type': 'application/json' };
const origin = () => ({ origin: app.url });
const withCookie = (role: Role | 'forged', extra: Record<string, string> = {}) => ({
  ...(role !== 'anonymous' && role !== 'forged' && cookies[role] ? { cookie: cookies[role] } : {}),
  ...extra,
});

async function login(who: keyof typeof DEMO, cookie?: string): Promise<Res> {
  return send({
    label: 'login',
    role: 'anonymous',
    method: 'POST',
    path: '/api/trpc/auth.login',
    headers: { ...json, ...origin(), ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(DEMO[who]),
  });
}

/** The browser's device cookie from a sign-in's answer: it lets the owner in while the account is under attack. */
const deviceCookies: Partial<Record<keyof typeof DEMO, string>> = {};
const deviceCookieOf = (res: Res) => (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).find((c) => /^(__Host-)?claimline_device=/.test(c));

// ---------- what a correct answer looks like ----------

/** Every error object in a tRPC answer (single, batch array, or JSON Lines stream). */
function errorsIn(value: unknown, out: { message?: unknown; httpStatus?: unknown; code?: unknown }[] = []) {
  if (Array.isArray(value)) for (const v of value) errorsIn(v, out);
  else if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('error' in v && v.error && typeof v.error === 'object') {
      const e = v.error as Record<string, unknown>;
      const data = (e.data ?? {}) as Record<string, unknown>;
      out.push({ message: e.message, httpStatus: data.httpStatus, code: data.code ?? e.code });
    }
    for (const [k, x] of Object.entries(v)) if (k !== 'error' && x && typeof x === 'object') errorsIn(x, out);
  }
  return out;
}

/** The JSON values of a body: one document, or JSON Lines (a streamed batch, served as application/json). */
function parseBody(res: Res): unknown[] | null {
  try {
    return [JSON.parse(res.body)];
  } catch {
    try {
      const lines = res.body.split('\n').filter((l) => l.trim());
      return lines.length > 1 ? lines.map((l) => JSON.parse(l)) : null;
    } catch {
      return null;
    }
  }
}

/** Why this answer is wrong, or null. */
function verdict(req: Req, res: Res): string | null {
  if (res.status >= 500) return `status ${res.status}`;
  if (req.method === 'HEAD' || res.status < 200) return null;
  const parsed = parseBody(res);
  if (res.status >= 400) {
    if (req.parserMayAnswer && !res.body) return null;
    if (!req.path.startsWith('/api/')) return null;
    if (!parsed) return `status ${res.status} with a body that is not JSON`;
    const errors = errorsIn(parsed);
    const direct = parsed.some((p) => p && typeof p === 'object' && typeof (p as { message?: unknown }).message === 'string');
    if (!direct && (errors.length === 0 || errors.some((e) => typeof e.message !== 'string' || !e.message)))
      return `status ${res.status} without an error message`;
  }
  if (parsed) {
    const hidden = errorsIn(parsed).find((e) => e.code === 'INTERNAL_SERVER_ERROR' || (typeof e.httpStatus === 'number' && e.httpStatus >= 500));
    if (hidden) return `status ${res.status} carrying an internal error (${String(hidden.code)} ${String(hidden.httpStatus)})`;
  }
  return null;
}

// ---------- the requests ----------

interface Proc {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  input: unknown;
}
const procs: Proc[] = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: Proc['type']; inputs: unknown[] } }>).map(
  ([path, p]) => ({
    path,
    type: p._def.type,
    input: p._def.inputs[0],
  }),
);

const HUGE = 'x'.repeat(2_200_000);

function trpcRequest(p: Proc, input: unknown, role: Role, r: Rng, label: string, rawBody?: string): Req {
  const wrongMethod = r() < 0.05;
  const asQuery = (p.type === 'query') !== wrongMethod;
  if (asQuery) {
    const encoded = input === undefined ? '' : `?input=${encodeURIComponent(rawBody ?? JSON.stringify(input))}`;
    return { label, role, method: 'GET', path: `/api/trpc/${p.path}${encoded}`, headers: withCookie(role), parserMayAnswer: encoded.length > 6000 };
  }
  return {
    label,
    role,
    method: 'POST',
    path: `/api/trpc/${p.path}`,
    headers: withCookie(role, { ...json, ...origin() }),
    body: rawBody ?? (input === undefined ? '' : JSON.stringify(input)),
  };
}

/** One request for procedure `p`: a plausible input, one with a hostile value somewhere, or garbage. */
function forProcedure(p: Proc, r: Rng): Req {
  // Sessions must survive the run: logging out is only tried without a session of our own.
  const role: Role = p.path === 'auth.logout' ? 'anonymous' : pick(r, ROLES);
  const maxString = p.type === 'query' ? 1500 : 200_000;
  const sample = () => (p.input ? plausible(p.input, r, { maxString, avoidIds: p.path.startsWith('user.') ? demoUserIds : undefined }) : undefined);
  const mode = r();
  if (!p.input || mode < 0.3) return trpcRequest(p, sample(), role, r, `${p.path} plausible`);
  const paths = leafPaths(p.input);
  const at = pick(r, paths);
  const where = at.join('.') || '(input)';
  if (mode < 0.55) {
    const bad = pick(r, REFUSED_TEXT);
    return trpcRequest(p, setAt(sample(), at, bad), role, r, `${p.path} ${where}=${JSON.stringify(bad)}`);
  }
  if (mode < 0.7) {
    const bad = pick(r, NASTY_VALUES);
    return trpcRequest(p, setAt(sample(), at, bad), role, r, `${p.path} ${where}=${JSON.stringify(bad)?.slice(0, 40)}`);
  }
  if (mode < 0.76) {
    const token = pick(r, RAW_NUMBERS);
    const body = JSON.stringify(setAt(sample(), at, '__RAW__')).replace('"__RAW__"', token);
    return trpcRequest(p, undefined, role, r, `${p.path} ${where}=${token} (raw)`, body);
  }
  if (mode < 0.82) {
    const n = p.type === 'query' ? 300 : 10_000;
    const big = Array.from({ length: n }, () => pick(r, [1, 'claim', null, { actorId: 1, role: 'x' }]));
    return trpcRequest(p, setAt(sample(), at, big), role, r, `${p.path} ${where}=[${n} items]`);
  }
  if (mode < 0.86) {
    const s = p.type === 'query' ? 'y'.repeat(5000) : HUGE;
    return trpcRequest(p, setAt(sample(), at, s), role, r, `${p.path} ${where}=${s.length} chars`);
  }
  if (mode < 0.9) {
    const depth = p.type === 'query' ? 500 : 5_000;
    const body = JSON.stringify(setAt(sample(), at, '__DEEP__')).replace('"__DEEP__"', deepJson(depth));
    return trpcRequest(p, undefined, role, r, `${p.path} ${where}=nested ${depth} deep`, body);
  }
  if (mode < 0.95) {
    const pollution = JSON.parse('{"__proto__":{"role":"admin","polluted":1},"constructor":{"prototype":{"polluted":1}},"prototype":{}}');
    return trpcRequest(p, Object.assign(pollution, sample() as object), role, r, `${p.path} prototype keys`);
  }
  return trpcRequest(p, pick(r, [...NASTY_VALUES, ...ACCEPTED_TEXT]), role, r, `${p.path} garbage input`);
}

/** Several procedures in one request (`?batch=1`), sometimes streamed as the editor's client asks. */
function batch(r: Rng, size?: number, mutation = r() < 0.4): Req {
  const role = pick(
    r,
    ROLES.filter((x) => x !== 'anonymous'),
  );
  const pool = procs.filter((p) => (p.type === 'mutation') === mutation && p.path !== 'auth.logout' && (!size || p.path.length < 14));
  const n = size ?? int(r, 2, 12);
  const chosen = Array.from({ length: n }, () => pick(r, pool));
  // A large batch of queries must fit in a URL (Node refuses request lines over 16 KB): small inputs.
  const inputs = Object.fromEntries(
    chosen.map((p, i) => [
      i,
      size && !mutation
        ? { id: int(r, 1, 40) }
        : r() < 0.7 && p.input
          ? plausible(p.input, r, { maxString: mutation ? 2000 : 60, avoidIds: p.path.startsWith('user.') ? demoUserIds : undefined })
          : pick(r, [...NASTY_VALUES, ...REFUSED_TEXT]),
    ]),
  );
  if (r() < 0.1) delete inputs[int(r, 0, n - 1)];
  const stream: Record<string, string> = r() < 0.4 ? { 'trpc-accept': 'application/jsonl' } : {};
  const names = chosen.map((p) => p.path).join(',');
  const label = `batch of ${n} ${mutation ? 'mutations' : 'queries'}${stream['trpc-accept'] ? ' (streamed)' : ''}`;
  if (mutation)
    return {
      label,
      role,
      method: 'POST',
      path: `/api/trpc/${names}?batch=1`,
      headers: withCookie(role, { ...json, ...origin(), ...stream }),
      body: JSON.stringify(inputs),
      parserMayAnswer: names.length > 12_000,
    };
  const path = `/api/trpc/${names}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`;
  return { label, role, method: 'GET', path, headers: withCookie(role, stream), parserMayAnswer: path.length > 12_000 };
}

const MALFORMED_COOKIES = [
  'claimline_session=%',
  'claimline_session=%E0%A4%A',
  'claimline_session=%ZZ',
  `claimline_session=${'a'.repeat(6000)}`,
  'claimline_session=',
  'claimline_session',
  '=',
  ';;;;',
  'claimline_session=x; claimline_session=%',
  '__Host-claimline_session=%',
  'claimline_session="quoted"',
  'claimline_session=\u00ff\u00fe',
  Array.from({ length: 300 }, (_, i) => `c${i}=v${i}`).join('; '),
  'claimline_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
];

const FORWARDED: (Record<string, string> | ((r: Rng) => Record<string, string>))[] = [
  // Rotated on every request, as a client dodging a per-address throttle would.
  (r) => ({ 'x-forwarded-for': `${int(r, 1, 254)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}` }),
  (r) => ({ 'x-forwarded-for': `${int(r, 1, 254)}.0.0.1, 127.0.0.1`, 'x-real-ip': `10.0.0.${int(r, 1, 254)}` }),
  { 'x-forwarded-for': '<script>alert(1)</script>' },
  { 'x-forwarded-for': Array.from({ length: 400 }, (_, i) => `10.0.${i >> 8}.${i & 255}`).join(', ') },
  { 'x-forwarded-for': 'unknown, , ,' },
  { 'x-forwarded-for': '::1' },
  { 'x-forwarded-host': 'evil.example' },
  { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
  { 'x-forwarded-proto': 'javascript' },
  { host: 'evil.example' },
  { host: '' },
  { host: 'a'.repeat(3000) },
  { forwarded: 'for=1.2.3.4;host=evil.example;proto=https' },
];

const BAD_BODIES = [
  '',
  '{',
  '}',
  'null',
  '"a string"',
  '[]',
  '[1,2',
  '{"a":',
  '\u0000',
  'NaN',
  '{"id":1}garbage',
  '\uFEFF{"id":1}',
  ' '.repeat(100_000),
  '{"0":{"id":1},"0":{"id":2}}',
  deepJson(50_000),
];

/** Malformed HTTP: bad JSON, cookies, forwarding headers, origins, content types, methods, paths, sizes. */
function raw(r: Rng): Req {
  const p = pick(
    r,
    procs.filter((x) => x.path !== 'auth.logout'),
  );
  const role = pick(r, ROLES);
  const kind = r();
  if (kind < 0.2) {
    const body = pick(r, BAD_BODIES);
    return {
      label: `bad JSON body to ${p.path}`,
      role,
      method: 'POST',
      path: `/api/trpc/${p.path}`,
      headers: withCookie(role, { ...json, ...origin() }),
      body,
    };
  }
  if (kind < 0.3) {
    const q = pick(r, [
      '?input=%E0%A4%A',
      '?input={',
      '?input=undefined',
      '?input=1&input=2',
      '?batch=1',
      '?batch=abc&input={}',
      '?batch=1&input=[1,2]',
      '?input=%00',
      `?input=${encodeURIComponent(deepJson(500))}`,
      '?batch=1&input={"0":1,"999999":2}',
    ]);
    return { label: `bad query string ${q.slice(0, 30)} to ${p.path}`, role, method: 'GET', path: `/api/trpc/${p.path}${q}`, headers: withCookie(role) };
  }
  if (kind < 0.5) {
    const cookie = pick(r, MALFORMED_COOKIES);
    if (r() < 0.25) {
      // In a streamed batch, a failure hides in a 200 answer.
      const names = Array.from({ length: int(r, 2, 4) }, () => pick(r, ['auth.me', 'source.list', 'actor.list', 'review.queue'])).join(',');
      return {
        label: `cookie ${JSON.stringify(cookie.slice(0, 40))} to a streamed batch`,
        role: 'forged',
        method: 'GET',
        path: `/api/trpc/${names}?batch=1&input=%7B%7D`,
        headers: { cookie, 'trpc-accept': 'application/jsonl' },
      };
    }
    const isMutation = p.type === 'mutation';
    const input = p.input ? plausible(p.input, r, { maxString: 50 }) : undefined;
    return isMutation
      ? {
          label: `cookie ${JSON.stringify(cookie.slice(0, 40))} to ${p.path}`,
          role: 'forged',
          method: 'POST',
          path: `/api/trpc/${p.path}`,
          headers: { ...json, ...origin(), cookie },
          body: JSON.stringify(input ?? null),
        }
      : {
          label: `cookie ${JSON.stringify(cookie.slice(0, 40))} to ${p.path}`,
          role: 'forged',
          method: 'GET',
          path: `/api/trpc/${p.path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
          headers: { cookie },
        };
  }
  if (kind < 0.65) {
    const f = pick(r, FORWARDED);
    const fwd = typeof f === 'function' ? f(r) : f;
    const forgedOrigin =
      fwd.host !== undefined || fwd['x-forwarded-host']
        ? { origin: `${fwd['x-forwarded-proto'] ?? 'http'}://${fwd['x-forwarded-host'] ?? fwd.host}` }
        : origin();
    const input = p.input ? plausible(p.input, r, { maxString: 50 }) : undefined;
    const label = `forwarded ${JSON.stringify(fwd).slice(0, 60)} to ${p.path}`;
    return p.type === 'mutation'
      ? {
          label,
          role,
          method: 'POST',
          path: `/api/trpc/${p.path}`,
          headers: withCookie(role, { ...json, ...forgedOrigin, ...fwd }),
          body: JSON.stringify(input ?? null),
          parserMayAnswer: true,
        }
      : {
          label,
          role,
          method: 'GET',
          path: `/api/trpc/${p.path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
          headers: withCookie(role, fwd),
          parserMayAnswer: true,
        };
  }
  if (kind < 0.77) {
    const h: Record<string, string> = pick<Record<string, string>>(r, [
      { origin: 'null' },
      { origin: 'http://evil.example' },
      { origin: `${app.url}.evil.example` },
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'application/json; charset=utf-16' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    ]);
    return {
      label: `headers ${JSON.stringify(h).slice(0, 60)} to ${p.path}`,
      role,
      method: 'POST',
      path: `/api/trpc/${p.path}`,
      headers: withCookie(role, { ...origin(), ...json, ...h }),
      body: '{"id":1}',
    };
  }
  if (kind < 0.87) {
    const method = pick(r, ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE']);
    return {
      label: `${method} ${p.path}`,
      role,
      method,
      path: `/api/trpc/${p.path}`,
      headers: withCookie(role, { ...json, ...origin() }),
      body: method === 'HEAD' || method === 'TRACE' ? undefined : '{}',
    };
  }
  if (kind < 0.97) {
    const path = pick(r, [
      '/api/trpc/',
      '/api/trpc',
      '/api/trpc/nope',
      '/api/trpc/source.nope',
      '/api/trpc/source',
      '/api/trpc/__proto__',
      '/api/trpc/constructor',
      '/api/trpc/toString',
      '/api/trpc/source.list.extra',
      '/api/trpc/%ZZ',
      '/api/trpc/..%2F..%2Fetc%2Fpasswd',
      '/api/trpc/source.list,,',
      '/api/trpc/%00',
    ]);
    return { label: `path ${path}`, role, method: pick(r, ['GET', 'POST']), path, headers: withCookie(role, { ...json, ...origin() }), body: undefined };
  }
  const at = p.input ? pick(r, leafPaths(p.input)) : [];
  const body = JSON.stringify(setAt(p.input ? plausible(p.input, r, { maxString: 50 }) : {}, at, '__DEEP__')).replace(
    '"__DEEP__"',
    deepJson(int(r, 1000, 20_000)),
  );
  return { label: `nested input to ${p.path}`, role, method: 'POST', path: `/api/trpc/${p.path}`, headers: withCookie(role, { ...json, ...origin() }), body };
}

/** The few expensive ones, once each: the largest batches, bodies and nesting. */
function largest(r: Rng): Req[] {
  const post = (label: string, path: string, body: string): Req => ({
    label,
    role: 'annotator',
    method: 'POST',
    path,
    headers: withCookie('annotator', { ...json, ...origin() }),
    body,
    parserMayAnswer: true,
  });
  return [
    batch(r, 1000, true),
    batch(r, 1000, false),
    batch(r, 200, true),
    batch(r, 200, false),
    ...[1_000_000, 5_000_000, 12_000_000].map((n) =>
      post(`body of ${n} bytes to source.import`, '/api/trpc/source.import', `{"title":"t","outlet":"o","text":"${'z'.repeat(n)}"}`),
    ),
    post('body nested 100000 deep to claim.update', '/api/trpc/claim.update', `{"id":1,"version":1,"chain":${deepJson(100_000)}}`),
    post(
      'body with 200000 keys to actor.create',
      '/api/trpc/actor.create',
      JSON.stringify(Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]))),
    ),
  ];
}

// ---------- the run ----------

interface Failure {
  req: Req;
  status: number | 'no answer';
  why: string;
  body: string;
}

beforeAll(async () => {
  app = await startApp('hostile');
  port = Number(new URL(app.url).port);
  for (const who of ['annotator', 'reviewer', 'admin'] as const) {
    const res = await login(who);
    expect(res.status, res.body).toBe(200);
    cookies[who] = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
    deviceCookies[who] = deviceCookieOf(res);
  }
  const users = await send({ label: 'users', role: 'admin', method: 'GET', path: '/api/trpc/user.list', headers: withCookie('admin') });
  for (const u of (JSON.parse(users.body) as { result: { data: { id: number }[] } }).result.data) demoUserIds.add(u.id);
});
afterAll(async () => {
  agent.destroy();
  await app?.stop();
});

describe('hostile input over HTTP', () => {
  it(`answers ${TARGET} hostile requests without a 5xx, every refusal JSON with a message`, async () => {
    const r = rng(SEED);
    const requests: Req[] = [];
    const perProcedure = Math.ceil((TARGET * 0.65) / procs.length);
    for (const p of procs) for (let i = 0; i < perProcedure; i++) requests.push(forProcedure(p, r));
    requests.push(...largest(r));
    while (requests.length < TARGET * 0.75) requests.push(batch(r));
    while (requests.length < TARGET) requests.push(raw(r));
    // Interleave deterministically so roles, procedures and kinds run side by side.
    for (let i = requests.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [requests[i], requests[j]] = [requests[j]!, requests[i]!];
    }

    const failures: Failure[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    let slowest = { ms: 0, label: '' };
    const timings: { ms: number; label: string; status: number }[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const req = requests[next++]!;
          try {
            const res = await send(req);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.ms > slowest.ms) slowest = { ms: res.ms, label: req.label };
            if (process.env.HOSTILE_TIMINGS) timings.push({ ms: res.ms, label: req.label, status: res.status });
            const why = verdict(req, res);
            if (why) failures.push({ req, status: res.status, why, body: res.body.slice(0, 2000) });
          } catch (e) {
            // Node's parser may refuse an oversized request by closing the connection.
            if (!req.parserMayAnswer) failures.push({ req, status: 'no answer', why: (e as Error).message, body: '' });
          }
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `hostile: ${requests.length} requests over ${procs.length} procedures in ${seconds.toFixed(1)} s (${(requests.length / seconds).toFixed(0)} requests/s, concurrency ${CONCURRENCY}, seed ${SEED}); ` +
        `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; slowest ${slowest.ms.toFixed(0)} ms (${slowest.label})`,
    );

    if (process.env.HOSTILE_TIMINGS) {
      const byKind = new Map<string, { n: number; ms: number }>();
      for (const t of timings) {
        const k = t.label.split(' ').slice(0, 2).join(' ').slice(0, 40);
        const v = byKind.get(k) ?? { n: 0, ms: 0 };
        v.n++;
        v.ms += t.ms;
        byKind.set(k, v);
      }
      console.log(
        [...byKind]
          .sort((a, b) => b[1].ms - a[1].ms)
          .slice(0, 25)
          .map(([k, v]) => `${(v.ms / 1000).toFixed(1)} s in ${v.n}: ${k}`)
          .join('\n'),
      );
      console.log(
        timings
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 15)
          .map((t) => `${t.ms.toFixed(0)} ms ${t.status} ${t.label.slice(0, 100)}`)
          .join('\n'),
      );
    }
    // One line per kind of failure (request kind, status, reason, answer without the procedure's name), with a first example to reproduce it.
    const groups = new Map<string, { n: number; first: Failure; procedures: Set<string> }>();
    for (const f of failures) {
      const [kind, ...rest] = f.req.label.split(' ');
      const procedure = /^[a-z]+\.[a-zA-Z]+$/.test(kind!) ? kind! : (rest.find((w) => /^[a-z]+\.[a-zA-Z]+$/.test(w)) ?? '-');
      const what = procedure === kind ? 'input' : kind!;
      const parsed = parseBody({ status: 0, headers: {}, body: f.body, ms: 0 });
      const firstError = parsed ? errorsIn(parsed)[0] : undefined;
      const answer = firstError ? `${String(firstError.code)}: ${String(firstError.message).slice(0, 100)}` : f.body.slice(0, 100);
      const key = `${what} → ${f.status}: ${f.why}: ${answer}`;
      const g = groups.get(key) ?? { n: 0, first: f, procedures: new Set<string>() };
      g.n++;
      g.procedures.add(procedure);
      groups.set(key, g);
    }
    const report = [...groups].map(
      ([key, { n, first, procedures }]) =>
        `${n}× ${key}\n     procedures: ${[...procedures].sort().join(', ').slice(0, 300)}\n     e.g. [${first.req.role}] ${first.req.method} ${first.req.path.slice(0, 160)} ${first.req.headers?.cookie && first.req.role === 'forged' ? `cookie ${JSON.stringify(first.req.headers.cookie.slice(0, 60))} ` : ''}${first.req.body ? `body ${String(first.req.body).slice(0, 160)}` : ''} (${first.req.label.slice(0, 100)})\n     answer: ${first.body.slice(0, 200)}`,
    );
    if (report.length) console.log(`hostile failures:\n${report.join('\n')}`);
    expect(requests.length).toBeGreaterThanOrEqual(5000);
    expect(report.length, `${report.length} kinds of wrong answer (listed above)`).toBe(0);
  }, 240_000);

  it('names the field a lone surrogate is in, and refuses oversized arrays at once', async () => {
    const post = (proc: string, input: unknown) =>
      send({
        label: proc,
        role: 'annotator',
        method: 'POST',
        path: `/api/trpc/${proc}`,
        headers: withCookie('annotator', { ...json, ...origin() }),
        body: JSON.stringify(input),
      });
    const res = await post('actor.create', { name: 'Assad\uD800', kind: 'person', aliases: ['ok', 'al-Assad\uDC00'] });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body) as { error: { message: string; data: { fieldErrors: Record<string, string[]> } } };
    expect(body.error.message).toBe(
      'name: contains a lone surrogate (\\uD800 at position 6), which is not valid Unicode text; aliases.1: contains a lone surrogate (\\uDC00 at position 9), which is not valid Unicode text',
    );
    expect(Object.keys(body.error.data.fieldErrors)).toEqual(['name', 'aliases.1']);
    const kinds = await send({
      label: 'search.query',
      role: 'annotator',
      method: 'GET',
      path: `/api/trpc/search.query?input=${encodeURIComponent(JSON.stringify({ q: 'Assad', kinds: Array(700).fill('claim') }))}`,
      headers: withCookie('annotator'),
    });
    expect(kinds.status).toBe(400);
    expect(JSON.parse(kinds.body).error.message).toBe('kinds: must have at most 4 kinds');
    const participants = await post('event.create', { title: 'Talks', participants: Array.from({ length: 10_000 }, () => ({ actorId: 'x' })) });
    expect(JSON.parse(participants.body).error.message).toBe('participants: must have at most 200 participants');
  });

  it('leaves the database intact, and ordinary work still goes on', async () => {
    const db = new Database(app.databaseUrl.replace(/^file:/, ''));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      for (const t of ['fts_source', 'fts_claim', 'fts_event', 'fts_actor']) db.prepare(`INSERT INTO ${t}(${t}) VALUES ('integrity-check')`).run();
    } finally {
      db.close();
    }
    // The hostile run's wrong passwords throttle the demo accounts for new browsers; the owner's browser,
    // which signed in before, still gets in.
    expect(deviceCookies.annotator).toBeTruthy();
    const res = await login('annotator', deviceCookies.annotator);
    expect(res.status, res.body).toBe(200);
    const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
    const get = async (id: number) => {
      const g = await send({
        label: 'claim.get',
        role: 'annotator',
        method: 'GET',
        path: `/api/trpc/claim.get?input=${encodeURIComponent(JSON.stringify({ id }))}`,
        headers: { cookie },
      });
      return {
        status: g.status,
        claim:
          g.status === 200
            ? (JSON.parse(g.body) as { result: { data: { id: number; version: number; status: string; paraphrase: string | null } } }).result.data
            : null,
      };
    };
    // A draft: an annotator edits drafts (accepted claims are a reviewer's).
    let found: Awaited<ReturnType<typeof get>>['claim'] = null;
    for (let id = 1; !found && id < 80; id++) {
      const c = (await get(id)).claim;
      if (c?.status === 'draft') found = c;
    }
    if (!found) throw new Error('the demo data has no draft claim among its first 80');
    const claim = found;
    const paraphrase = `Checked after the hostile run ${SEED}.`;
    const upd = await send({
      label: 'claim.update',
      role: 'annotator',
      method: 'POST',
      path: '/api/trpc/claim.update',
      headers: { ...json, ...origin(), cookie },
      body: JSON.stringify({ id: claim.id, version: claim.version, paraphrase }),
    });
    expect(upd.status, upd.body).toBe(200);
    expect((await get(claim.id)).claim).toMatchObject({ paraphrase, version: claim.version + 1 });
  });
});
