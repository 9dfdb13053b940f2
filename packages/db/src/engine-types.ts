// Compile-time proof that the PostgreSQL client may stand in for the SQLite one (`Db`): the same models, every
// operation of every model accepts what the SQLite client accepts, and returns the same records. `tsc` fails on
// any difference (a provider-specific type, or one schema changed without the other). Nothing here runs.
import type { Prisma as S } from './generated/prisma/client.ts';
import type { Prisma as P } from './generated/postgresql/client.ts';

type SModels = S.TypeMap['model'];
type PModels = P.TypeMap['model'];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** For each model: each SQLite operation exists on PostgreSQL, takes the SQLite arguments, and returns the same result. */
type Check = {
  [M in keyof SModels]: M extends keyof PModels
    ? Same<SModels[M]['payload'], PModels[M]['payload']> extends true
      ? {
          [O in keyof SModels[M]['operations']]: O extends keyof PModels[M]['operations']
            ? SModels[M]['operations'][O] extends { args: infer SA; result: infer SR }
              ? PModels[M]['operations'][O] extends { args: infer PA; result: infer PR }
                ? [SA] extends [PA]
                  ? Same<SR, PR>
                  : 'PostgreSQL refuses the SQLite arguments'
                : never
              : never
            : 'operation missing on PostgreSQL';
        }[keyof SModels[M]['operations']]
      : 'records differ'
    : 'model missing on PostgreSQL';
}[keyof SModels];

// `Check` is the union of every answer: exactly `true` only when every model and operation agrees.
export const postgresClientMatchesSqlite: Same<Check, true> = true;
export const sameModels: Same<keyof SModels, keyof PModels> = true;
