// A record's audit trail, newest first, with the name of who did each change. E-mail addresses are an
// admin's to see: for anyone else they are left out, from who made each change and from every snapshot.
import { type z } from 'zod';
import { auditHistorySchema } from '@claimline/core';
import { auditEntries, type Tx } from '@claimline/db';

/** A JSON value without any `email` property, at any depth (user snapshots, and whatever else may carry one). */
export function withoutEmails(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmails);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => k !== 'email')
        .map(([k, v]) => [k, withoutEmails(v)]),
    );
  }
  return value;
}

export async function auditHistory(tx: Tx, raw: z.input<typeof auditHistorySchema>, opts: { showEmails: boolean }) {
  const input = auditHistorySchema.parse(raw);
  const rows = await auditEntries(tx, { recordType: input.recordType, recordId: input.recordId, before: input.cursor ?? null, take: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(({ user, ...r }) => ({
      ...r,
      before: opts.showEmails ? r.before : (withoutEmails(r.before) as typeof r.before),
      after: opts.showEmails ? r.after : (withoutEmails(r.after) as typeof r.after),
      user: user && (opts.showEmails ? user : { id: user.id, name: user.name, role: user.role }),
    })),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}
