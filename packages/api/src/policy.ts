// The role policy on the server (the table is packages/core/src/roles.ts): procedures gated by an act,
// per-record acts checked inside the write's transaction, and the rule that only a role allowed to
// alter disputes may make a change that ends an open one, whatever the path.
import { TRPCError } from '@trpc/server';
import { AppError, can, refusal, type Act } from '@claimline/core';
import { writeTx, type Db, type Tx } from '@claimline/db';
import { authedProcedure } from './trpc.ts';
import type { SessionUser } from './context.ts';

/** A procedure for signed-in users whose role may perform `act`; others get FORBIDDEN and nothing runs. */
export function procedureFor(act: Act) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!can(ctx.user.role, act)) throw new TRPCError({ code: 'FORBIDDEN', message: refusal(ctx.user.role, act) });
    return next();
  });
}

/** Refuses a per-record act (read from the record inside the transaction) with FORBIDDEN; null (no such record) passes. */
export function authorize(user: Pick<SessionUser, 'role'>, recordAct: { act: Act; what?: string } | null): void {
  if (recordAct && !can(user.role, recordAct.act)) throw new AppError('FORBIDDEN', refusal(user.role, recordAct.act, recordAct.what));
}

/**
 * A write as `user`, in one transaction: `fn` runs the per-record checks and the change. When the user may
 * not alter disputes and the change voided an open one (a link edited so the claims agree, say), the whole
 * transaction is rolled back and the change refused: ending a dispute is a reviewer's decision.
 */
export function writeAs<T>(db: Db, user: SessionUser, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return writeTx(db, async (tx) => {
    const guarded = !can(user.role, 'dispute.alter');
    const mark = guarded ? ((await tx.auditEntry.aggregate({ _max: { id: true } }))._max.id ?? 0) : 0;
    const result = await fn(tx);
    if (guarded) {
      const ended = await tx.auditEntry.findFirst({ where: { id: { gt: mark }, recordType: 'dispute', action: 'void' }, select: { recordId: true } });
      if (ended) {
        const d = await tx.dispute.findUnique({ where: { id: ended.recordId }, select: { eventId: true } });
        throw new AppError(
          'FORBIDDEN',
          refusal(
            user.role,
            'dispute.alter',
            `this change would end open dispute #${ended.recordId} on event #${d?.eventId ?? '?'} (its claims would no longer conflict); ending a dispute`,
          ),
        );
      }
    }
    return result;
  });
}
