// A record's audit trail, newest first, a page at a time, with who made each change: one statement (the
// entries and their users joined), read through the index on (recordType, recordId) from the cursor.
import type { Tx } from '../client.ts';
import { readRows } from './read.ts';
import type { Prisma } from '../generated/prisma/client.ts';

export interface AuditEntryRow {
  id: number;
  at: Date;
  userId: number | null;
  action: string;
  recordType: string;
  recordId: number;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
}

export interface AuditUser {
  id: number;
  name: string;
  email: string;
  role: string;
}

/** Up to `take` entries of one record with ids below `before` (when given), newest first, each with its user (null: none, or the CLI). */
export async function auditEntries(
  tx: Tx,
  opts: { recordType: string; recordId: number; before: number | null; take: number },
): Promise<(AuditEntryRow & { user: AuditUser | null })[]> {
  const rows = await readRows<(AuditEntryRow & { userKey: number | null; userName: string; userEmail: string; userRole: string })[]>(
    tx,
    `SELECT a.id, a.at, a."userId", a.action, a."recordType", a."recordId", a.before, a.after,
            u.id AS "userKey", u.name AS "userName", u.email AS "userEmail", u.role AS "userRole"
       FROM "AuditEntry" a LEFT JOIN "User" u ON u.id = a."userId"
      WHERE a."recordType" = ? AND a."recordId" = ? ${opts.before ? 'AND a.id < ?' : ''}
      ORDER BY a.id DESC LIMIT ?`,
    opts.recordType,
    opts.recordId,
    ...(opts.before ? [opts.before] : []),
    opts.take,
  );
  return rows.map(({ userKey, userName, userEmail, userRole, ...entry }) => ({
    ...entry,
    user: userKey === null ? null : { id: userKey, name: userName, email: userEmail, role: userRole },
  }));
}
