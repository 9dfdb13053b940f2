// Export format mappings: CSV quoting, the streaming JSON scanner, restore checks, Web Annotation and ClaimReview.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, CSV_TABLES } from './csv.ts';
import { JsonExportScanner, JsonScanError } from './json-scan.ts';
import { RestoreChecker } from './restore-check.ts';
import { claimToWebAnnotation, verdictToClaimReview, type StandardsLookup } from './standards.ts';
import type { ClaimRecord, SourceRecord } from './records.ts';
import { sliceCodePoints } from '../anchor.ts';

const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
const at = '2025-01-01T00:00:00.000Z';

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    ['', ''],
    [null, ''],
    [3.5, '3.5'],
    ['الشيباني 🇸🇾', 'الشيباني 🇸🇾'],
  ])('field %j → %j', (value, out) => expect(csvField(value)).toBe(out));

  it('ends records with CRLF and fills child tables from nested lists', () => {
    expect(csvLine([1, 'x', null])).toBe('1,x,\r\n');
    const hops = CSV_TABLES.claims[1]!;
    const claim = {
      id: 7,
      chain: [
        { id: 1, actorId: 3, relation: 'reports' },
        { id: 2, actorId: 4, relation: null },
      ],
    } as unknown as ClaimRecord;
    expect(hops.rows(claim)).toEqual([
      [1, 7, 0, 3, 'reports'],
      [2, 7, 1, 4, null],
    ]);
  });
});

function scanAll(text: string, chunk = 7) {
  const s = new JsonExportScanner();
  const out = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...s.push(text.slice(i, i + chunk)));
  s.end();
  return out;
}

