// For test files: a database of their own on the run's throwaway PostgreSQL cluster (see postgres-setup.ts), dropped
// when the file's tests end. `describePostgres` skips its tests where the run has no PostgreSQL (a developer's
// machine without the server; never in CI).
import { afterAll, describe, inject } from 'vitest';
import { createDatabase, dropDatabase, NO_POSTGRES } from './postgres.ts';
import type {} from './postgres-setup.ts'; // its ProvidedContext declaration, for packages that import this file

export const postgres = inject('postgres');

export const describePostgres = postgres ? describe : describe.skip;

/**
 * The engine a test file's database runs on: PostgreSQL when CLAIMLINE_TEST_ENGINE=postgresql (a vitest project
 * running files a second time, on the run's cluster), else SQLite.
 */
export const testEngine: 'sqlite' | 'postgresql' = process.env.CLAIMLINE_TEST_ENGINE === 'postgresql' ? 'postgresql' : 'sqlite';

const created: string[] = [];
let counter = 0;

afterAll(async () => {
  if (postgres) for (const name of created.splice(0)) await dropDatabase(postgres.adminUrl, name);
});

/** A new database: a copy of the migrated template, or empty with `{ migrated: false }`. Returns its URL. */
export async function postgresDatabase(options: { migrated?: boolean } = {}): Promise<string> {
  if (!postgres) throw new Error(NO_POSTGRES);
  const name = `test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  created.push(name);
  return createDatabase(postgres.adminUrl, name, options.migrated === false ? undefined : postgres.template);
}
