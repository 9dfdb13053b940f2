// Several processes writing at once (the editor and a CLI import, say): every acknowledged write must be
// in the database, and the write-lock-first transactions must not fail with SQLITE_BUSY.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'claimline-conc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('concurrent writers in several processes', () => {
  it('loses no acknowledged write and refuses none', async () => {
    const file = path.join(dir, 'conc.db');
    await migrate(`file:${file}`);
    const processes = 4;
    const perProcess = 150;
    const worker = path.join(import.meta.dirname, 'test', 'concurrent-writer.ts');
    const results = await Promise.all(
      Array.from({ length: processes }, (_, p) =>
        run(process.execPath, ['--import', 'tsx', worker, `file:${file}`, `p${p}`, String(perProcess)], { maxBuffer: 1 << 24 }),
      ),
    );
    const parsed = results.map((r) => JSON.parse(r.stdout) as { acknowledged: number[]; failed: number });
    const acknowledged = parsed.flatMap((r) => r.acknowledged);
    const failed = parsed.reduce((n, r) => n + r.failed, 0);
    const db = new Database(file, { readonly: true });
    const stored = new Set((db.prepare(`SELECT id FROM AuditEntry WHERE recordType = 'probe'`).all() as { id: number }[]).map((r) => r.id));
    db.close();
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBe(acknowledged.length);
    expect(failed).toBe(0);
    expect(acknowledged.length).toBe(processes * perProcess);
  });
});
