// A consistent copy of the live SQLite database (VACUUM INTO runs inside one read transaction, so the
// editor can keep writing), with sessions, password hashes and e-mail addresses removed. SQLite-only: a PostgreSQL
// build would use pg_dump for the same purpose.
import { existsSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from './client.ts';
import { buildSliceTables, type ExportSlice } from './export-reader.ts';

/** What a user record keeps in a snapshot instead of a password hash: no password verifies against it. */
export const NO_PASSWORD = '!';

/** What a user record keeps in a snapshot instead of an e-mail address (unique, and in a reserved domain). */
export const SNAPSHOT_EMAIL_SQL = `'user-' || id || '@snapshot.invalid'`;

/**
 * Writes a snapshot of `file` to `dest` (which must not exist). Sessions are deleted, password hashes and
 * e-mail addresses replaced (in the users and in the audit trail's snapshots of users), with secure_delete
 * on so the bytes do not linger in free pages. With a slice, every record
 * outside it is deleted too and the file is compacted.
 */
export function snapshotDatabase(file: string, dest: string, slice: ExportSlice = {}): { bytes: number } {
  if (existsSync(dest)) throw new Error(`${dest} already exists`);
  const src = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    // VACUUM INTO takes this setting for the file it writes: pages it splits while filling the copy are
    // zeroed instead of keeping stale bytes (a user's e-mail, a password hash) in their unused space.
    src.pragma('secure_delete = ON');
    src.prepare('VACUUM INTO ?').run(dest);
  } finally {
    src.close();
  }
  const out = new Database(dest, { timeout: BUSY_TIMEOUT_MS });
  try {
    out.pragma('journal_mode = DELETE');
    out.pragma('secure_delete = ON');
    out.exec('BEGIN IMMEDIATE');
    out.exec('DELETE FROM Session');
    out.prepare(`UPDATE User SET passwordHash = ?, email = ${SNAPSHOT_EMAIL_SQL}`).run(NO_PASSWORD);
    out.exec(`UPDATE AuditEntry SET before = json_remove(before, '$.email'), after = json_remove(after, '$.email') WHERE recordType = 'user'`);
    const sliced = Boolean(slice.sourceIds?.length || slice.eventIds?.length || slice.since);
    if (sliced) {
      buildSliceTables(out, slice);
      out.exec(`
        DELETE FROM DisputeClaim WHERE claimId NOT IN (SELECT id FROM temp.x_claim);
        DELETE FROM Verdict WHERE id NOT IN (SELECT id FROM temp.x_verdict);
        DELETE FROM Dispute WHERE id NOT IN (SELECT id FROM temp.x_dispute);
        DELETE FROM Link WHERE id NOT IN (SELECT id FROM temp.x_link);
        DELETE FROM Claim WHERE id NOT IN (SELECT id FROM temp.x_claim);
        DELETE FROM Source WHERE id NOT IN (SELECT id FROM temp.x_source);
        DELETE FROM Event WHERE id NOT IN (SELECT id FROM temp.x_event);
        DELETE FROM Actor WHERE id NOT IN (SELECT id FROM temp.x_actor);
        DELETE FROM AuditEntry WHERE id NOT IN (SELECT id FROM temp.x_audit);`);
    }
    out.exec('DELETE FROM SignInAttempt; DELETE FROM TrustedDevice'); // sign-in state (services/sign-in.ts)
    out.exec('COMMIT');
    if (sliced) out.exec('VACUUM');
    const bytes = (out.prepare('SELECT page_count * page_size AS n FROM pragma_page_count, pragma_page_size').get() as { n: number }).n;
    return { bytes };
  } catch (e) {
    out.close();
    rmSync(dest, { force: true });
    throw e;
  } finally {
    if (out.open) out.close();
  }
}
