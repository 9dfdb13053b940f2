// source.importArticle through the caller: an uploaded file is read like `claimline import` reads one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, codeOf, type Harness } from './test/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

const WITH_FRONT_MATTER = ['---', 'title: Talks at the crossing', 'outlet: Field Desk', 'published: 2024-12-06', 'authors: A. Writer; B. Writer', '---', 'The delegations met at dawn.'].join('\n');

describe('source.importArticle', () => {
  it('takes the metadata from the front matter and stores only the body', async () => {
    const { source, created } = await h.as('annotator').source.importArticle({ filename: 'talks.md', content: WITH_FRONT_MATTER, defaults: { outlet: 'Ignored', language: 'en' } });
    expect(created).toBe(true);
    expect(source).toMatchObject({ title: 'Talks at the crossing', outlet: 'Field Desk', published: '2024-12-06', authors: ['A. Writer', 'B. Writer'] });
    expect((await h.as('annotator').source.get({ id: source.id })).text).toBe('The delegations met at dawn.');
    expect(await h.db.auditEntry.count({ where: { recordType: 'source', recordId: source.id } })).toBe(1);
  });

  it('fills what the file does not say from the defaults, guesses the title, and lets a given title win', async () => {
    const plain = await h.as('annotator').source.importArticle({ filename: 'note.txt', content: '# A heading\n\nBody text.', defaults: { outlet: 'Desk', language: 'ar', published: '2025-01~' } });
    expect(plain.source).toMatchObject({ title: 'A heading', outlet: 'Desk', language: 'ar', published: '2025-01~' });
    const titled = await h.as('annotator').source.importArticle({ filename: 'x.txt', content: 'Other body.', title: 'Chosen title', defaults: { outlet: 'Desk' } });
    expect(titled.source.title).toBe('Chosen title');
    const again = await h.as('annotator').source.importArticle({ filename: 'copy.txt', content: 'Other body.', defaults: { outlet: 'Elsewhere' } });
    expect(again).toMatchObject({ created: false, source: { id: titled.source.id } });
  });

  it('refuses bad front matter and bad metadata with a client error, writing nothing', async () => {
    const before = await h.db.source.count();
    const err = await h.as('annotator').source.importArticle({ filename: 'bad.md', content: '---\ntitle: [unclosed\n---\nBody' }).catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/front matter/);
    const date = await h.as('annotator').source.importArticle({ filename: 'd.md', content: '---\npublished: last Tuesday\n---\nBody two', defaults: { outlet: 'X' } }).catch((e) => e);
    expect(date.code).toBe('BAD_REQUEST');
    expect(date.message).toMatch(/published/);
    expect(await h.db.source.count()).toBe(before);
  });

  it('needs a signed-in user', async () => {
    expect(await codeOf(h.as('anonymous').source.importArticle({ filename: 'a.txt', content: 'x' }))).toBe('UNAUTHORIZED');
  });
});
