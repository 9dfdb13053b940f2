// Every string and array input of every procedure, found by walking the router's own input schemas
// (so procedures added later are covered): a lone surrogate is refused naming the field, strings and
// arrays have a maximum named in the message, and an oversized array costs one issue, not one per item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError, type z } from 'zod';
import { appRouter } from './root.ts';
import { createHarness, type Harness } from './test/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

type Path = (string | number)[];
interface Leaf {
  proc: string;
  path: Path;
  kind: 'string' | 'array';
}

/** The string and array positions of a zod schema (zod 4 internals), items of arrays at index 0. */
function leaves(proc: string, schema: z.ZodType, path: Path = [], out: Leaf[] = []): Leaf[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const inner = (key: string) => leaves(proc, def[key] as z.ZodType, path, out);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      inner('innerType');
      break;
    case 'pipe':
      inner('in');
      inner('out');
      break;
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) leaves(proc, v, [...path, k], out);
      break;
    case 'array':
      if (!out.some((l) => l.proc === proc && l.kind === 'array' && l.path.join('.') === path.join('.'))) out.push({ proc, path, kind: 'array' });
      leaves(proc, def.element as z.ZodType, [...path, 0], out);
      break;
    case 'union':
      for (const o of def.options as z.ZodType[]) leaves(proc, o, path, out);
      break;
    case 'string':
      out.push({ proc, path, kind: 'string' });
      break;
    case 'number':
    case 'boolean':
    case 'enum':
    case 'literal':
    case 'unknown':
    case 'transform':
      break;
    default:
      // A record, `any`, a map…: unbounded by construction. Bound it, then teach this walk its shape.
      throw new Error(`${proc}: input ${path.join('.') || '(root)'} is a zod ${def.type}, which this test cannot check for bounds`);
  }
  return out;
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[]; type: string } }>);
const all = procedures.flatMap(([name, p]) => p._def.inputs.flatMap((s) => leaves(name, s)));
// Article text keeps what it can: lone surrogates become U+FFFD and the import counts them (tested below).
const ARTICLE_TEXT = new Set(['source.import text', 'source.importArticle content']);
const key = (l: Leaf) => `${l.proc} ${l.path.join('.')}`;

function inputWith(path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  return typeof head === 'number' ? [inputWith(rest, value)] : { [head!]: inputWith(rest, value) };
}

async function issuesOf(proc: string, input: unknown): Promise<{ path: string; message: string }[]> {
  const [ns, name] = proc.split('.') as [string, string];
  const caller = h.as('admin') as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
  try {
    await caller[ns]![name]!(input);
  } catch (e) {
    const cause = (e as { cause?: unknown }).cause;
    expect((e as { code?: string }).code, `${proc}: ${(e as Error).message}`).toBe('BAD_REQUEST');
    if (cause instanceof ZodError) return cause.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return [{ path: '?', message: (e as Error).message }];
  }
  return [];
}

