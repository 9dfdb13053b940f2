// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma, the one source of truth: Prisma pins a provider
// per schema file, so PostgreSQL gets a copy with its own datasource and its own generated client.
// `--check` writes nothing and exits 1 when the committed copy is out of step.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const sqliteSchemaPath = path.join(root, 'prisma/schema.prisma');
export const postgresSchemaPath = path.join(root, 'prisma/postgresql/schema.prisma');

const HEADER =
  '// GENERATED from prisma/schema.prisma by packages/db/scripts/postgres-schema.mjs (npm run db:generate): do not edit.\n' +
  '// The same models for PostgreSQL: its own datasource and client (packages/db/src/generated/postgresql).\n\n';

/** @param {string} schema the SQLite schema's text @returns {string} the PostgreSQL schema's text */
export function postgresSchema(schema) {
  const swap = (text, from, to, what) => {
    if (!from.test(text)) throw new Error(`prisma/schema.prisma: cannot derive the PostgreSQL schema: ${what} not found`);
    return text.replace(from, to);
  };
  if (/@db\./.test(schema)) throw new Error('prisma/schema.prisma: native types (@db.…) are engine-specific; derive them here before using one');
  let out = swap(schema, /(datasource db \{\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"', 'datasource db { provider = "sqlite" }');
  out = swap(out, /(output\s*=\s*)"\.\.\/packages\/db\/src\/generated\/prisma"/, '$1"../../packages/db/src/generated/postgresql"', 'the generator output');
  // JSON as written, not jsonb: jsonb re-orders an object's keys (shortest first) and re-spaces it, so audit entries and
  // asserted participants would come back from PostgreSQL in another order than they went in, and exports would differ.
  out = out.replace(/^(\s+\w+\s+Json\??)(?=\s|$)/gm, '$1 @db.Json');
  for (const [model, generated] of Object.entries(SEARCHED)) {
    out = swap(
      out,
      new RegExp(`(model ${model} \\{[^}]*?)\\n\\}`),
      `$1\n\n  /// PostgreSQL's full-text index of this row (written by the migration \`search\`; never read or written through Prisma)\n  search Unsupported("tsvector")?${generated ? ' @default(dbgenerated())' : ''}\n\n  @@index([search], type: Gin)\n}`,
      `model ${model}`,
    );
  }
  return HEADER + out;
}

/**
 * The models with a `search` tsvector column on PostgreSQL (SQLite's FTS5 tables stay outside Prisma's schema), and
 * whether it is a generated column (Prisma reads its expression as a default it does not manage: dbgenerated()).
 * Actors' names span two tables: their column is written by triggers.
 */
const SEARCHED = { Source: true, Claim: true, Actor: false, Event: true };

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const want = postgresSchema(readFileSync(sqliteSchemaPath, 'utf8'));
  let have = null;
  try {
    have = readFileSync(postgresSchemaPath, 'utf8');
  } catch {
    // not written yet
  }
  if (process.argv.includes('--check')) {
    if (have !== want) {
      console.error('prisma/postgresql/schema.prisma is out of step with prisma/schema.prisma: run `npm run db:generate -w @claimline/db` and commit it');
      process.exit(1);
    }
  } else if (have !== want) {
    mkdirSync(path.dirname(postgresSchemaPath), { recursive: true });
    writeFileSync(postgresSchemaPath, want);
  }
}
