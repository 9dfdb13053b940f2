// Every column of every model in prisma/schema.prisma is either carried by the export format (at a path
// the JSON Schema documents) or on the exclusion list with a reason. A new column fails here until
// someone decides where it goes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, type ColumnPlacement } from './columns.ts';
import { EDTF_PATTERN } from './records.ts';
import { parseEdtf } from '../edtf.ts';

const root = path.resolve(import.meta.dirname, '../../../..');
const prismaSchema = readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8');
const jsonSchema = JSON.parse(readFileSync(path.join(root, 'docs/export-format.schema.json'), 'utf8'));

/** Scalar columns of each model (relation fields, whose type is another model, are not columns). */
function modelColumns(schema: string): Record<string, string[]> {
  const models = [...schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)].map((m) => ({ name: m[1]!, body: m[2]! }));
  const names = new Set(models.map((m) => m.name));
  const out: Record<string, string[]> = {};
  for (const m of models) {
    out[m.name] = [];
    for (const raw of m.body.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      const field = /^(\w+)\s+(\w+)(\[\])?\??/.exec(line);
      if (!field || line.startsWith('@@')) continue;
      if (!names.has(field[2]!)) out[m.name]!.push(field[1]!);
    }
  }
  return out;
}

type Schema = Record<string, any>;
const resolve = (s: Schema): Schema => (s.$ref ? resolve(jsonSchema.definitions[s.$ref.replace('#/definitions/', '')]) : s);

/** The JSON Schema nodes a path like `claims[].selectors[1].exact` reaches (any branch of anyOf). */
function schemaAt(p: string, start: Schema = jsonSchema): Schema[] {
  let nodes = [start];
  for (const step of p.match(/[^.[\]]+|\[\d*\]/g)!) {
    const next: Schema[] = [];
    for (const n of nodes.map(resolve)) {
      // anyOf branches, and the if/then/else of the document (users differ between exports and backups).
      for (const b of [...(n.anyOf ?? [n]), ...(n.then ? [n.then] : []), ...(n.else ? [n.else] : [])].map(resolve)) {
        if (step === '[]' && b.items && !Array.isArray(b.items)) next.push(b.items);
        else if (/^\[\d+\]$/.test(step) && Array.isArray(b.items)) next.push(...[b.items[Number(step.slice(1, -1))]].filter(Boolean));
        else if (b.properties?.[step]) next.push(b.properties[step]);
      }
    }
    nodes = next;
  }
  return nodes;
}

const columns = modelColumns(prismaSchema);

describe('export column coverage', () => {
  it('reads the models of the schema', () => {
    expect(Object.keys(columns)).toEqual(expect.arrayContaining(['User', 'Session', 'Source', 'Claim', 'Link', 'Dispute', 'AuditEntry']));
    expect(columns.Link).toContain('assertedParticipants');
    expect(columns.Claim).not.toContain('source');
  });

  it.each(Object.keys(columns))('every column of %s is exported or excluded with a reason', (model) => {
    const placed = EXPORT_COLUMNS[model] ?? {};
    const missing = columns[model]!.filter((c) => !(c in placed));
    expect(missing, `${model}: add these columns to EXPORT_COLUMNS in packages/core/src/export/columns.ts (and to the export, or say why not)`).toEqual([]);
    expect(
      Object.keys(placed).filter((c) => !columns[model]!.includes(c)),
      `${model}: EXPORT_COLUMNS names columns the schema does not have`,
    ).toEqual([]);
  });

  it('names no model the schema does not have', () => {
    expect(Object.keys(EXPORT_COLUMNS).filter((m) => !(m in columns))).toEqual([]);
  });

  const placements = Object.entries(EXPORT_COLUMNS).flatMap(([model, cols]) =>
    Object.entries(cols).map(([col, p]) => [`${model}.${col}`, p] as [string, ColumnPlacement]),
  );

  it.each(placements.filter(([, p]) => 'export' in p))('%s is documented in the JSON Schema of exports', (_name, p) => {
    expect(schemaAt((p as { export: string }).export)).not.toEqual([]);
  });

  it.each(placements.filter(([, p]) => 'backup' in p))('%s is documented in the JSON Schema of backups only', (_name, p) => {
    const field = (p as { backup: string }).backup.replace('users[].', '');
    expect(Object.keys(jsonSchema.definitions.account.properties)).toContain(field);
    expect(Object.keys(jsonSchema.definitions.user.properties)).not.toContain(field);
  });

  it('every exclusion says why', () => {
    for (const [name, p] of placements.filter(([, p]) => !('export' in p))) {
      const reason = 'never' in p ? p.never : 'derived' in p ? p.derived : 'backup' in p ? p.why : '';
      expect(reason.length, name).toBeGreaterThan(5);
    }
  });
});

