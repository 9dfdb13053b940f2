// A record's audit trail, newest first, with the name of who did each change.
import { z } from 'zod';
import { auditHistorySchema } from '@claimline/core';
import type { Tx } from '@claimline/db';

export async function auditHistory(tx: Tx, raw: z.input<typeof auditHistorySchema>) {
  const input = auditHistorySchema.parse(raw);
  const rows = await tx.auditEntry.findMany({
    where: { recordType: input.recordType, recordId: input.recordId, ...(input.cursor ? { id: { lt: input.cursor } } : {}) },
    orderBy: { id: 'desc' },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const userIds = [...new Set(page.map((r) => r.userId).filter((x): x is number => x !== null))];
  const users = await tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true, role: true } });
  return {
    items: page.map((r) => ({ ...r, user: users.find((u) => u.id === r.userId) ?? null })),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}
