// numberedParams: SQLite's `?` statements numbered for PostgreSQL, and what is still SQLite's dialect refused in one line.
import { expect, it } from 'vitest';
import { numberedParams } from './dialect.ts';

it('numbers `?` in order, leaving quoted text alone', () => {
  expect(numberedParams(`SELECT c.id, '?' AS q, "what?" FROM "Claim" c WHERE c."sourceId" = ? AND c.start > ? LIMIT ?`)).toBe(
    `SELECT c.id, '?' AS q, "what?" FROM "Claim" c WHERE c."sourceId" = $1 AND c.start > $2 LIMIT $3`,
  );
  expect(numberedParams(`SELECT value::int FROM jsonb_array_elements_text(?::jsonb) WHERE 1 = 1`)).toBe(
    `SELECT value::int FROM jsonb_array_elements_text($1::jsonb) WHERE 1 = 1`,
  );
});

it('refuses a statement still in SQLite’s dialect: a bare mixed-case name, or a SQLite-only function', () => {
  expect(() => numberedParams('SELECT c.sourceId FROM "Claim" c')).toThrow(/^not yet on PostgreSQL: hand-written SQL in SQLite's dialect: SELECT c.sourceId/);
  expect(() => numberedParams('SELECT id FROM "Claim" WHERE id IN (SELECT value FROM json_each(?))')).toThrow(/not yet on PostgreSQL/);
  expect(() => numberedParams('SELECT rowid FROM fts_source WHERE fts_source MATCH ?')).toThrow(/not yet on PostgreSQL/);
});
