// `claimline migrate`, `demo` and `setup` as a user runs them, against an empty DATABASE_URL.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/claimline.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'claimline-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function claimline(args: string[], dbFile: string) {
  return run(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: `file:${dbFile}` } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe('claimline migrate, demo, setup', () => {
  it('migrate then demo work against an empty database; a second demo is a no-op', async () => {
    const db = path.join(dir, 'fresh', 'claims.db');
    const m = await claimline(['migrate'], db);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/applied \d+ migration/);
    expect((await claimline(['migrate'], db)).stdout).toMatch(/up to date/);
    const d1 = await claimline(['demo'], db);
    expect(d1.code).toBe(0);
    expect(d1.stdout).toMatch(/loaded the demo data: 5 sources/);
    const d2 = await claimline(['demo'], db);
    expect(d2.stdout).toMatch(/already loaded/);
  });

  it('setup creates demo users and prints their logins only for an empty database', async () => {
    const db = path.join(dir, 'setup.db');
    const s = await claimline(['setup'], db);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/reviewer@claimline\.test/);
    expect(s.stdout).toMatch(/loaded the demo data/);
    const again = await claimline(['setup'], db);
    expect(again.stdout).not.toMatch(/loaded the demo data/);
    const users = await claimline(['user', 'list'], db);
    expect(users.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('user add refuses bad input with a one-line reason and a non-zero exit', async () => {
    const db = path.join(dir, 'users.db');
    await claimline(['migrate'], db);
    const bad = await claimline(['user', 'add', '--email', 'not-an-email', '--role', 'reviewer', '--password', 'long-enough-pass'], db);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/email/);
    const role = await claimline(['user', 'add', '--email', 'a@b.example', '--role', 'king', '--password', 'long-enough-pass'], db);
    expect(role.code).not.toBe(0);
    const ok = await claimline(['user', 'add', '--email', 'a@b.example', '--role', 'reviewer', '--password', 'long-enough-pass'], db);
    expect(ok.stdout).toMatch(/created reviewer a@b\.example/);
    const dup = await claimline(['user', 'add', '--email', 'a@b.example', '--role', 'reviewer', '--password', 'long-enough-pass'], db);
    expect(dup.code).not.toBe(0);
    expect(dup.stderr).toMatch(/already exists/);
  });

  it('--help lists the commands', async () => {
    const help = await claimline(['--help'], path.join(dir, 'help.db'));
    expect(help.code).toBe(0);
    for (const c of ['migrate', 'demo', 'setup', 'user', 'disputes']) expect(help.stdout).toMatch(new RegExp(`\\n\\s+${c}\\b`));
  });
});

describe('claimline disputes', () => {
  it('lists the demo disputes as JSON, and a full recompute leaves them as they were', async () => {
    const db = path.join(dir, 'disputes.db');
    await claimline(['demo'], db);
    const listed = await claimline(['disputes', '--json', '--status', 'all'], db);
    expect(listed.code).toBe(0);
    const items = JSON.parse(listed.stdout) as {
      id: number;
      kind: string;
      status: string;
      explanation: string;
      event: { id: number; title: string; date: string | null };
      claims: { id: number; sourceId: number; quote: string; stance: string; origin: string }[];
    }[];
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const d of items) {
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['id', 'kind', 'status', 'explanation', 'event', 'claims']));
      expect(Object.keys(d.event).sort()).toEqual(['date', 'id', 'title']);
      for (const c of d.claims) expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'sourceId', 'quote', 'stance', 'origin']));
    }
    expect(new Set(items.flatMap((d) => d.kind.split(',')))).toEqual(new Set(['stance', 'place', 'participants']));
    const open = JSON.parse((await claimline(['disputes', '--json'], db)).stdout) as { status: string }[];
    expect(open.every((d) => d.status === 'open')).toBe(true);

    const recomputed = await claimline(['disputes', '--recompute'], db);
    expect(recomputed.stdout).toMatch(/0 dispute\(s\) changed/);
    expect(JSON.parse((await claimline(['disputes', '--json', '--status', 'all'], db)).stdout)).toEqual(items);
    const bad = await claimline(['disputes', '--status', 'maybe'], db);
    expect(bad.code).not.toBe(0);
  });
});
