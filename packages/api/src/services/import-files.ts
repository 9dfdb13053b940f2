// Importing article files (.txt, .md) as sources: optional YAML front matter for the metadata,
// folders walked recursively, each file through importSource (normalised, de-duplicated by content
// hash), each in its own transaction so one bad file does not undo the others.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError, badRequest, decodeUtf8, replaceLoneSurrogates, sourceImportArticleSchema, sourceImportSchema } from '@claimline/core';
import { writeTx, type Db, type Tx } from '@claimline/db';
import { importSource } from './sources.ts';

export const ARTICLE_EXTENSIONS = ['.txt', '.md', '.markdown'];

/** Every article file under the given paths (folders recurse, hidden entries skipped), sorted, each once. */
export function collectArticleFiles(paths: string[]): string[] {
  const out = new Set<string>();
  const walk = (p: string, explicit: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new AppError('BAD_REQUEST', `no such file or folder: ${p}`);
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) walk(path.join(p, name), false);
    } else if (st.isFile()) {
      if (ARTICLE_EXTENSIONS.includes(path.extname(p).toLowerCase())) out.add(path.resolve(p));
      else if (explicit) throw new AppError('BAD_REQUEST', `${p}: not an article file (expected ${ARTICLE_EXTENSIONS.join(', ')})`);
    }
  };
  for (const p of paths) walk(p, true);
  return [...out];
}

const frontMatterSchema = z.strictObject({
  title: z.string().optional(),
  outlet: z.string().optional(),
  url: z.string().nullish(),
  published: z.union([z.string(), z.number(), z.date()]).nullish(),
  language: z.string().optional(),
  authors: z.union([z.string(), z.array(z.string())]).optional(),
  credit: z.string().nullish(),
  notes: z.string().nullish(),
});
export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** Splits `---\nyaml\n---\n` off the start of a file. */
export function splitFrontMatter(content: string): { meta: FrontMatter; body: string } {
  const text = content.replace(/^\uFEFF/, '');
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { meta: {}, body: text };
  let raw: unknown;
  try {
    raw = parseYaml(m[1]!) ?? {};
  } catch (e) {
    throw new AppError('BAD_REQUEST', `front matter: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const parsed = frontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const field = i.path.join('.') || (i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys?.join(', ') : '') || 'front matter';
    throw new AppError(
      'BAD_REQUEST',
      `front matter: ${field}: ${i.code === 'unrecognized_keys' ? 'unknown field (known: title, outlet, url, published, language, authors, credit, notes)' : i.message}`,
    );
  }
  return { meta: parsed.data, body: text.slice(m[0].length) };
}

/** A title when the front matter has none: the first Markdown heading or first line, else the file name. */
function guessTitle(body: string, file: string): string {
  for (const line of body.split('\n')) {
    const t = line.replace(/^#+\s*/, '').trim();
    if (t) return t.length > 300 ? `${t.slice(0, 297)}…` : t;
  }
  return path.basename(file, path.extname(file));
}

/** YAML reads 2024-12-06 as a date; EDTF wants the string back. */
function publishedString(v: FrontMatter['published']): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** Metadata for what the front matter does not say (the CLI passes outlet and language; the editor's upload form any field). */
export interface ImportDefaults {
  outlet?: string;
  language?: string;
  published?: string | null;
  authors?: string[];
  url?: string | null;
  credit?: string | null;
  notes?: string | null;
}

export interface ImportFileResult {
  file: string;
  status: 'created' | 'unchanged' | 'failed';
  sourceId?: number;
  title?: string;
  reason?: string;
  /** Characters that could not be read (invalid UTF-8, lone surrogates) and became U+FFFD. */
  replaced?: number;
}

/** The source an article's content makes: its front matter for the metadata, then the defaults, then guesses. */
export function articleSource(content: string, file: string, defaults: ImportDefaults = {}) {
  const { meta, body } = splitFrontMatter(content);
  const authors = typeof meta.authors === 'string' ? meta.authors.split(/\s*;\s*|\s*,\s*(?=\S)/).filter(Boolean) : meta.authors;
  return {
    text: body,
    title: meta.title ?? guessTitle(body, file),
    outlet: meta.outlet ?? defaults.outlet ?? 'unknown',
    url: meta.url ?? defaults.url ?? null,
    language: meta.language ?? defaults.language ?? 'en',
    published: publishedString(meta.published) ?? defaults.published ?? null,
    authors: authors ?? defaults.authors ?? [],
    credit: meta.credit ?? defaults.credit ?? null,
    notes: meta.notes ?? defaults.notes ?? null,
  };
}

/** Imports one article file. Never throws for a bad file: the result says why it failed. */
export async function importArticleFile(db: Db, userId: number | null, file: string, defaults: ImportDefaults = {}): Promise<ImportFileResult> {
  try {
    const decoded = decodeUtf8(readFileSync(file));
    const input = articleSource(decoded.text, file, defaults);
    const { source, created, replaced } = await writeTx(db, (tx) => importSource(tx, userId, input));
    return { file, status: created ? 'created' : 'unchanged', sourceId: source.id, title: source.title, replaced: decoded.replaced + replaced };
  } catch (e) {
    return { file, status: 'failed', reason: reasonOf(e) };
  }
}

/**
 * An article uploaded in the editor: the same reading of front matter as `claimline import`, one
 * transaction. The whole file is article text: its lone surrogates (front matter included) become
 * U+FFFD and are counted in `replaced`.
 */
export async function importArticle(tx: Tx, userId: number | null, raw: z.input<typeof sourceImportArticleSchema>) {
  const input = sourceImportArticleSchema.parse(raw);
  const content = replaceLoneSurrogates(input.content);
  const source = articleSource(content.text, input.filename, input.defaults);
  // What the file said is checked like typed input: a client error naming the field, never a 500.
  const parsed = sourceImportSchema.safeParse(input.title ? { ...source, title: input.title } : source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badRequest(issue.path.join('.') || 'content', issue.message);
  }
  const imported = await importSource(tx, userId, parsed.data);
  return { ...imported, replaced: imported.replaced + content.replaced };
}

function reasonOf(e: unknown): string {
  if (e instanceof z.ZodError) return e.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
  if (e instanceof Error) return e.message.split('\n')[0]!;
  return String(e);
}
