// `claimline export`, `restore`, `import` and `synth` as a user runs them: exit codes, one-line errors,
// --help, a full export → restore → export cycle, and Ctrl-C leaving no half-written file.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'apps/cli/bin/claimline.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'claimline-export-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function claimline(args: string[], dbFile: string) {
  return run(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, maxBuffer: 1 << 26 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

const oneLine = (stderr: string) => expect(stderr.trim().split('\n')).toHaveLength(1);
const count = (file: string, table: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

const demoDb = path.join(dir, 'demo.db');
beforeAll(async () => {
  const d = await claimline(['demo'], demoDb);
  expect(d.code).toBe(0);
});

describe('claimline --help', () => {
  it('lists every command with a line each', async () => {
    const r = await claimline(['--help'], demoDb);
    expect(r.code).toBe(0);
    for (const c of ['migrate', 'demo', 'setup', 'user', 'disputes', 'export', 'backup', 'import', 'restore', 'synth']) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b.*\\S`, 'm'));
    }
  });

  it.each(['export', 'backup', 'import', 'restore', 'synth'])('%s --help explains the command', async (c) => {
    const r = await claimline([c, '--help'], demoDb);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Usage: claimline ${c}`));
  });
});

describe('claimline export and restore', () => {
  it('exports every format, and export → restore → export round-trips', async () => {
    const out = path.join(dir, 'out');
    mkdirSync(out);
    for (const [format, file] of [
      ['json', 'a.json'],
      ['jsonl', 'a.jsonl'],
      ['csv', 'csv'],
      ['csv', 'a.zip'],
      ['sqlite', 'a.sqlite'],
      ['webannotation', 'wa.jsonld'],
      ['claimreview', 'cr.jsonld'],
    ]) {
      const r = await claimline(['export', '--format', format!, '--out', path.join(out, file!)], demoDb);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^exported ${format} to .*: 5 sources`));
      expect(existsSync(path.join(out, file!))).toBe(true);
    }
    const restored = path.join(dir, 'restored.db');
    const r = await claimline(['restore', path.join(out, 'a.json')], restored);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^restored .*: 5 sources, \d+ actors/);
    expect((await claimline(['export', '--format', 'json', '--out', path.join(out, 'b.json')], restored)).code).toBe(0);
    const a = JSON.parse(readFileSync(path.join(out, 'a.json'), 'utf8'));
    const b = JSON.parse(readFileSync(path.join(out, 'b.json'), 'utf8'));
    expect(b.audit.pop().action).toBe('restore');
    expect({ ...b, exportedAt: a.exportedAt }).toEqual(a);
    expect(readdirSync(out).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('slices with --source, --event and --since', async () => {
    const out = path.join(dir, 'slice.json');
    const r = await claimline(['export', '--format', 'json', '--out', out, '--source', '1', '--since', '2000-01-01'], demoDb);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.sources.map((s: { id: number }) => s.id)).toEqual([1]);
    expect(doc.claims.every((c: { sourceId: number }) => c.sourceId === 1)).toBe(true);
  });

  it.each<[string, string[], RegExp]>([
    ['an unknown format', ['export', '--format', 'xml', '--out', 'x'], /format/],
    ['a missing --out', ['export', '--format', 'json'], /--out/],
    ['a bad --since', ['export', '--format', 'json', '--out', 'x.json', '--since', 'yesterday'], /--since/],
    ['a bad --source', ['export', '--format', 'json', '--out', 'x.json', '--source', 'abc'], /--source/],
    ['a missing restore file', ['restore', '/nonexistent/file.json'], /no such file/],
    ['a bad --claims', ['synth', '--claims', 'many'], /--claims/],
  ])('refuses %s with one line on stderr and a non-zero exit', async (_name, args, reason) => {
    const r = await claimline(args, demoDb);
    expect(r.code).not.toBe(0);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(reason);
  });

  it('refuses to overwrite an existing file without --force, and to export a database that does not exist', async () => {
    const file = path.join(dir, 'exists.json');
    writeFileSync(file, 'keep me');
    const r = await claimline(['export', '--format', 'json', '--out', file], demoDb);
    expect(r.code).not.toBe(0);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/already exists/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    const none = await claimline(['export', '--format', 'json', '--out', path.join(dir, 'n.json')], path.join(dir, 'missing.db'));
    expect(none.code).not.toBe(0);
    oneLine(none.stderr);
    expect(none.stderr).toMatch(/no database/);
  });

  it('a bad restore file names the line and path, exits non-zero and writes nothing', async () => {
    const doc = JSON.parse(readFileSync(path.join(dir, 'out', 'a.json'), 'utf8'));
    doc.claims[2].claimantId = 424242;
    const lines = JSON.stringify(doc).replace(/\},\{/g, '},\n{');
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, lines);
    const target = path.join(dir, 'bad-target.db');
    const r = await claimline(['restore', bad], target);
    expect(r.code).not.toBe(0);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/line \d+, \$\.claims\[2\]\.claimantId: actor 424242 is not in the file/);
    expect(count(target, 'Source')).toBe(0);
    expect(count(target, 'AuditEntry')).toBe(0);
    const again = await claimline(['restore', path.join(dir, 'out', 'a.json')], demoDb);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/not empty/);
  });
});

describe('claimline backup', () => {
  it('backs up accounts and records; restore brings the accounts back and says so; the file is readable by its owner only', async () => {
    const setupDb = path.join(dir, 'setup.db');
    expect((await claimline(['setup'], setupDb)).code).toBe(0);
    const file = path.join(dir, 'backup.json');
    const b = await claimline(['backup', '--out', file], setupDb);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/^backed up to .*: 3 accounts, 5 sources/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/"kind":"backup"/);
    const again = await claimline(['backup', '--out', file], setupDb);
    expect(again.code).not.toBe(0);
    oneLine(again.stderr);
    expect(again.stderr).toMatch(/already exists/);
    const restored = path.join(dir, 'from-backup.db');
    const r = await claimline(['restore', file], restored);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^restored .*: 5 sources, .* 3 accounts$/m);
    const db = new Database(restored, { readonly: true });
    try {
      expect(db.prepare(`SELECT email, disabled, passwordHash LIKE '$argon2id$%' AS hashed FROM User ORDER BY id`).all()).toEqual(
        ['admin', 'reviewer', 'annotator'].map((role) => ({ email: `${role}@claimline.test`, disabled: 0, hashed: 1 })),
      );
    } finally {
      db.close();
    }
  });
});

describe('claimline import', () => {
  it('imports a folder, reports a summary, and a second run changes nothing', async () => {
    const articles = path.join(dir, 'articles');
    mkdirSync(path.join(articles, 'sub'), { recursive: true });
    writeFileSync(path.join(articles, 'one.md'), '---\ntitle: One\noutlet: Wire\npublished: 2024-12~\n---\nFirst article.\n');
    writeFileSync(path.join(articles, 'sub', 'two.txt'), 'Second article, 🇸🇾 and العربية.\n');
    const db = path.join(dir, 'import.db');
    const first = await claimline(['import', articles], db);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/imported 2 new source\(s\), 0 already present, 0 failed/);
    const second = await claimline(['import', articles], db);
    expect(second.stdout).toMatch(/imported 0 new source\(s\), 2 already present, 0 failed/);
    expect(count(db, 'Source')).toBe(2);
    writeFileSync(path.join(articles, 'bad.md'), '---\npublished: someday\n---\ntext\n');
    const third = await claimline(['import', articles], db);
    expect(third.code).not.toBe(0);
    oneLine(third.stderr);
    expect(third.stderr).toMatch(/bad\.md: .*published/);
    const missing = await claimline(['import', path.join(dir, 'nope')], db);
    expect(missing.code).not.toBe(0);
    oneLine(missing.stderr);
  });

  it('says how many unreadable characters became U+FFFD', async () => {
    const file = path.join(dir, 'latin1.txt');
    writeFileSync(file, Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' cr'), Buffer.from([0xe8]), Buffer.from('me.\n')]));
    const r = await claimline(['import', file], path.join(dir, 'latin1.db'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/latin1\.txt, 2 unreadable character\(s\) replaced by U\+FFFD\)/);
    expect(r.stdout).toMatch(
      /imported 1 new source\(s\), 0 already present, 0 failed; 2 unreadable character\(s\) \(invalid UTF-8, lone surrogates\) replaced by U\+FFFD/,
    );
  });
});

describe('claimline synth and Ctrl-C', () => {
  it('synth fills a database; an export interrupted with SIGINT leaves no partial file', async () => {
    const db = path.join(dir, 'synth.db');
    const s = await claimline(['synth', '--claims', '40000'], db);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/synthesised 40000 claims/);
    expect(count(db, 'Claim')).toBe(40_000);
    expect(count(db, 'Dispute')).toBeGreaterThan(0);
    const outDir = path.join(dir, 'interrupt');
    mkdirSync(outDir);
    const out = path.join(outDir, 'big.json');
    const child = spawn(process.execPath, [bin, 'export', '--format', 'json', '--out', out], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `file:${db}` },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Interrupt once the export has started writing its temporary file.
    let done = false;
    void exited.then(() => (done = true));
    while (!done && !readdirSync(outDir).some((f) => f.includes('.partial'))) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    const code = await exited;
    expect([0, 130]).toContain(code);
    expect(readdirSync(outDir).filter((f) => f.includes('.partial'))).toEqual([]);
    if (code === 130) {
      expect(existsSync(out)).toBe(false);
      expect(stderr).toMatch(/interrupted/);
    } else JSON.parse(readFileSync(out, 'utf8'));
  });
});
