// Sign-in throttling over HTTP: however attempts are sent (batched, in parallel, with made-up
// X-Forwarded-For headers), an account gets at most a few password checks, other accounts are not
// locked out, and the owner's own browser still gets in. Hash checks are counted with a spy on argon2.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import argon2 from 'argon2';
import Database from 'better-sqlite3';
import { snapshotDatabase } from '@claimline/db';
import { signIn } from './services/sign-in.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testEngine } from '@claimline/db/test/postgres-db';
import { createHarness, type Harness } from './test/harness.ts';

const itSqlite = testEngine === 'postgresql' ? it.skip : it;
import { cookieHeader, cookieJar, post, serveTrpc, type Call, type HttpServer } from './test/http-server.ts';

let h: Harness;
let http: HttpServer;
let verify: ReturnType<typeof vi.spyOn>;

beforeEach(async () => {
  h = await createHarness();
  http = await serveTrpc(h.db);
  verify = vi.spyOn(argon2, 'verify');
});
afterEach(async () => {
  verify.mockRestore();
  await http?.close();
  await h?.close();
});

const ADMIN = { email: 'admin@test.example', password: 'admin-password-1' };
const REVIEWER = { email: 'reviewer@test.example', password: 'reviewer-password-1' };
const ANNOTATOR = { email: 'annotator@test.example', password: 'annotator-password-1' };
/** Password checks an attacker gets on one account before being slowed down. */
const FREE = 5;

const login = (input: { email: string; password: string }): Call => ({ path: 'auth.login', input });
const wrong = (email: string, i: number): Call => login({ email, password: `wrong-password-${i}` });

type Result = { result?: { data: { email?: string } }; error?: { message: string; data: { code: string; httpStatus: number } } };
const results = (body: unknown): Result[] => (Array.isArray(body) ? body : [body]) as Result[];
const codes = (body: unknown) => results(body).map((r) => r.error?.data.code ?? 'OK');
const sessionSet = (setCookies: string[]) => setCookies.some((c) => /claimline_session=[^;]/.test(c));

