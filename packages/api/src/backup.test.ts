// Backups (accounts included) and old files: a backup taken while another process writes is consistent;
// restoring it brings back every account, so people sign in with their old passwords; a format
// version 1 export (committed fixture, written by the exporter before version 2) still restores.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDb, resolveDatabasePath, writeTx } from '@claimline/db';
import { createHarness, type Harness } from './test/harness.ts';
import { backupDatabase, exportDatabase } from './services/export.ts';
import { restoreDatabase } from './services/restore.ts';
import { recomputeAllDisputes } from './services/disputes.ts';
import { updateUser } from './services/users.ts';
import { signIn as login } from './services/sign-in.ts';

const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../docs/export-format.schema.json'), 'utf8'));
const validateSchema = new Ajv({ allErrors: true, strict: false }).compile(schema);
const fixtures = path.join(import.meta.dirname, 'test/fixtures');
const now = new Date('2026-01-01T00:00:00.000Z');

let h: Harness;
let dbFile: string;
let out: string;

beforeAll(async () => {
  h = await createHarness();
  dbFile = resolveDatabasePath(h.url);
  out = path.join(h.dir, 'out');
  mkdirSync(out);
  const a = h.as('annotator');
  const { source } = await a.source.import({ text: 'قال المتحدث إن 😀 الاجتماع عُقد.', title: 'T', outlet: 'O', language: 'ar' });
  await a.claim.create({ sourceId: source.id, start: 0, end: 11 });
  // One account disabled, one with a changed password: both must come back exactly so.
  await writeTx(h.db, async (tx) => {
    await updateUser(tx, h.users.admin.id, { id: h.users.annotator.id, version: 1, disabled: true });
    await updateUser(tx, h.users.admin.id, { id: h.users.reviewer.id, version: 1, password: 'a-new-reviewer-password' });
  });
  await login(h.db, { email: 'admin@test.example', password: 'admin-password-1' });
});
afterAll(async () => h?.close());

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
async function freshDb(name: string) {
  const url = `file:${path.join(h.dir, name)}`;
  await migrate(url);
  return { url, file: resolveDatabasePath(url) };
}
function withoutRestoreEntry(doc: Record<string, any>): Record<string, any> {
  expect(doc.audit.at(-1).action).toBe('restore');
  return { ...doc, exportedAt: null, audit: doc.audit.slice(0, -1) };
}

