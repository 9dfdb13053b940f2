// `claimline doctor`: the database-level checks of packages/db (integrity, foreign keys, migrations, the
// full-text index and the timeline's day counts against their tables) and the stored disputes against a recompute by the dispute service.
// Without `repair` nothing is written; with it, what can be fixed is fixed, disputes through the same
// service (and audit entries) as every other change.
import {
  BUSY_TIMEOUT_MS,
  checkDatabaseFile,
  checkPostgresDatabase,
  databaseTarget,
  repairPostgresTriggers,
  ensureSearchIndex,
  ensureTimelineCounts,
  migrate,
  openDb,
  rebuildLinkParticipants,
  staleLinkParticipants,
  writeTx,
  type Db,
  type Finding,
} from '@claimline/db';
import { disputesDrifting, eachDisputeBatch, refreshDisputesForEvents } from './disputes.ts';

export interface DoctorOptions {
  repair?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface DoctorReport {
  /** What was wrong, one line each, before any repair. */
  findings: Finding[];
  /** What `repair` fixed, one line each. */
  repaired: string[];
  /** Findings still standing (all of them without `repair`). */
  remaining: Finding[];
  /** Events whose disputes were compared with a recompute (null: not checked, see `notChecked`). */
  eventsChecked: number | null;
  /** Why the disputes were not checked, when they were not. */
  notChecked?: string;
}

/** Events are repaired in transactions of this many, so the editor's writes wait a moment at most. */
const EVENTS_PER_TRANSACTION = 100;

/**
 * Compares the stored disputes of every event with links or a dispute against what detection says now, a batch
 * of events at a time (each read in one read transaction: its links and disputes are one picture); with
 * `commit`, refreshes the events that differ through the dispute service (audited). Returns those events.
 */
async function recomputeDisputes(db: Db, commit: boolean, onProgress?: (done: number, total: number) => void) {
  const changed: number[] = [];
  const events = await eachDisputeBatch(db, async (batch, done, total) => {
    const differing = await db.$transaction((tx) => disputesDrifting(tx, batch), { maxWait: BUSY_TIMEOUT_MS, timeout: 60_000 });
    if (commit)
      for (let i = 0; i < differing.length; i += EVENTS_PER_TRANSACTION)
        await writeTx(db, (tx) => refreshDisputesForEvents(tx, null, differing.slice(i, i + EVENTS_PER_TRANSACTION)));
    changed.push(...differing);
    onProgress?.(done, total);
  });
  return { events, changed };
}

const eventList = (ids: number[]) => ids.slice(0, 10).join(', ') + (ids.length > 10 ? ', …' : '');
const reason = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0]! : String(e));

/** Checks the database (a SQLite file, or a PostgreSQL URL); with `repair`, fixes what can be fixed. */
export async function runDoctor(database: string, options: DoctorOptions = {}): Promise<DoctorReport> {
  const target = databaseTarget(database);
  const url = target.engine === 'postgresql' ? target.url : `file:${target.file}`;
  const findings = target.engine === 'postgresql' ? await checkPostgresDatabase(target.url) : checkDatabaseFile(target.file);
  const repaired: string[] = [];
  const remaining: Finding[] = [];
  let migrated = !findings.some((f) => f.check === 'migrations');

  for (const f of findings) {
    if (!options.repair || !f.repairable) remaining.push(f);
  }
  if (options.repair) {
    const migrations = findings.find((f) => f.check === 'migrations');
    if (migrations) {
      try {
        const m = await migrate(url);
        repaired.push(`migrations: applied ${m.applied.join(', ')}`);
        migrated = true;
      } catch (e) {
        remaining.push({ ...migrations, message: `${migrations.message}: ${reason(e)}` });
      }
    }
    const index = findings.filter((f) => f.check === 'search index');
    if (index.length && !migrated) remaining.push(...index);
    else if (index.length && target.engine === 'sqlite') {
      ensureSearchIndex(target.file, { rebuild: true });
      repaired.push(`search index: rebuilt from the sources, claims, events and actors (${index.length} problem(s) found)`);
    }
    const counts = findings.filter((f) => f.check === 'timeline counts');
    if (counts.length && !migrated) remaining.push(...counts);
    else if (counts.length) {
      if (target.engine === 'postgresql') await repairPostgresTriggers(target.url);
      else ensureTimelineCounts(target.file, { rebuild: true });
      repaired.push(
        `timeline counts: triggers installed and counts rebuilt from the events${target.engine === 'postgresql' ? ' (and actors’ search names)' : ''} (${counts.length} problem(s) found)`,
      );
    }
  }

  // Disputes are derived from the rows: compare them only on a database whose rows can be read and trusted.
  if (!migrated || findings.some((f) => f.check === 'integrity')) {
    const notChecked = migrated ? 'disputes: not checked (the file fails its integrity check)' : 'disputes: not checked until the migrations are applied';
    return { findings, repaired, remaining, eventsChecked: null, notChecked };
  }
  const db = await openDb({ url, repairSearchIndex: false });
  try {
    // LinkParticipant is derived from the links' asserted participants (merges find links through it).
    const stale = await staleLinkParticipants(db);
    if (stale.length) {
      const finding: Finding = {
        check: 'link participants',
        message: `link participants: ${stale.length} link(s) whose derived participant rows differ from what they assert (link ${eventList(stale)})`,
        repairable: true,
      };
      findings.push(finding);
      if (options.repair) {
        await writeTx(db, (tx) => rebuildLinkParticipants(tx));
        repaired.push(`link participants: rebuilt from the links (${stale.length} link(s) differed)`);
      } else remaining.push(finding);
    }
    const { events, changed } = await recomputeDisputes(db, Boolean(options.repair), options.onProgress);
    if (changed.length) {
      const finding: Finding = {
        check: 'disputes',
        message: `disputes: ${changed.length} event(s) disagree with a recompute (event ${eventList(changed)})`,
        repairable: true,
      };
      findings.push(finding);
      if (options.repair) repaired.push(`disputes: recomputed ${changed.length} event(s) through dispute detection (event ${eventList(changed)})`);
      else remaining.push(finding);
    }
    if (repaired.length) {
      // Migrations and disputes leave their own records (the migrations table, an audit entry per dispute);
      // this entry says that a repair ran and what it fixed.
      await writeTx(db, (tx) => tx.auditEntry.create({ data: { action: 'repair', recordType: 'database', recordId: 0, after: { repaired } } }));
    }
    return { findings, repaired, remaining, eventsChecked: events };
  } finally {
    await db.$disconnect();
  }
}
