// Inputs for the hostile-input suite: a seeded PRNG, plausible inputs derived from each procedure's own
// zod schema (so they reach the services, not only validation), and pools of hostile values.

export type Rng = () => number;

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function rng(seed: number): Rng {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Text the API should accept and store as text: markup, SQL, FTS syntax, scripts of every direction. */
export const ACCEPTED_TEXT = [
  'Assad',
  'Moscow',
  'Hmeimim',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'; DROP TABLE Claim; --",
  "' OR '1'='1",
  '"*^NEAR(',
  'NEAR(a b, 2)',
  'title: x AND NOT y OR',
  '"unterminated',
  '* OR * AND (',
  '{{7*7}}${7*7}',
  '../../etc/passwd',
  '%00%0d%0a',
  'قال وزير الخارجية',
  '\u202Eevil\u202C',
  '👨‍👩‍👧‍👦 🇸🇾',
  '𝒜𝒷𝒸',
  'e\u0301\u0301\u0301',
  'null',
  '__proto__',
  'constructor',
  'line one\nline two\r\n\tthree',
] as const;

/** Strings every text field must refuse (or, for article text, replace): not valid Unicode text, or controls. */
export const REFUSED_TEXT = ['\uD800', 'a\uDC00b', 'x\uD83D', '\u0000', 'a\u001Bb', '\u007F', '\u200B\u200B', '   ', ''] as const;

export const NASTY_VALUES: unknown[] = [
  null,
  -1,
  0,
  -0,
  1.5,
  2 ** 53,
  -(2 ** 53),
  1e308,
  -1e308,
  1e20,
  '1',
  '',
  true,
  false,
  [],
  {},
  [1, 2, 3],
  { id: 1 },
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  '2024-13-45',
  'javascript:alert(1)',
  'http://[::1',
];

/** Raw number tokens that JSON.stringify cannot produce: substituted into a body as text. */
export const RAW_NUMBERS = ['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '1e-400', '123456789012345678901234567890', '0x10', '01', '.5', '-'] as const;

type Def = { type: string } & Record<string, unknown>;
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

const ID_KEY = /(^id$|Id$|^cursor$|^version$|Version$|^recordId$)/;

export interface SampleOptions {
  /** Largest string to put in a value (queries travel in the URL). */
  maxString: number;
  /** Ids never to use (the demo accounts, so a lucky `user.update` cannot disable them mid-run). */
  avoidIds?: ReadonlySet<number>;
}

function plausibleString(r: Rng, key: string): string {
  if (/^(date|published|from|to)$/.test(key))
    return pick(r, ['2024-12-06', '2024-12~', '2024-12-07/2024-12-08', '2024?', '1985-04-12T23:20:30Z', '..', '2024-12-06/..']);
  if (/url$|Url$/.test(key)) return pick(r, ['https://example.org/a', 'http://example.org/?q=<x>', 'https://xn--80ak6aa92e.com/']);
  if (key === 'email') return pick(r, ['someone@example.org', 'x@y.z', `p${int(r, 1, 999)}@example.org`]);
  if (key === 'language') return pick(r, ['en', 'ar', 'zh-Hant-TW', 'en-GB']);
  if (key === 'wikidata') return pick(r, ['Q42', 'Q1', 'Q999999999']);
  if (key === 'password') return pick(r, ['a-long-enough-password', 'wrong-password-123']);
  if (key === 'text' || key === 'content')
    return `${pick(r, ACCEPTED_TEXT)} said the talks happened. ${pick(r, ACCEPTED_TEXT)}\n\nMore text ${int(r, 1, 1e9)}.`;
  if (key === 'filename') return pick(r, ['a.txt', 'b.md', '../../x.md', 'con.txt', 'noext']);
  return pick(r, ACCEPTED_TEXT) + (r() < 0.3 ? ` ${int(r, 1, 1e6)}` : '');
}

function plausibleNumber(r: Rng, key: string, o: SampleOptions): number {
  if (ID_KEY.test(key)) {
    let id = r() < 0.85 ? int(r, 1, 40) : pick(r, [1, 2, 3, 999_999, 2_147_483_647]);
    while (o.avoidIds?.has(id)) id += 1000;
    return id;
  }
  if (key === 'start' || key === 'end') return int(r, 0, 400);
  if (key === 'limit') return int(r, 1, 60);
  if (key === 'tolerance') return int(r, 0, 10);
  return r() < 0.5 ? int(r, -5, 100) : r() * 1e6;
}

/** A value shaped like `schema` wants (often valid, sometimes refused for a business rule). */
export function plausible(schema: unknown, r: Rng, o: SampleOptions, key = ''): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
      return r() < 0.35 ? undefined : plausible(def.innerType, r, o, key);
    case 'nullable':
      return r() < 0.15 ? null : plausible(def.innerType, r, o, key);
    case 'default':
    case 'prefault':
      return r() < 0.35 ? undefined : plausible(def.innerType, r, o, key);
    case 'readonly':
    case 'nonoptional':
      return plausible(def.innerType, r, o, key);
    case 'pipe': {
      // list(): a length check on unknown items piped into the real array; `.transform`: the input side.
      const out = defOf(def.out);
      return out.type === 'transform' ? plausible(def.in, r, o, key) : plausible(def.out, r, o, key);
    }
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
        const x = plausible(v, r, o, k);
        if (x !== undefined) value[k] = x;
      }
      return value;
    }
    case 'array':
      return Array.from({ length: int(r, 0, 3) }, () => plausible(def.element, r, o, key));
    case 'union':
      return plausible(pick(r, def.options as unknown[]), r, o, key);
    case 'string':
      return plausibleString(r, key).slice(0, o.maxString);
    case 'number':
      return plausibleNumber(r, key, o);
    case 'boolean':
      return r() < 0.5;
    case 'enum':
      return pick(r, Object.values(def.entries as Record<string, string>));
    case 'literal':
      return (def.values as unknown[])[0];
    default:
      return null;
  }
}

export type Path = (string | number)[];

/** Where the values are in an input shaped like `schema`: objects by key, array items at index 0. */
export function leafPaths(schema: unknown, path: Path = [], out: Path[] = []): Path[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return leafPaths(def.innerType, path, out);
    case 'pipe': {
      const o = defOf(def.out);
      return leafPaths(o.type === 'transform' ? def.in : def.out, path, out);
    }
    case 'object':
      out.push(path);
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) leafPaths(v, [...path, k], out);
      return out;
    case 'array':
      out.push(path);
      return leafPaths(def.element, [...path, 0], out);
    default:
      out.push(path);
      return out;
  }
}

/** `value` with the thing at `path` replaced (arrays and objects created on the way). */
export function setAt(value: unknown, path: Path, leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const arr = Array.isArray(value) ? [...value] : [];
    arr[Math.min(head, arr.length)] = setAt(arr[head], rest, leaf);
    return arr;
  }
  const obj = value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  obj[head!] = setAt(obj[head!], rest, leaf);
  return obj;
}

/** A nested array `depth` levels deep, as JSON text. */
export const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
