// Audit entries: written in the same transaction as the change they record.
import type { Tx } from '@claimline/db';

export type RecordType = 'source' | 'actor' | 'event' | 'claim' | 'link' | 'dispute' | 'verdict' | 'user';

export interface AuditInput {
  userId: number | null;
  action: string;
  recordType: RecordType;
  recordId: number;
  before?: unknown;
  after?: unknown;
}

/** Dates and bigints as JSON-safe values; large texts are kept (a source's text is immutable anyway). */
function plain(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as unknown;
}

export async function audit(tx: Tx, entry: AuditInput): Promise<void> {
  await tx.auditEntry.create({
    data: {
      userId: entry.userId,
      action: entry.action,
      recordType: entry.recordType,
      recordId: entry.recordId,
      before: plain(entry.before) as never,
      after: plain(entry.after) as never,
    },
  });
}

/** Several entries in one statement per CHUNK (a decision's verdicts): the same rows as one `audit` call each, in order. */
export async function auditMany(tx: Tx, entries: AuditInput[], chunk = 100): Promise<void> {
  for (let i = 0; i < entries.length; i += chunk)
    await tx.auditEntry.createMany({
      data: entries.slice(i, i + chunk).map((entry) => ({
        userId: entry.userId,
        action: entry.action,
        recordType: entry.recordType,
        recordId: entry.recordId,
        before: plain(entry.before) as never,
        after: plain(entry.after) as never,
      })),
    });
}
