// The CLI while the editor runs: every command that migrates first (import, migrate, synth, demo, restore)
// must work beside a process holding the database open and writing to it, as `npm start` does, and a
// migration that cannot be applied beside it is refused in one line. The editor is played by
// test/editor-stand-in.ts, which opens the database exactly as the editor's server does (openDb); when the
// editor has been built, import and migrate also run beside the real server (apps/editor/server.mjs).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../bin/claimline.mjs');
const standIn = path.resolve(import.meta.dirname, 'test/editor-stand-in.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'claimline-beside-'));
const main = path.join(dir, 'main.db');
const spare = path.join(dir, 'spare.db');
const editorDir = path.resolve(import.meta.dirname, '../../editor');
const built = existsSync(path.join(editorDir, '.next', 'BUILD_ID'));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const p of running) {
    try {
      // Each child leads its own process group (the editor server forks workers).
      process.kill(-p.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function claimline(args: string[], dbFile: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Starts the stand-in editor on the given databases (`rw:` reads and writes, `r:` only reads) and waits until it has them open. */
async function startEditor(targets: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', standIn, ...targets], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.push(child);
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString('utf8');
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const l of parts) {
        lines.push(l);
        if (l === 'ready') resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`the stand-in editor exited (${code}): ${stderr}`)));
  });
  const rounds = () => lines.filter((l) => l.startsWith('ok ')).length;
  return {
    rounds,
    errors: () => lines.filter((l) => l.startsWith('error ')),
    /** Waits for a few more rounds, so a lock left behind by a command would show as an error. */
    async settle() {
      const from = rounds();
      const until = Date.now() + 15_000;
      while (rounds() < from + 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(rounds(), `the editor stopped answering: ${lines.slice(-3).join(' | ')}`).toBeGreaterThanOrEqual(from + 3);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const count = (file: string, table: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  const articles = path.join(dir, 'articles');
  mkdirSync(articles);
  writeFileSync(
    path.join(articles, 'one.md'),
    '---\ntitle: Talks in Damascus\noutlet: Test Wire\n---\nThe foreign minister met envoys in Damascus on Tuesday.\n',
  );
  writeFileSync(path.join(articles, 'two.txt'), 'Officials in Moscow said the meeting took place in Damascus.\n');
  expect((await claimline(['synth', '--claims', '200'], main)).code).toBe(0);
  expect((await claimline(['migrate'], spare)).code).toBe(0);
});

describe('the command line beside a running editor', () => {
  it('import, migrate, synth, demo, export and restore work while the editor reads and writes, and the editor keeps working', async () => {
    const editor = await startEditor([`rw:file:${main}`, `r:file:${spare}`]);
    try {
      await editor.settle();
      const steps: [string[], string, RegExp][] = [
        [['migrate'], main, /database is up to date/],
        [['import', path.join(dir, 'articles')], main, /imported 2 new source\(s\)/],
        [['synth', '--claims', '50'], main, /synthesised 50 claims/],
        [['demo'], main, /loaded the demo data/],
        [['export', '--format', 'json', '--out', path.join(dir, 'backup.json')], main, /exported json/],
        [['restore', path.join(dir, 'backup.json')], spare, /restored .*backup\.json/],
      ];
      for (const [args, file, expected] of steps) {
        const r = await claimline(args, file);
        expect(r.stderr, `claimline ${args[0]}`).toBe('');
        expect(r.code, `claimline ${args[0]}`).toBe(0);
        expect(r.stdout).toMatch(expected);
        await editor.settle();
      }
      expect(editor.errors()).toEqual([]);
      expect(count(spare, 'Claim')).toBe(count(main, 'Claim'));
    } finally {
      await editor.stop();
    }
  });

  it('a migration pending while the editor has the database open is refused in one line, changing nothing; it applies once the editor stops', async () => {
    // An older database: the last migration not applied yet.
    const last = '20261123104621_review_queue_weight_index';
    const raw = new Database(main);
    raw.prepare('DELETE FROM _prisma_migrations WHERE migration_name = ?').run(last);
    raw.exec('DROP INDEX "Dispute_status_contradictOrigins_supportOrigins_idx"');
    raw.close();
    const hasIndex = () => {
      const db = new Database(main, { readonly: true });
      try {
        return Boolean(db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'Dispute_status_contradictOrigins_supportOrigins_idx'`).get());
      } finally {
        db.close();
      }
    };

    const editor = await startEditor([`rw:file:${main}`]);
    try {
      await editor.settle();
      for (const args of [['migrate'], ['import', path.join(dir, 'articles')]]) {
        const started = Date.now();
        const r = await claimline(args, main);
        expect(r.code, `claimline ${args[0]}`).not.toBe(0);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(new RegExp(`1 migration\\(s\\) pending \\(${last}\\).*open in another process: stop the editor`));
        // Refused at once, not after the busy timeout (10 s) the engine would wait for its lock.
        expect(Date.now() - started).toBeLessThan(9_000);
        expect(hasIndex()).toBe(false);
      }
      await editor.settle();
      expect(editor.errors()).toEqual([]);
    } finally {
      await editor.stop();
    }
    const r = await claimline(['migrate'], main);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`applied 1 migration\\(s\\) .*${last}`));
    expect(hasIndex()).toBe(true);
  });
});

describe.skipIf(!built)('the command line beside the real editor server', () => {
  it('import and migrate work while the editor server has the database open, and the server keeps answering', async () => {
    const file = path.join(dir, 'served.db');
    expect((await claimline(['synth', '--claims', '50'], file)).code).toBe(0);
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => resolve(port));
      });
    });
    const server = spawn(process.execPath, ['server.mjs', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: editorDir,
      env: { ...process.env, DATABASE_URL: `file:${file}`, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
      detached: true,
    });
    running.push(server);
    // A tRPC request makes the server open its database (it does so on first use) and keep it open.
    const search = `http://127.0.0.1:${port}/api/trpc/search.query?input=${encodeURIComponent(JSON.stringify({ q: 'Damascus' }))}`;
    const answer = async () => (await fetch(search)).status;
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await answer()) < 500) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > until) throw new Error('the editor server did not answer within 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    try {
      const imported = await claimline(['import', path.join(dir, 'articles')], file);
      expect(imported.stderr).toBe('');
      expect(imported.stdout).toMatch(/imported 2 new source\(s\)/);
      expect(await answer()).toBeLessThan(500);
      const migrated = await claimline(['migrate'], file);
      expect(migrated.stderr).toBe('');
      expect(migrated.stdout).toMatch(/database is up to date/);
      expect(await answer()).toBeLessThan(500);
    } finally {
      process.kill(-server.pid!, 'SIGTERM');
    }
  });
});