describe('JsonExportScanner', () => {
  const doc =
    '{"formatVersion":1,\n"exportedAt":"x",\n"slice":null,\n"sources":[\n{"id":1,"text":"a, \\"b\\" ]}"},\n{"id":2,"t":[1,{"x":"}"}]}\n],\n"claims":[\n]}\n';

  it.each([1, 2, 3, 7, 1000])('yields every record whatever the chunk size (%i)', (size) => {
    const items = scanAll(doc, size).filter((i) => !i.arrayStart);
    expect(items.map((i) => [i.key, i.index, i.line])).toEqual([
      ['formatVersion', null, 1],
      ['exportedAt', null, 2],
      ['slice', null, 3],
      ['sources', 0, 5],
      ['sources', 1, 6],
    ]);
    expect(items[3]!.value).toEqual({ id: 1, text: 'a, "b" ]}' });
    expect(
      scanAll(doc, size)
        .filter((i) => i.arrayStart)
        .map((i) => i.key),
    ).toEqual(['sources', 'claims']);
  });

  it.each([
    ['', /empty/],
    ['[1,2]', /expected "\{"/],
    ['{"sources":[{"id":1}', /truncated/],
    ['{"sources":[{"id":1},]}', /trailing commas/],
    ['{"sources":[{"id":1 "x":2}]}', /not valid JSON/],
    ['{"a":1,"a":2}', /appears twice/],
    ['{"a":1} x', /after the end/],
  ])('refuses %j', (text, reason) => {
    expect(() => scanAll(text)).toThrow(reason);
    try {
      scanAll(text);
    } catch (e) {
      expect(e).toBeInstanceOf(JsonScanError);
    }
  });

  it('ends strings at the right quote whatever backslashes precede it and wherever a chunk ends', () => {
    const texts = ['\\', '\\"', 'a\\\\"b', '"\\"', 'x\\\\\\', '}],{[', '\\u0022"', 'end\\'];
    const records = texts.map((t, id) => ({ id, text: t, after: [id] }));
    const json = `{"sources":[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
    for (const size of [1, 2, 3, 4, 5, 11, 1000]) {
      const items = scanAll(json, size).filter((i) => !i.arrayStart);
      expect(items.map((i) => i.value)).toEqual(records);
      expect(items.map((i) => i.line)).toEqual(records.map((_, i) => i + 2));
    }
  });

  it('refuses a value over the size limit', () => {
    const s = new JsonExportScanner({ maxValueChars: 100 });
    expect(() => s.push(`{"sources":[{"text":"${'x'.repeat(200)}"}]}`)).toThrow(/larger than 100/);
  });
});

const text = 'قال الوزير إن الاجتماع عُقد. 🇸🇾 Then “a quote” here.\nEnd.';
const source: SourceRecord = {
  id: 1,
  title: 'T',
  outlet: 'O',
  outletActorId: null,
  authors: [],
  url: null,
  language: 'ar',
  published: '2024-12~',
  credit: null,
  notes: null,
  text,
  contentHash: sha(text),
  revisionOfId: null,
  createdById: null,
  version: 1,
  createdAt: at,
  updatedAt: at,
};
function claimAt(id: number, exact: string, extra: Partial<ClaimRecord> = {}): ClaimRecord {
  const start = [...text].join('') === text ? [...text.slice(0, text.indexOf(exact))].length : 0;
  const end = start + [...exact].length;
  return {
    id,
    sourceId: 1,
    selectors: [
      { type: 'TextPositionSelector', start, end },
      { type: 'TextQuoteSelector', exact, prefix: sliceCodePoints(text, Math.max(0, start - 32), start), suffix: sliceCodePoints(text, end, end + 32) },
    ],
    claimantId: null,
    chain: [],
    paraphrase: null,
    status: 'accepted',
    createdById: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

function check(records: [string, unknown][], header: Record<string, unknown> = { formatVersion: 1, exportedAt: at, slice: null }) {
  const c = new RestoreChecker(sha);
  c.acceptHeader(header, 1);
  records.forEach(([col, r], i) => c.accept(col as never, r, { line: i + 2, path: `$.${col}[${i}]` }));
  c.finish();
  return c;
}

describe('RestoreChecker', () => {
  it('accepts consistent records, Arabic and astral-plane quotes included', () => {
    const c = check([
      ['sources', source],
      ['claims', claimAt(1, 'الاجتماع')],
      ['claims', claimAt(2, '🇸🇾 Then “a quote”')],
    ]);
    expect(c.problems).toEqual([]);
    expect(c.counts.claims).toBe(2);
  });

  it.each<[string, [string, unknown][], RegExp]>([
    [
      'a quote that is not the text at its offsets',
      [
        ['sources', source],
        ['claims', { ...claimAt(1, 'الاجتماع'), selectors: [{ type: 'TextPositionSelector', start: 1, end: 5 }, claimAt(1, 'الاجتماع').selectors[1]] }],
      ],
      /does not equal/,
    ],
    [
      'offsets past the end',
      [
        ['sources', source],
        ['claims', { ...claimAt(1, 'End.'), selectors: [{ type: 'TextPositionSelector', start: 10, end: 9999 }, claimAt(1, 'End.').selectors[1]] }],
      ],
      /past the end/,
    ],
    [
      'a dangling source id',
      [
        ['sources', source],
        ['claims', { ...claimAt(1, 'End.'), sourceId: 9 }],
      ],
      /source 9 is not in the file/,
    ],
    [
      'a duplicate id',
      [
        ['sources', source],
        ['claims', claimAt(1, 'End.')],
        ['claims', claimAt(1, 'Then')],
      ],
      /duplicate claims id 1/,
    ],
    ['a wrong type', [['sources', { ...source, id: '1' }]], /expected number/],
    ['an unknown field', [['sources', { ...source, password: 'x' }]], /password/],
    ['a wrong content hash', [['sources', { ...source, contentHash: '0'.repeat(64) }]], /SHA-256/],
    ['text not in stored form', [['sources', { ...source, text: 'a\r\nb', contentHash: sha('a\r\nb') }]], /stored form/],
    ['a huge string', [['sources', { ...source, title: 'x'.repeat(100_000) }]], /at most 500/],
    [
      'a parent cycle',
      [
        [
          'events',
          { id: 1, title: 'a', type: 'e', date: null, place: null, description: null, parentId: 2, participants: [], version: 1, createdAt: at, updatedAt: at },
        ],
        [
          'events',
          { id: 2, title: 'b', type: 'e', date: null, place: null, description: null, parentId: 1, participants: [], version: 1, createdAt: at, updatedAt: at },
        ],
      ],
      /own ancestor/,
    ],
    [
      'collections out of order',
      [
        ['claims', claimAt(1, 'End.')],
        ['sources', source],
      ],
      /must appear in the order/,
    ],
    ['a bad EDTF date', [['sources', { ...source, published: 'last year' }]], /EDTF/],
  ])('refuses %s', (_name, records, reason) => {
    const c = check(records);
    expect(c.ok).toBe(false);
    expect(c.problems.map((p) => p.message).join(' | ')).toMatch(reason);
    if (!/ancestor/.test(reason.source)) expect(c.problems[0]!.line).toBeGreaterThan(0);
    expect(c.problems[0]!.path).toMatch(/^\$\./);
  });

  it('refuses a missing or wrong header', () => {
    expect(check([], { formatVersion: 99, exportedAt: at }).problems[0]!.path).toBe('$.formatVersion');
    const c = new RestoreChecker(sha);
    c.finish();
    expect(c.problems[0]!.message).toMatch(/Claimline export/);
  });
});

describe('format versions and kinds', () => {
  const v2 = (kind: string, extra: Record<string, unknown> = {}) => ({ formatVersion: 2, kind, exportedAt: at, slice: null, ...extra });
  const sharedUser = { id: 1, name: 'Rana', role: 'reviewer', version: 3, createdAt: at, updatedAt: at };
  const account = { ...sharedUser, email: 'rana@example.org', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', disabled: false };
  const problems = (records: [string, unknown][], header: Record<string, unknown>) => check(records, header).problems.map((p) => `${p.path}: ${p.message}`);

  it('reads version 1 users (id, name, role), version 2 export users and backup accounts, each under its own header', () => {
    expect(problems([['users', { id: 1, name: 'Rana', role: 'reviewer' }]], { formatVersion: 1, exportedAt: at, slice: null })).toEqual([]);
    expect(problems([['users', sharedUser]], v2('export'))).toEqual([]);
    expect(problems([['users', account]], v2('backup'))).toEqual([]);
    expect(check([['users', account]], v2('backup')).header).toEqual({ formatVersion: 2, kind: 'backup', exportedAt: at, slice: null });
    expect(check([], { formatVersion: 1, exportedAt: at, slice: null }).header?.kind).toBe('export');
  });

  it.each<[string, [string, unknown][], Record<string, unknown>, RegExp]>([
    ['an account in a shareable export', [['users', account]], v2('export'), /users\[0\]: Unrecognized keys: "email", "passwordHash", "disabled"/],
    ['a backup user without its account', [['users', sharedUser]], v2('backup'), /users\[0\]\.email: .*expected string/],
    ['a version 2 file without a kind', [], { formatVersion: 2, exportedAt: at, slice: null }, /\$\.kind: is missing/],
    ['an unknown kind', [], v2('dump'), /\$\.kind: must be export or backup/],
    ['a sliced backup', [], v2('backup', { slice: { sourceIds: [1], eventIds: [], since: null } }), /\$\.slice: must be null in a backup/],
    ['a version 1 file with a kind', [], { formatVersion: 1, kind: 'export', exportedAt: at, slice: null }, /\$\.kind: is not part of format version 1/],
    ['a password hash that is not Argon2', [['users', { ...account, passwordHash: 'hunter2' }]], v2('backup'), /passwordHash: must be an encoded Argon2 hash/],
    ['an email in upper case', [['users', { ...account, email: 'Rana@Example.org' }]], v2('backup'), /email: must be lower case/],
    [
      'two accounts with one email',
      [
        ['users', account],
        ['users', { ...account, id: 2 }],
      ],
      v2('backup'),
      /users\[1\]\.email: another user has the email rana@example.org/,
    ],
    ['a future format version', [], { formatVersion: 3, kind: 'export', exportedAt: at, slice: null }, /\$\.formatVersion: must be 1 or 2/],
  ])('refuses %s', (_name, records, header, reason) => {
    expect(problems(records, header).join(' | ')).toMatch(reason);
  });
});

describe('standards', () => {
  const lookup: StandardsLookup = {
    source: () => ({ id: 1, title: 'T', outlet: 'Outlet', url: 'https://example.org/a', language: 'ar', published: '2024-12-06', authors: ['A'] }),
    actor: (id) => ({ id, name: 'Asaad al-Shaibani', kind: 'person', wikidata: 'Q123' }),
    event: (id) => ({ id, title: 'Meeting', date: '2024-12-06', place: 'Doha' }),
    user: (id) => ({ id, name: 'Rana', role: 'reviewer', version: 1, createdAt: at, updatedAt: at }),
    origin: 'https://claims.example/',
  };

  it('maps a claim to a Web Annotation with both selectors, paraphrase, claimant and stance', () => {
    const claim = claimAt(5, '🇸🇾 Then', { claimantId: 9, paraphrase: 'p', chain: [{ id: 1, actorId: 3, relation: 'reports' }] });
    const a = claimToWebAnnotation(claim, [{ eventId: 4, stance: 'contradicts' }], lookup) as Record<string, any>;
    expect(a.type).toBe('Annotation');
    expect(a.target.source).toBe('https://example.org/a');
    expect(a.target.selector).toEqual([
      { type: 'TextPositionSelector', start: claim.selectors[0].start, end: claim.selectors[0].end },
      { type: 'TextQuoteSelector', exact: '🇸🇾 Then', prefix: claim.selectors[1].prefix, suffix: claim.selectors[1].suffix },
    ]);
    expect(a.body).toContainEqual(expect.objectContaining({ purpose: 'describing', value: 'p' }));
    expect(a.body).toContainEqual(
      expect.objectContaining({ purpose: 'identifying', role: 'claimant', source: { id: 'http://www.wikidata.org/entity/Q123', name: 'Asaad al-Shaibani' } }),
    );
    expect(a.body).toContainEqual(expect.objectContaining({ purpose: 'linking', stance: 'contradicts' }));
    expect(a.via).toBe('https://claims.example/sources/1#claim-5');
  });

  it('maps a verdict to a ClaimReview with the rating scale', () => {
    const claim = claimAt(5, 'End.', { claimantId: 9 });
    const r = verdictToClaimReview(
      {
        id: 2,
        claimId: 5,
        disputeId: null,
        rating: 'mostly-false',
        rationale: 'why',
        evidenceUrl: 'https://e.example',
        reviewerId: 4,
        version: 1,
        createdAt: at,
        updatedAt: at,
      },
      claim,
      lookup,
    ) as Record<string, any>;
    expect(r['@type']).toBe('ClaimReview');
    expect(r.claimReviewed).toBe('End.');
    expect(r.reviewRating).toEqual({ '@type': 'Rating', ratingValue: 2, worstRating: 1, bestRating: 5, alternateName: 'Mostly false' });
    expect(r.itemReviewed.author).toEqual({ '@type': 'Person', name: 'Asaad al-Shaibani', sameAs: 'http://www.wikidata.org/entity/Q123' });
    expect(r.itemReviewed.appearance.url).toBe('https://example.org/a');
    expect(r.author.name).toBe('Rana');
    expect(r.datePublished).toBe('2025-01-01');
    expect(r.url).toBe('https://claims.example/sources/1#claim-5');
  });
});