describe('claimline backup', () => {
  it('writes the accounts (never sessions), readable by its owner only, valid against the JSON Schema', async () => {
    const file = path.join(out, 'backup.json');
    const r = await backupDatabase(dbFile, file, { now });
    expect(r.counts.users).toBe(3);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const doc = read(file);
    expect(validateSchema(doc), JSON.stringify(validateSchema.errors)).toBe(true);
    expect(doc).toMatchObject({ formatVersion: 2, kind: 'backup', slice: null });
    const live = await h.db.user.findMany({ orderBy: { id: 'asc' } });
    expect(doc.users).toEqual(
      live.map((u) => ({
        id: u.id,
        name: u.name,
        role: u.role,
        version: u.version,
        createdAt: u.createdAt.toISOString(),
        updatedAt: u.updatedAt.toISOString(),
        email: u.email,
        passwordHash: u.passwordHash,
        disabled: u.disabled,
      })),
    );
    expect(await h.db.session.count()).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8')).not.toMatch(/expiresAt|[0-9a-f]{64}"?,"userId"/);
    // The shareable export of the same database carries none of it.
    await exportDatabase(dbFile, 'json', path.join(out, 'share.json'), { now });
    expect(readFileSync(path.join(out, 'share.json'), 'utf8')).not.toMatch(/@test\.example|\$argon2|"disabled"/);
  });

  it('restores every account: people sign in with their old passwords; a disabled account stays disabled; nobody is signed in', async () => {
    const target = await freshDb('from-backup.db');
    const r = await restoreDatabase(target.file, path.join(out, 'backup.json'));
    expect(r).toMatchObject({ kind: 'backup', formatVersion: 2, accountsRestored: 3, usersCreated: 0 });
    const db = await openDb({ url: target.url });
    try {
      expect(await db.session.count()).toBe(0);
      await expect(login(db, { email: 'admin@test.example', password: 'admin-password-1' })).resolves.toMatchObject({ user: { role: 'admin' } });
      await expect(login(db, { email: 'reviewer@test.example', password: 'a-new-reviewer-password' })).resolves.toMatchObject({ user: { role: 'reviewer' } });
      await expect(login(db, { email: 'reviewer@test.example', password: 'reviewer-password-1' })).rejects.toThrow(/wrong email or password/);
      await expect(login(db, { email: 'annotator@test.example', password: 'annotator-password-1' })).rejects.toThrow(/disabled/);
    } finally {
      await db.$disconnect();
    }
    await backupDatabase(target.file, path.join(out, 'again.json'), { now });
    expect(withoutRestoreEntry(read(path.join(out, 'again.json')))).toEqual({ ...read(path.join(out, 'backup.json')), exportedAt: null });
  });

  it('as JSON Lines too (chosen by the file name; restore tells by the content)', async () => {
    await backupDatabase(dbFile, path.join(out, 'backup.jsonl'), { now });
    const lines = readFileSync(path.join(out, 'backup.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ type: 'header', formatVersion: 2, kind: 'backup', exportedAt: now.toISOString(), slice: null });
    copyFileSync(path.join(out, 'backup.jsonl'), path.join(out, 'backup-jsonl.bak'));
    const target = await freshDb('from-backup-jsonl.db');
    expect(await restoreDatabase(target.file, path.join(out, 'backup-jsonl.bak'))).toMatchObject({ kind: 'backup', accountsRestored: 3 });
  });

  it('refuses to restore a backup over existing accounts, and writes nothing', async () => {
    const target = await freshDb('has-users.db');
    const db = new Database(target.file);
    db.prepare(
      `INSERT INTO User (email, name, role, passwordHash, version, createdAt, updatedAt) VALUES ('x@example.org', 'X', 'admin', '!', 1, '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00')`,
    ).run();
    const before = db.prepare('SELECT (SELECT count(*) FROM User) AS u, (SELECT count(*) FROM AuditEntry) AS a, (SELECT count(*) FROM Source) AS s').get();
    db.close();
    await expect(restoreDatabase(target.file, path.join(out, 'backup.json'))).rejects.toThrow(/already has 1 user: a backup brings its own accounts/);
    const after = new Database(target.file, { readonly: true });
    expect(after.prepare('SELECT (SELECT count(*) FROM User) AS u, (SELECT count(*) FROM AuditEntry) AS a, (SELECT count(*) FROM Source) AS s').get()).toEqual(
      before,
    );
    after.close();
  });

  it('refuses a backup with a forged password hash or two accounts on one email, and writes nothing', async () => {
    const target = await freshDb('forged.db');
    const doc = read(path.join(out, 'backup.json'));
    const forged = structuredClone(doc);
    forged.users[1].passwordHash = 'plaintext-password';
    writeFileSync(path.join(out, 'forged.json'), JSON.stringify(forged));
    await expect(restoreDatabase(target.file, path.join(out, 'forged.json'))).rejects.toThrow(/users\[1\]\.passwordHash: must be an encoded Argon2 hash/);
    const twice = structuredClone(doc);
    twice.users[2].email = twice.users[0].email;
    writeFileSync(path.join(out, 'twice.json'), JSON.stringify(twice));
    await expect(restoreDatabase(target.file, path.join(out, 'twice.json'))).rejects.toThrow(
      /users\[2\]\.email: another user has the email annotator@test\.example/,
    );
    const db = new Database(target.file, { readonly: true });
    expect(db.prepare('SELECT (SELECT count(*) FROM User) + (SELECT count(*) FROM AuditEntry) AS n').get()).toEqual({ n: 0 });
    db.close();
  });

  it('is consistent while another process writes', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'test/snapshot-writer.ts'), dbFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`writer exited ${code}`)));
      });
      await new Promise((r) => setTimeout(r, 200));
      for (let i = 0; i < 3; i++) {
        const file = path.join(out, `online-${i}.json`);
        await backupDatabase(dbFile, file, { now });
        const doc = read(file);
        // The writer commits an actor and its audit entry together: a consistent backup has both or neither.
        const actors = new Set(doc.actors.filter((a: { name: string }) => a.name.startsWith('Writer ')).map((a: { id: number }) => a.id));
        const probes = doc.audit.filter((e: { action: string }) => e.action === 'writer-probe');
        expect(probes.length).toBe(actors.size);
        expect(probes.every((e: { recordId: number }) => actors.has(e.recordId))).toBe(true);
        if (i === 2) expect(actors.size).toBeGreaterThan(0);
      }
    } finally {
      child.kill();
    }
  });
});

describe('format version 1 files (written before version 2) still restore', () => {
  it.each(['export-v1.json', 'export-v1.jsonl'])('%s', async (name) => {
    const v1 = read(path.join(fixtures, 'export-v1.json'));
    expect(v1.formatVersion).toBe(1);
    const target = await freshDb(`v1-${name}.db`);
    const r = await restoreDatabase(target.file, path.join(fixtures, name));
    expect(r).toMatchObject({ kind: 'export', formatVersion: 1, usersCreated: 3, accountsRestored: 0 });
    await exportDatabase(target.file, 'json', path.join(out, `v1-${name}-again.json`), { now });
    const again = withoutRestoreEntry(read(path.join(out, `v1-${name}-again.json`)));
    expect(validateSchema(read(path.join(out, `v1-${name}-again.json`)))).toBe(true);
    // Every record is the same; users gain what version 2 carries (version 1, the time of the restore).
    const { users, formatVersion: _v, exportedAt: _e, kind, ...rest } = again;
    expect(kind).toBe('export');
    expect({ ...rest }).toEqual((({ users: _u, formatVersion: _f, exportedAt: _x, ...r1 }) => r1)(v1));
    expect(users.map((u: { id: number; name: string; role: string; version: number }) => [u.id, u.name, u.role, u.version])).toEqual(
      v1.users.map((u: { id: number; name: string; role: string }) => [u.id, u.name, u.role, 1]),
    );
    // The conclusions hold: the resolved dispute stays resolved; a recompute changes nothing.
    const db = await openDb({ url: target.url });
    try {
      const disputes = () => db.dispute.findMany({ orderBy: { id: 'asc' }, select: { id: true, status: true, kinds: true, version: true } });
      const before = await disputes();
      expect(before.map((d) => d.status)).toEqual(v1.disputes.map((d: { status: string }) => d.status));
      await writeTx(db, (tx) => recomputeAllDisputes(tx, null));
      expect(await disputes()).toEqual(before);
    } finally {
      await db.$disconnect();
    }
  });
});
