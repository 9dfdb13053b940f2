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
