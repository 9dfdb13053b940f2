// source.importArticle through the caller: an uploaded file is read like `claimline import` reads one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, codeOf, type Harness } from './test/harness.ts';
import { importArticleFile } from './services/import-files.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

const WITH_FRONT_MATTER = [
  '---',
  'title: Talks at the crossing',
  'outlet: Field Desk',
  'published: 2024-12-06',
  'authors: A. Writer; B. Writer',
  '---',
  'The delegations met at dawn.',
].join('\n');

describe('source.importArticle', () => {
  it('takes the metadata from the front matter and stores only the body', async () => {
    const { source, created } = await h
      .as('annotator')
      .source.importArticle({ filename: 'talks.md', content: WITH_FRONT_MATTER, defaults: { outlet: 'Ignored', language: 'en' } });
    expect(created).toBe(true);
    expect(source).toMatchObject({ title: 'Talks at the crossing', outlet: 'Field Desk', published: '2024-12-06', authors: ['A. Writer', 'B. Writer'] });
    expect((await h.as('annotator').source.get({ id: source.id })).text).toBe('The delegations met at dawn.');
    expect(await h.db.auditEntry.count({ where: { recordType: 'source', recordId: source.id } })).toBe(1);
  });

  it('fills what the file does not say from the defaults, guesses the title, and lets a given title win', async () => {
    const plain = await h.as('annotator').source.importArticle({
      filename: 'note.txt',
      content: '# A heading\n\nBody text.',
      defaults: { outlet: 'Desk', language: 'ar', published: '2025-01~' },
    });
    expect(plain.source).toMatchObject({ title: 'A heading', outlet: 'Desk', language: 'ar', published: '2025-01~' });
    const titled = await h
      .as('annotator')
      .source.importArticle({ filename: 'x.txt', content: 'Other body.', title: 'Chosen title', defaults: { outlet: 'Desk' } });
    expect(titled.source.title).toBe('Chosen title');
    const again = await h.as('annotator').source.importArticle({ filename: 'copy.txt', content: 'Other body.', defaults: { outlet: 'Elsewhere' } });
    expect(again).toMatchObject({ created: false, source: { id: titled.source.id } });
  });

  it('refuses bad front matter and bad metadata with a client error, writing nothing', async () => {
    const before = await h.db.source.count();
    const err = await h
      .as('annotator')
      .source.importArticle({ filename: 'bad.md', content: '---\ntitle: [unclosed\n---\nBody' })
      .catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/front matter/);
    const date = await h
      .as('annotator')
      .source.importArticle({ filename: 'd.md', content: '---\npublished: last Tuesday\n---\nBody two', defaults: { outlet: 'X' } })
      .catch((e) => e);
    expect(date.code).toBe('BAD_REQUEST');
    expect(date.message).toMatch(/published/);
    expect(await h.db.source.count()).toBe(before);
  });

  it('replaces lone surrogates anywhere in the file (front matter too) by U+FFFD and says how many', async () => {
    const content = ['---', 'title: Talks \uD83D at the border', 'outlet: Desk', '---', 'They met \uDC4D at dawn \uD800.'].join('\n');
    const r = await h.as('annotator').source.importArticle({ filename: 'broken.md', content });
    expect(r).toMatchObject({ created: true, replaced: 3, source: { title: 'Talks \uFFFD at the border' } });
    expect((await h.as('annotator').source.get({ id: r.source.id })).text).toBe('They met \uFFFD at dawn \uFFFD.');
    const clean = await h.as('annotator').source.importArticle({ filename: 'fine.md', content: 'Nothing broken here.', defaults: { outlet: 'Desk' } });
    expect(clean.replaced).toBe(0);
  });

  it('a typed title with a lone surrogate is refused like any other field', async () => {
    const err = await h
      .as('annotator')
      .source.importArticle({ filename: 'a.md', content: 'Body three.', title: 'Bad \uDFFF title' })
      .catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.cause.issues[0]).toMatchObject({ path: ['title'], message: expect.stringMatching(/lone surrogate/) });
  });

  it('claimline import: bytes that are not UTF-8 become U+FFFD and the result counts them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'claimline-import-'));
    try {
      const file = path.join(dir, 'latin1.txt');
      // "Café ☕" with the é in Latin-1 (one bad byte), a WTF-8 lone surrogate (three), and a real U+FFFD (text).
      writeFileSync(
        file,
        Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' \u2615 '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(' \uFFFD end')]),
      );
      const r = await importArticleFile(h.db, null, file, { outlet: 'Desk' });
      expect(r).toMatchObject({ status: 'created', replaced: 4 });
      expect((await h.as('annotator').source.get({ id: r.sourceId! })).text).toBe('Caf\uFFFD \u2615 \uFFFD\uFFFD\uFFFD \uFFFD end');
      const good = path.join(dir, 'good.txt');
      writeFileSync(good, 'Plain UTF-8 ☕.');
      expect(await importArticleFile(h.db, null, good, { outlet: 'Desk' })).toMatchObject({ status: 'created', replaced: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs a signed-in user', async () => {
    expect(await codeOf(h.as('anonymous').source.importArticle({ filename: 'a.txt', content: 'x' }))).toBe('UNAUTHORIZED');
  });
});