describe('the JSON Schema EDTF pattern', () => {
  const pattern = new RegExp(jsonSchema.definitions.edtf.pattern, 'u');
  const demo = JSON.parse(readFileSync(path.join(root, 'prisma/demo/demo.json'), 'utf8'));
  const demoDates = [...JSON.stringify(demo).matchAll(/"(?:date|published)":"([^"]*)"/g)].map((m) => m[1]!);

  it('is the pattern core exports', () => {
    expect(pattern.source).toBe(new RegExp(EDTF_PATTERN.source, 'u').source);
  });

  it('accepts every EDTF date of the demo data', () => {
    expect(demoDates.length).toBeGreaterThan(20);
    for (const d of demoDates) expect(pattern.test(parseEdtf(d).value), d).toBe(true);
  });

  it.each([
    '2024-12-06',
    '2024-12',
    '2024',
    '2024-12~',
    '2025-07-31?',
    '2024-12-06%',
    '2024~',
    '2024-21',
    '2024-24',
    '2024-12-XX',
    '2024-XX',
    '201X',
    '20XX',
    '2024-12-07/2024-12-08',
    '2024-12/2025-01',
    '../2024-12-08',
    '2024-12-01/..',
    '/2024-12-08',
    '2024-12-01/',
    '2024-12?/2025~',
    '0005-03-01',
  ])('accepts %j (as parseEdtf stores it)', (value) => {
    expect(parseEdtf(value).value).toBe(value);
    expect(pattern.test(value)).toBe(true);
  });

  it.each([
    '',
    'abc',
    'December 2024',
    '06/12/2024',
    '2024-13',
    '2024-12-32',
    '2024-00',
    '24-12-06',
    '2024-12-06T10:00:00Z',
    '/',
    '../..',
    '..',
    '2024/2025/2026',
    ' 2024',
    '2024 ',
    '-0044',
    'Y170000002',
    '2024-25',
    '{2024,2025}',
  ])('rejects %j', (value) => expect(pattern.test(value)).toBe(false));

  it('accepts every value parseEdtf accepts, over random EDTF-like strings', () => {
    // A small deterministic generator (no I/O, same strings every run).
    let seed = 0x2f6e2b1;
    const rand = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)]!;
    const point = () => {
      const y = pick(['2024', '1999', '0005', '201X', '20XX', '19X9']);
      const m = pick(['', '-01', '-12', '-02', '-XX', '-21', '-24', '-13', '-00']);
      const d = m && !/-2[1-4]$/.test(m) ? pick(['', '-01', '-29', '-31', '-XX', '-32']) : '';
      return y + m + d + pick(['', '', '?', '~', '%']);
    };
    let accepted = 0;
    for (let i = 0; i < 1500; i++) {
      const s = rand(3) === 0 ? `${pick([point(), '..', ''])}/${pick([point(), '..', ''])}` : point();
      let value: string | null;
      try {
        value = parseEdtf(s).value;
      } catch {
        continue;
      }
      accepted++;
      expect(pattern.test(value), `${s} → ${value}`).toBe(true);
    }
    expect(accepted).toBeGreaterThan(200);
  });
});
