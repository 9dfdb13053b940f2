// The PostgreSQL migrator and its history against a live throwaway cluster (src/test/postgres-setup.ts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { migrate, pendingPostgresSchemaChange, prismaDir } from './migrate.ts';
import { migratePostgres, pendingPostgresMigrations, postgresMigrationsDir } from './migrate-postgres.ts';
import { describePostgres, postgres, postgresDatabase } from './test/postgres-db.ts';
import { runSql } from './test/postgres.ts';

const committed = postgresMigrationsDir(prismaDir());
const scratch = mkdtempSync(path.join(tmpdir(), 'claimline-pgmig-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const rows = async (url: string, sql: string) => (await runSql(url, sql))[0]!.rows as Record<string, unknown>[];
const tablesOf = async (url: string) =>
  (await rows(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).map((r) => r.tablename as string);

it('prisma/postgresql/schema.prisma is the one derived from prisma/schema.prisma', () => {
  // Exits 1, naming the command to run, when someone edited schema.prisma and did not regenerate.
  execFileSync(process.execPath, [path.join(import.meta.dirname, '../scripts/postgres-schema.mjs'), '--check'], { stdio: 'pipe' });
  const derived = readFileSync(path.join(prismaDir(), 'postgresql/schema.prisma'), 'utf8');
  expect(derived).toMatch(/provider = "postgresql"/);
  expect(derived).not.toMatch(/"sqlite"/);
});

describePostgres('migrate on PostgreSQL', () => {
  it('creates the schema in an empty database, and a second run applies nothing', async () => {
    const url = await postgresDatabase({ migrated: false });
    const first = await migrate(url);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.database).toBe(url);
    expect(await pendingPostgresMigrations(url, committed)).toEqual([]);
    expect((await migrate(url)).applied).toEqual([]);
    const tables = await tablesOf(url);
    for (const t of ['Source', 'Actor', 'ActorAlias', 'Event', 'Claim', 'AttributionHop', 'Link', 'Dispute', 'Verdict', 'User', 'Session', 'AuditEntry']) {
      expect(tables).toContain(t);
    }
    // Prisma's own history table, one finished row per migration with its SHA-256 checksum.
    const history = await rows(url, `SELECT migration_name, length(checksum) AS n, finished_at IS NOT NULL AS done FROM "_prisma_migrations"`);
    expect(history).toEqual(first.applied.map((name) => ({ migration_name: name, n: 64, done: true })));
  });

  it('lets one of several concurrent migrators apply each migration (advisory lock); the others find nothing to do', async () => {
    const url = await postgresDatabase({ migrated: false });
    const results = await Promise.all(Array.from({ length: 4 }, () => migrate(url)));
    const applied = results.flatMap((r) => r.applied);
    expect(applied.sort()).toEqual((await pendingPostgresMigrations(await postgresDatabase({ migrated: false }), committed)).sort());
    expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1);
    const history = await rows(url, `SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(history[0]!.n).toBe(applied.length);
  });

  it('refuses a database that is ahead of the committed history, writing nothing', async () => {
    const url = await postgresDatabase();
    await runSql(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('x', repeat('0', 64), now(), '29990101000000_from_the_future', 1)`,
    );
    await expect(migrate(url)).rejects.toThrow(/ahead of this build: migration\(s\) 29990101000000_from_the_future/);
  });

  it('refuses a database whose applied migration was edited since (the histories drifted)', async () => {
    const url = await postgresDatabase();
    await runSql(url, `UPDATE "_prisma_migrations" SET checksum = repeat('f', 64)`);
    await expect(migrate(url)).rejects.toThrow(/changed after they were applied .*checksum differs/);
  });

  it('refuses a migration recorded as started but never finished', async () => {
    const url = await postgresDatabase();
    await runSql(url, `UPDATE "_prisma_migrations" SET finished_at = NULL`);
    await expect(migrate(url)).rejects.toThrow(/started on this database but never finished/);
  });

  it('applies each migration in one transaction: a failing one leaves nothing of itself and no history entry', async () => {
    const dir = path.join(scratch, 'failing');
    const write = (name: string, sql: string) => {
      mkdirSync(path.join(dir, name), { recursive: true });
      writeFileSync(path.join(dir, name, 'migration.sql'), sql);
    };
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    write('20000101000000_good', 'CREATE TABLE "Good" ("id" SERIAL PRIMARY KEY);');
    write('20000102000000_bad', 'CREATE TABLE "Half" ("id" SERIAL PRIMARY KEY);\nINSERT INTO "Missing" VALUES (1);');
    const url = await postgresDatabase({ migrated: false });
    await expect(migratePostgres(url, dir)).rejects.toThrow(/migration 20000102000000_bad failed and was rolled back .*"Missing" does not exist/);
    expect(await tablesOf(url)).toEqual(['Good', '_prisma_migrations']);
    expect((await rows(url, `SELECT migration_name FROM "_prisma_migrations"`)).map((r) => r.migration_name)).toEqual(['20000101000000_good']);
  });

  it('names the server it cannot reach, without the password', async () => {
    await expect(migrate('postgresql://someone:s3cret@127.0.0.1:1/nowhere')).rejects.toThrow(
      /cannot connect to PostgreSQL at postgresql:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere/,
    );
  });
});

describePostgres('PostgreSQL schema drift', () => {
  it('the committed PostgreSQL migrations produce exactly prisma/postgresql/schema.prisma', async () => {
    expect(await pendingPostgresSchemaChange(postgres!.adminUrl)).toBe('');
    // The history is replayed on a temporary shadow database, never on the one the URL names.
    expect(await tablesOf(postgres!.adminUrl)).toEqual([]);
  });

  it('is detected when the schema gains a field the migrations lack', async () => {
    const schema = readFileSync(path.join(prismaDir(), 'postgresql/schema.prisma'), 'utf8');
    const changed = schema.replace('model Source {', 'model Source {\n  driftProbe String?');
    expect(await pendingPostgresSchemaChange(postgres!.adminUrl, changed)).toMatch(/ALTER TABLE "Source" ADD COLUMN\s+"driftProbe" TEXT/);
  });
});
