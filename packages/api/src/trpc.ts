// The procedure builders: what every router needs, and nothing else.
import { initTRPC, TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import { AppError, describeIssues, fieldErrorsOf, type AppErrorCode } from '@claimline/core';
import { Prisma } from '@claimline/db';
import type { Context } from './context.ts';
import { isGenericMessage, reportInternalError } from './internal-error.ts';

const trpcCode: Record<AppErrorCode, TRPCError['code']> = {
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
};

/** Zod's issues as one line: `start: expected number; sourceId: too small` (core's describeIssues). */
const zodMessage = (e: ZodError) => describeIssues(e);

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, path }) {
    const fields = fieldErrorsOf(error.cause);
    let message = shape.message;
    if (error.cause instanceof ZodError) {
      message = zodMessage(error.cause);
    } else if (error.code === 'INTERNAL_SERVER_ERROR' && !isGenericMessage(message)) {
      // Failures outside a procedure (building the context, reading the request) end up here.
      message = reportInternalError(error.cause ?? error, `tRPC ${path ?? '(request)'}`);
    }
    return { ...shape, message, data: { ...shape.data, stack: undefined, fieldErrors: fields } };
  },
});

/** Turns domain and database errors into the tRPC error a client can act on; never a bare 500 for bad input. */
export function toTRPCError(error: unknown): unknown {
  // The request's input could not be read as JSON (tRPC parses it when a procedure first asks for it).
  if (error instanceof SyntaxError && /JSON/.test(error.message))
    return new TRPCError({ code: 'BAD_REQUEST', message: `input is not valid JSON: ${error.message}`, cause: error });
  if (error instanceof TRPCError) return error;
  if (error instanceof ZodError) return new TRPCError({ code: 'BAD_REQUEST', message: zodMessage(error), cause: error });
  if (error instanceof AppError) return new TRPCError({ code: trpcCode[error.code], message: error.message, cause: error });
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    // The write lock could not be had in time (another long write, e.g. a restore): worth retrying.
    if (error.code === 'P2028') return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'the database is busy; try again in a moment', cause: error });
    if (error.code === 'P2025') return new TRPCError({ code: 'NOT_FOUND', message: 'record not found', cause: error });
    if (error.code === 'P2002') return new TRPCError({ code: 'CONFLICT', message: 'a record with the same unique value already exists', cause: error });
    if (error.code === 'P2003') return new TRPCError({ code: 'BAD_REQUEST', message: 'a referenced record does not exist', cause: error });
  }
  return error;
}

/**
 * Known errors keep their message; anything else (a database or library failure, a bug) becomes
 * `internal error (id …)`, logged with its id and the whole error. Direct callers (the editor's server
 * components) get the same as HTTP clients.
 */
const errorMapping = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause ?? result.error;
    const mapped = toTRPCError(cause);
    if (mapped instanceof TRPCError && mapped.code !== 'INTERNAL_SERVER_ERROR') result.error = mapped;
    else if (!isGenericMessage(result.error.message)) {
      result.error = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: reportInternalError(cause, `tRPC ${path}`), cause });
    }
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);

/** Any signed-in user. What each role may do is the policy in @claimline/core (roles.ts), applied by policy.ts. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const idInput = z.object({ id: z.number().int().positive() });
