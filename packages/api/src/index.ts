export { appRouter, createCaller, type AppRouter } from './root.ts';
export { createInnerContext, type Context, type SessionUser } from './context.ts';
export { handleTrpcRequest, csrfRefusal } from './http.ts';
export { sessionCookieName } from './http-session.ts';
export { toTRPCError } from './trpc.ts';
export * as services from './services/index.ts';
export { readCookie, sessionOfRequest } from './http-session.ts';
export { apiNotFound, internalErrorResponse, methodNotAllowed, reportInternalError } from './internal-error.ts';
export { serveTrpcRequest } from './node-http.ts';
