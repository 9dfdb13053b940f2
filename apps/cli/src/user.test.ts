// `claimline user passwd|disable|enable|set-email` as an admin runs them: each change is what a user then
// meets when signing in, every one is audited, and bad input is a one-line reason with a non-zero exit.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '@claimline/api';
import { openDb, type Db } from '@claimline/db';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/claimline.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'claimline-cli-user-'));
const file = path.join(dir, 'users.db');
let db: Db;

function claimline(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [bin, ...args], { env: { ...process.env, CLAIMLINE_PASSWORD: '', ...env, DATABASE_URL: `file:${file}` } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

const signIn = (email: string, password: string) => services.signIn(db, { email, password });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'signed in',
    (e: Error) => e.message,
  );

beforeAll(async () => {
  expect((await claimline(['migrate'])).code).toBe(0);
  expect((await claimline(['user', 'add', '--email', 'rana@example.org', '--role', 'reviewer', '--password', 'first-password'])).code).toBe(0);
  db = await openDb({ url: `file:${file}` });
});
afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('claimline user', () => {
  it('passwd sets a password from CLAIMLINE_PASSWORD and ends every session', async () => {
    const session = await signIn('rana@example.org', 'first-password');
    const r = await claimline(['user', 'passwd', '--email', 'Rana@Example.org'], { CLAIMLINE_PASSWORD: 'second-password' });
    expect(r).toMatchObject({ code: 0, stdout: 'set the password of rana@example.org; their sessions ended\n' });
    expect(await services.userForToken(db, session.token)).toBeNull();
    expect(await refusal(signIn('rana@example.org', 'first-password'))).toMatch(/wrong email or password/);
    expect((await signIn('rana@example.org', 'second-password')).user.email).toBe('rana@example.org');
  });

  it('disable ends sessions and refuses sign-in; enable lets the user back in', async () => {
    const session = await signIn('rana@example.org', 'second-password');
    expect((await claimline(['user', 'disable', '--email', 'rana@example.org'])).stdout).toBe('disabled rana@example.org\n');
    expect(await services.userForToken(db, session.token)).toBeNull();
    expect(await refusal(signIn('rana@example.org', 'second-password'))).toMatch(/disabled/);
    expect((await claimline(['user', 'list'])).stdout).toMatch(/rana@example\.org\treviewer\tdisabled/);
    expect((await claimline(['user', 'enable', '--email', 'rana@example.org'])).stdout).toBe('enabled rana@example.org\n');
    expect((await signIn('rana@example.org', 'second-password')).user.role).toBe('reviewer');
  });

  it('set-email changes how the user signs in', async () => {
    const r = await claimline(['user', 'set-email', '--email', 'rana@example.org', '--new-email', 'rana.k@example.org']);
    expect(r.stdout).toMatch(/now signs in as rana\.k@example\.org/);
    expect(await refusal(signIn('rana@example.org', 'second-password'))).toMatch(/wrong email or password/);
    expect((await signIn('rana.k@example.org', 'second-password')).user.name).toBe('rana');
  });

  it('audits every change, with no acting user and no password', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: 'rana.k@example.org' } });
    const entries = await db.auditEntry.findMany({ where: { recordType: 'user', recordId: user.id }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => [e.action, e.userId])).toEqual([
      ['create', null],
      ['update', null],
      ['update', null],
      ['update', null],
      ['update', null],
    ]);
    expect(entries.map((e) => (e.after as { passwordChanged?: boolean }).passwordChanged ?? false)).toEqual([false, true, false, false, false]);
    expect(JSON.stringify(entries)).not.toMatch(/second-password|argon2/);
  });

  it('refuses bad input with one line naming what was wrong, changing nothing', async () => {
    const before = await db.user.findMany({ orderBy: { id: 'asc' } });
    const cases: [string[], RegExp][] = [
      [['user', 'passwd', '--email', 'nobody@example.org', '--password', 'long-enough-pass'], /email: no user has the email nobody@example\.org/],
      [['user', 'passwd', '--email', 'rana.k@example.org'], /--password: give a password/],
      [['user', 'passwd', '--email', 'rana.k@example.org', '--password', 'short'], /password: must be at least 10 characters/],
      [['user', 'set-email', '--email', 'rana.k@example.org', '--new-email', 'not-an-email'], /email: must be an email address/],
      [['user', 'set-email', '--email', 'rana.k@example.org'], /--new-email.*\(see claimline user set-email --help\)/],
      [['user', 'disable'], /--email/],
    ];
    for (const [args, reason] of cases) {
      const r = await claimline(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(reason);
    }
    await claimline(['user', 'add', '--email', 'other@example.org', '--role', 'annotator', '--password', 'long-enough-pass']);
    const taken = await claimline(['user', 'set-email', '--email', 'rana.k@example.org', '--new-email', 'other@example.org']);
    expect(taken.stderr).toMatch(/another user \(id \d+\) has the email other@example\.org/);
    expect(await db.user.findMany({ where: { id: { in: before.map((u) => u.id) } }, orderBy: { id: 'asc' } })).toEqual(before);
  });
});