describe('sign-in throttle', () => {
  it('a batch of 50 sign-ins (49 wrong, the right one last) checks at most 5 passwords and does not sign in', async () => {
    const calls = [...Array.from({ length: 49 }, (_, i) => wrong(ADMIN.email, i)), login(ADMIN)];
    const r = await post(http.base, calls);
    const c = codes(r.body);
    expect(c.at(-1)).toBe('TOO_MANY_REQUESTS');
    expect(c.filter((x) => x === 'OK')).toEqual([]);
    expect(sessionSet(r.setCookies)).toBe(false);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(FREE);
  });

  it('200 wrong passwords in one batch are refused whole with a clear 4xx; in batches of 50 they check at most 5', async () => {
    const big = await post(
      http.base,
      Array.from({ length: 200 }, (_, i) => wrong(ADMIN.email, i)),
    );
    expect(big.status).toBe(400);
    expect(JSON.stringify(big.body)).toMatch(/at most 50 calls/);
    expect(verify).not.toHaveBeenCalled();
    for (let k = 0; k < 4; k++)
      await post(
        http.base,
        Array.from({ length: 50 }, (_, i) => wrong(ADMIN.email, k * 50 + i)),
      );
    expect(verify.mock.calls.length).toBeLessThanOrEqual(FREE);
  });

  it('40 parallel requests check at most 5 passwords', async () => {
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => post(http.base, [wrong(ADMIN.email, i)])));
    const c = all.flatMap((r) => codes(r.body));
    expect(c.filter((x) => x === 'UNAUTHORIZED').length).toBeLessThanOrEqual(FREE);
    expect(c.filter((x) => x === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(40 - FREE);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(FREE);
  });

  it('the refusal says when to try again', async () => {
    await post(
      http.base,
      Array.from({ length: FREE }, (_, i) => wrong(ADMIN.email, i)),
    );
    const r = await post(http.base, [login(ADMIN)]);
    expect(results(r.body)[0]!.error?.data.httpStatus).toBe(429);
    expect(results(r.body)[0]!.error?.message).toMatch(/try again in (about )?\d+ (second|minute)s?/);
  });

  it('made-up X-Forwarded-For headers do not multiply the limit (without CLAIMLINE_TRUST_PROXY)', async () => {
    // Each request claims to come from another address, against one account and against many unknown ones.
    const one = await Promise.all(
      Array.from({ length: 3 }, (_, k) =>
        post(
          http.base,
          Array.from({ length: 20 }, (_, i) => wrong(ADMIN.email, k * 20 + i)),
          { 'x-forwarded-for': `198.51.100.${k}` },
        ),
      ),
    );
    expect(one.flatMap((r) => codes(r.body)).filter((x) => x === 'OK')).toEqual([]);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(FREE);
    verify.mockClear();
    // Spraying: one guess each at 100 different e-mails, every request from a "new" address. The global
    // bucket bounds the hashing (60 a minute), whatever the headers say.
    for (let k = 0; k < 2; k++) {
      await post(
        http.base,
        Array.from({ length: 50 }, (_, i) => wrong(`nobody-${k * 50 + i}@test.example`, 0)),
        { 'x-forwarded-for': `203.0.113.${k}, 10.0.0.${k}` },
      );
    }
    expect(verify.mock.calls.length).toBeLessThanOrEqual(60);
  });

  it('failures on one account do not refuse another account signing in from the same address', async () => {
    await post(
      http.base,
      Array.from({ length: 20 }, (_, i) => wrong(ADMIN.email, i)),
    );
    const r = await post(http.base, [login(REVIEWER)]);
    expect(codes(r.body)).toEqual(['OK']);
    expect(sessionSet(r.setCookies)).toBe(true);
  });

  it("the owner's browser (device cookie) still signs in while the account is under attack; a new browser is slowed down", async () => {
    const first = await post(http.base, [login(ADMIN)]);
    expect(codes(first.body)).toEqual(['OK']);
    const device = new Map([...cookieJar(first.setCookies)].filter(([k]) => /device/.test(k)));
    expect(device.size).toBe(1);
    // The attacker: no cookie of the owner's, many wrong passwords, batched and parallel.
    await Promise.all([
      post(
        http.base,
        Array.from({ length: 30 }, (_, i) => wrong(ADMIN.email, i)),
      ),
      post(http.base, [wrong(ADMIN.email, 99)]),
    ]);
    const owner = await post(http.base, [login(ADMIN)], { cookie: cookieHeader(device) });
    expect(codes(owner.body)).toEqual(['OK']);
    expect(sessionSet(owner.setCookies)).toBe(true);
    const elsewhere = await post(http.base, [login(ADMIN)]);
    expect(codes(elsewhere.body)).toEqual(['TOO_MANY_REQUESTS']);
    // Another account's device cookie is no key to this one.
    const other = await post(http.base, [login(REVIEWER)]);
    const otherDevice = new Map([...cookieJar(other.setCookies)].filter(([k]) => /device/.test(k)));
    const borrowed = await post(http.base, [login(ADMIN)], { cookie: cookieHeader(otherDevice) });
    expect(codes(borrowed.body)).toEqual(['TOO_MANY_REQUESTS']);
  });

  it("an attacker's own successful sign-ins do not reset the throttle", async () => {
    // The old per-client counter was cleared by any successful sign-in from the client: four guesses,
    // sign in to one's own account, four more guesses… Here 5 guesses at other accounts (the admin and
    // four others), then a correct sign-in of the attacker's own account, twenty times over.
    const jar = new Map<string, string>();
    let ok = 0;
    for (let round = 0; round < 20; round++) {
      const guesses = Array.from({ length: 5 }, (_, i) => wrong(i === 0 ? ADMIN.email : `someone-${round}-${i}@test.example`, round));
      const r = await post(http.base, [...guesses, login(ANNOTATOR)], { cookie: cookieHeader(jar) });
      ok += codes(r.body).filter((x) => x === 'OK').length;
      cookieJar(r.setCookies, jar);
    }
    expect(ok).toBe(20);
    // 100 guesses were sent: the global bucket (60 a minute) still bounds them, and the admin account
    // (one guess a round) is still throttled however many times the attacker signed in meanwhile.
    expect(verify.mock.calls.length - ok).toBeLessThanOrEqual(60);
    const r = await post(http.base, [login(ADMIN)], { cookie: cookieHeader(jar) });
    expect(codes(r.body)).toEqual(['TOO_MANY_REQUESTS']);
  });

  it('the throttle holds in a new process on the same database', async () => {
    await post(
      http.base,
      Array.from({ length: 10 }, (_, i) => wrong(ADMIN.email, i)),
    );
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'test/sign-in-child.ts'), h.url, ADMIN.email, ADMIN.password],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout.trim().split('\n').at(-1)!)).toEqual({ code: 'TOO_MANY_REQUESTS', checks: 0 });
  });

  // Export works on a SQLite file only so far.
  itSqlite('a SQLite export carries no sign-in state (device tokens, throttle counts)', async () => {
    await post(http.base, [wrong(ADMIN.email, 1), login(REVIEWER)]);
    expect(await h.db.signInAttempt.count()).toBeGreaterThan(0);
    expect(await h.db.trustedDevice.count()).toBeGreaterThan(0);
    const file = path.join(h.dir, 'snapshot.sqlite');
    snapshotDatabase(h.url.replace(/^file:/, ''), file);
    const snap = new Database(file, { readonly: true });
    try {
      expect(snap.prepare('SELECT (SELECT count(*) FROM SignInAttempt) + (SELECT count(*) FROM TrustedDevice) AS n').get()).toEqual({ n: 0 });
    } finally {
      snap.close();
    }
  });

  it('slows down rather than locks out: after the wait it names, the owner signs in from a new browser', async () => {
    const t0 = Date.now();
    for (let i = 0; i < FREE; i++) await signIn(h.db, { email: ADMIN.email, password: `wrong-${i}` }, { now: t0 }).catch(() => {});
    const refused = await signIn(h.db, ADMIN, { now: t0 + 1000 }).catch((e: Error) => e);
    expect((refused as Error).message).toBe('too many failed sign-ins for this account; try again in 59 seconds');
    const later = await signIn(h.db, ADMIN, { now: t0 + 60_000 });
    expect(later.user.email).toBe(ADMIN.email);
  });
});