describe('every input of every procedure', () => {
  it('finds the inputs (the walk covers the router)', () => {
    expect(procedures.length).toBeGreaterThan(30);
    expect(all.filter((l) => l.kind === 'string').length).toBeGreaterThan(60);
    expect(all.filter((l) => l.kind === 'array').length).toBeGreaterThan(10);
    expect(all.map(key)).toEqual(
      expect.arrayContaining(['actor.create name', 'event.create participants.0.role', 'search.query kinds', 'review.decide verdicts.0.rationale']),
    );
  });

  it('refuses a lone surrogate in every text field, naming the field', async () => {
    const before = await h.db.auditEntry.count();
    const missed: string[] = [];
    for (const leaf of all.filter((l) => l.kind === 'string' && !ARTICLE_TEXT.has(key(l)))) {
      const at = leaf.path.join('.');
      for (const bad of ['Ab\uD800', '\uDC00x']) {
        const issues = await issuesOf(leaf.proc, inputWith(leaf.path, bad));
        if (!issues.some((i) => i.path === at && /lone surrogate/.test(i.message)))
          missed.push(`${key(leaf)} ${JSON.stringify(bad)}: ${JSON.stringify(issues)}`);
      }
    }
    expect(missed).toEqual([]);
    expect(await h.db.auditEntry.count()).toBe(before);
  });

  it('gives every string a maximum length, named in the message', async () => {
    const missed: string[] = [];
    const huge = 'x'.repeat(2_200_001);
    for (const leaf of all.filter((l) => l.kind === 'string')) {
      const at = leaf.path.join('.');
      const issues = await issuesOf(leaf.proc, inputWith(leaf.path, huge));
      if (!issues.some((i) => i.path === at && /at most \d+ characters/.test(i.message))) missed.push(`${key(leaf)}: ${JSON.stringify(issues).slice(0, 300)}`);
    }
    expect(missed).toEqual([]);
  });

  it('gives every array a maximum, named in the message, checked before its items', async () => {
    const missed: string[] = [];
    for (const leaf of all.filter((l) => l.kind === 'array')) {
      const at = leaf.path.join('.');
      const issues = await issuesOf(
        leaf.proc,
        inputWith(
          leaf.path,
          Array.from({ length: 10_001 }, () => ({ junk: 1 })),
        ),
      );
      const here = issues.filter((i) => i.path === at || i.path.startsWith(`${at}.`));
      if (here.length !== 1 || !/must have at most \d+/.test(here[0]!.message))
        missed.push(`${key(leaf)}: ${here.length} issues, first ${JSON.stringify(here[0])}`);
    }
    expect(missed).toEqual([]);
  });
});

describe('repeats that mean nothing', () => {
  it('search.query: 700 copies of a kind are refused at once; a repeat is dropped', async () => {
    const t0 = performance.now();
    const err = await h
      .as('annotator')
      .search.query({ q: 'x', kinds: Array(700).fill('claim') })
      .catch((e: unknown) => e);
    expect((err as { code: string }).code).toBe('BAD_REQUEST');
    expect((err as Error).message).toMatch(/at most 4 kinds/);
    expect(performance.now() - t0).toBeLessThan(100);
    // Every kind reads offset + limit ranked rows (with snippets): paging far costs as much as reading everything.
    const far = await h
      .as('annotator')
      .search.query({ q: 'x', cursor: 1_000_000 })
      .catch((e: unknown) => e);
    expect((far as Error).message).toMatch(/cursor.*at most 1000/s);
    const once = await h.as('annotator').search.query({ q: 'x', kinds: ['claim'] });
    expect(await h.as('annotator').search.query({ q: 'x', kinds: ['claim', 'claim', 'claim'] })).toEqual(once);
  });
});

describe('lone surrogates', () => {
  it('an actor name with one is refused, and nothing is stored', async () => {
    const before = await h.db.actor.count();
    const err = await h
      .as('annotator')
      .actor.create({ name: 'Assad\uD800', kind: 'person' })
      .catch((e: unknown) => e);
    expect((err as { code: string }).code).toBe('BAD_REQUEST');
    expect((err as { cause: ZodError }).cause.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'name: contains a lone surrogate (\\uD800 at position 6), which is not valid Unicode text',
    ]);
    expect(await h.db.actor.count()).toBe(before);
  });

  it('pasted article text keeps them as U+FFFD and the import says how many', async () => {
    const r = await h.as('annotator').source.import({ title: 'Broken paste', outlet: 'Desk', text: 'Half an emoji \uD83D here and \uDC4D there.' });
    expect(r).toMatchObject({ created: true, replaced: 2 });
    expect((await h.as('annotator').source.get({ id: r.source.id })).text).toBe('Half an emoji \uFFFD here and \uFFFD there.');
    const again = await h.as('annotator').source.import({ title: 'Broken paste', outlet: 'Desk', text: 'Half an emoji \uD83D here and \uDC4D there.' });
    expect(again).toMatchObject({ created: false, replaced: 2, source: { id: r.source.id } });
    const clean = await h.as('annotator').source.import({ title: 'Clean', outlet: 'Desk', text: 'Nothing to replace 👍🏽.' });
    expect(clean.replaced).toBe(0);
  });
});
