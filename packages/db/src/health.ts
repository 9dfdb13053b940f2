// The database-level checks of `claimline doctor`: SQLite's integrity check, foreign keys, pending
// migrations, the full-text index and the timeline's day counts against their tables (read-only). On PostgreSQL
// the server keeps integrity and foreign keys, and the search columns are generated: the checks are the pending
// migrations and what its triggers keep (the day counts, actors' search names).
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { pendingMigrations } from './migrate.ts';
import { searchIndexProblemsFull } from './search-index.ts';
import { timelineCountProblemsFull } from './timeline-counts.ts';
import { connectPostgres, pendingPostgresMigrations, postgresMigrationsDir } from './migrate-postgres.ts';
import { ensurePostgresTriggers, postgresTriggerProblems } from './postgres-triggers.ts';
import { prismaDir } from './migrate.ts';

export type HealthCheck = 'integrity' | 'foreign keys' | 'migrations' | 'search index' | 'timeline counts' | 'link participants' | 'disputes';

export interface Finding {
  check: HealthCheck;
  /** One line a user can act on. */
  message: string;
  /** Whether `claimline doctor --repair` can fix it. */
  repairable: boolean;
}

const MAX_INTEGRITY_LINES = 20;

/** Runs every database-level check on `file` without changing it. [] when all is well. */
export function checkDatabaseFile(file: string): Finding[] {
  if (!existsSync(file)) return [{ check: 'migrations', message: `migrations: ${file} does not exist yet`, repairable: true }];
  const findings: Finding[] = [];
  const db = new Database(file, { fileMustExist: true, timeout: 10_000 });
  try {
    const integrity = db.pragma(`integrity_check(${MAX_INTEGRITY_LINES})`, { simple: false }) as { integrity_check: string }[];
    for (const { integrity_check: line } of integrity) {
      if (line !== 'ok') findings.push({ check: 'integrity', message: `integrity: ${line}`, repairable: false });
    }
    findings.push(...foreignKeyFindings(db));
    const pending = pendingMigrations(file);
    if (pending.length) findings.push({ check: 'migrations', message: `migrations: ${pending.length} pending (${pending.join(', ')})`, repairable: true });
    for (const message of searchIndexProblemsFull(db)) findings.push({ check: 'search index', message, repairable: true });
    for (const message of timelineCountProblemsFull(db)) findings.push({ check: 'timeline counts', message, repairable: true });
  } finally {
    db.close();
  }
  return findings;
}

/** PRAGMA foreign_key_check, one line per table and missing parent table. */
function foreignKeyFindings(db: Database.Database): Finding[] {
  const rows = db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[];
  const groups = new Map<string, { table: string; parent: string; rowids: (number | null)[] }>();
  for (const r of rows) {
    const key = `${r.table}\u0000${r.parent}`;
    const g = groups.get(key) ?? { table: r.table, parent: r.parent, rowids: [] };
    g.rowids.push(r.rowid);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => {
    const shown = g.rowids.slice(0, 5).join(', ') + (g.rowids.length > 5 ? ', …' : '');
    return {
      check: 'foreign keys' as const,
      message: `foreign keys: ${g.rowids.length} ${g.table} row(s) refer to a missing ${g.parent} (rowid ${shown})`,
      repairable: false,
    };
  });
}

/** The database-level checks on PostgreSQL (see the top of this file), without changing anything. */
export async function checkPostgresDatabase(url: string): Promise<Finding[]> {
  const pending = await pendingPostgresMigrations(url, postgresMigrationsDir(prismaDir()));
  if (pending.length) return [{ check: 'migrations', message: `migrations: ${pending.length} not applied (${pending.join(', ')})`, repairable: true }];
  const client = await connectPostgres(url);
  try {
    return (await postgresTriggerProblems(client)).map((message) => ({ check: 'timeline counts' as const, message, repairable: true }));
  } finally {
    await client.end();
  }
}

/** Reinstalls PostgreSQL's triggers and refills what they keep, in one transaction (doctor --repair). */
export async function repairPostgresTriggers(url: string): Promise<void> {
  const client = await connectPostgres(url);
  try {
    await ensurePostgresTriggers(client, { rebuild: true });
  } finally {
    await client.end();
  }
}
