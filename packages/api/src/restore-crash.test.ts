// A restore killed (SIGKILL) as it starts reading the file, half-way through (records checked and written in
// its open transaction), and just after its commit: afterwards
// the database is either empty (and the restore runs again) or complete with its search index and triggers,
// without any repair: search finds, an edit saves, and the doctor's checks find nothing. The export here is
// small, so the test lowers the size above which a restore loads without the full-text triggers and rebuilds
// the index (64 MiB by default) to 0: the path that used to rebuild the index after the commit; and the size
// above which it reads in a worker thread (16 MiB) to 0 as well, as a large restore does.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabaseFile, migrate, openDb, searchIndexProblems, synthesize, writeTx } from '@claimline/db';
import { exportDatabase } from './services/export.ts';
import { searchQuery } from './services/search.ts';
import { updateClaim } from './services/claims.ts';

const child = path.join(import.meta.dirname, 'test', 'restore-child.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'claimline-crash-'));
const exportFile = path.join(dir, 'backup.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TERM = 'Damascus';
let expectedHits = 0;
let claims = 0;

beforeAll(async () => {
  const source = path.join(dir, 'source.db');
  await migrate(`file:${source}`);
  claims = synthesize(source, { claims: 4000, seed: 7 }).claims;
  await exportDatabase(source, 'json', exportFile);
  const db = await openDb({ url: `file:${source}` });
  expectedHits = (await searchQuery(db, { q: TERM, kinds: ['source', 'claim', 'event'], limit: 100 })).items.length;
  await db.$disconnect();
  expect(expectedHits).toBeGreaterThan(0);
});

type Point = 'reading' | 'half-way' | 'just after the commit';

/** Runs the restore in a child process and kills it at `point`; resolves with what it had printed. */
function restoreAndKill(target: string, point: Point | null): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, target, exportFile, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    let poll: NodeJS.Timeout | undefined;
    const kill = () => p.kill('SIGKILL');
    p.stderr.on('data', (d) => (stderr += d));
    p.stdout.on('data', (d: Buffer) => {
      for (const l of String(d).split('\n').filter(Boolean)) {
        lines.push(l);
        if (point === 'reading' && l === 'read') kill();
        if (point === 'half-way' && l === 'half') kill();
        if (point === 'just after the commit' && l === 'commit') {
          // Watch from outside, as another process would: the moment the rows are visible, the commit happened.
          const watcher = new Database(target, { readonly: true });
          poll = setInterval(() => {
            if ((watcher.prepare('SELECT count(*) AS n FROM Source').get() as { n: number }).n > 0) {
              kill();
              clearInterval(poll);
              watcher.close();
            }
          }, 1);
        }
      }
    });
    p.on('exit', (code, signal) => {
      clearInterval(poll);
      if (point === null && code !== 0) reject(new Error(`restore failed (${code}): ${stderr}`));
      else if (point !== null && signal !== 'SIGKILL') reject(new Error(`the restore ended before it was killed ${point} (${code}): ${stderr}`));
      else resolve(lines);
    });
  });
}

function inspect(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return { sources: (db.prepare('SELECT count(*) AS n FROM Source').get() as { n: number }).n, index: searchIndexProblems(db) };
  } finally {
    db.close();
  }
}

describe('a restore killed at any point', () => {
  it.each<Point>(['reading', 'half-way', 'just after the commit'])(
    'killed while %s: the database is empty or whole, and search and editing work',
    async (point) => {
      const target = path.join(dir, `${point.replace(/\W+/g, '-')}.db`);
      await restoreAndKill(target, point);
      const after = inspect(target);
      // Whatever the moment, the index agrees with the rows and every trigger is in place: no repair needed.
      expect(after.index).toEqual([]);
      if (point === 'just after the commit') expect(after.sources).toBeGreaterThan(0);
      if (after.sources === 0) {
        // Nothing was written, so the restore can simply run again.
        expect(point).not.toBe('just after the commit');
        await restoreAndKill(target, null);
      }
      expect(checkDatabaseFile(target)).toEqual([]);

      const db = await openDb({ url: `file:${target}`, repairSearchIndex: false });
      try {
        expect(await db.claim.count()).toBe(claims);
        expect((await searchQuery(db, { q: TERM, kinds: ['source', 'claim', 'event'], limit: 100 })).items.length).toBe(expectedHits);
        const claim = (await db.claim.findFirst({ orderBy: { id: 'asc' }, select: { id: true, version: true } }))!;
        await writeTx(db, (tx) => updateClaim(tx, null, { id: claim.id, version: claim.version, paraphrase: 'A paraphrase about Zanzibar' }));
        const found = await searchQuery(db, { q: 'Zanzibar', kinds: ['claim'] });
        expect(found.items.map((i) => i.id)).toEqual([claim.id]);
      } finally {
        await db.$disconnect();
      }
    },
  );
});
