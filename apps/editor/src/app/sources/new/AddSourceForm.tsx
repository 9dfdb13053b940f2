'use client';
// Adding sources: pasted text, or one or more uploaded .txt/.md files sharing the same metadata.
import { useRef, useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { decodeUtf8, sourceImportArticleSchema, sourceImportSchema } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';
import { formKeys } from '~/lib/forms.ts';
import { fieldErrorsOf, remainingMessages, validate, type FieldErrors } from '~/lib/errors.ts';
import { emptyMeta, metaInput, SourceMetaFields, type SourceMeta } from '~/components/SourceMetaFields.tsx';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';

interface Upload {
  name: string;
  /** Typed by the user to override what the file says; empty lets the file decide. */
  title: string;
  content: string;
  /** Bytes of the file that were not UTF-8, read as U+FFFD. */
  unreadable: number;
  result?: { id: number; created: boolean; title: string; replaced: number } | { error: string };
}

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/g;

/** "ar" when most letters of the text are Arabic script, so the reader lays it out right to left. */
function guessLanguage(text: string): string | null {
  const sample = text.slice(0, 5000);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  const arabic = sample.match(ARABIC)?.length ?? 0;
  return letters > 0 && arabic / letters > 0.5 ? 'ar' : null;
}

export function AddSourceForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [meta, setMeta] = useState<SourceMeta>(emptyMeta);
  const [languageTouched, setLanguageTouched] = useState(false);
  const [text, setText] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const importSource = useMutation(trpc.source.import.mutationOptions());
  const importArticle = useMutation(trpc.source.importArticle.mutationOptions());

  function setMetaTracked(m: SourceMeta) {
    if (m.language !== meta.language) setLanguageTouched(true);
    setMeta(m);
  }

  function maybeLanguage(t: string) {
    if (languageTouched) return;
    const lang = guessLanguage(t);
    if (lang && meta.language !== lang) setMeta((m) => ({ ...m, language: lang }));
  }

  async function onFiles(list: FileList | null) {
    if (!list) return;
    const next: Upload[] = [];
    const refused: string[] = [];
    for (const f of Array.from(list)) {
      if (!/\.(txt|md|markdown)$/i.test(f.name)) {
        refused.push(`${f.name}: only .txt and .md files can be imported`);
        continue;
      }
      const decoded = decodeUtf8(new Uint8Array(await f.arrayBuffer()));
      next.push({ name: f.name, title: '', content: decoded.text, unreadable: decoded.replaced });
    }
    setUploads((u) => [...u, ...next]);
    setErrors(refused.length ? { files: refused } : {});
    if (next[0]) maybeLanguage(next[0].content);
  }

  async function submit() {
    const base = metaInput(meta);
    if (uploads.length === 0) {
      const input = { ...base, text };
      const v = validate(sourceImportSchema, input);
      setErrors(v.ok ? {} : v.errors);
      if (!v.ok) return;
      setBusy(true);
      try {
        const r = await importSource.mutateAsync(input);
        await queryClient.invalidateQueries(trpc.source.list.pathFilter());
        const params = new URLSearchParams();
        if (!r.created) params.set('existing', '1');
        if (r.replaced) params.set('replaced', String(r.replaced));
        router.push(`/sources/${r.source.id}${params.size ? `?${params}` : ''}`);
      } catch (e) {
        setErrors(fieldErrorsOf(e));
      } finally {
        setBusy(false);
      }
      return;
    }
    // Files are read by the API like `claimline import` reads them: front matter first, then these fields.
    const defaults = {
      outlet: base.outlet.trim() || undefined,
      language: meta.language.trim() || undefined,
      published: base.published ?? undefined,
      authors: base.authors.length ? base.authors : undefined,
      url: base.url ?? undefined,
      credit: base.credit ?? undefined,
      notes: base.notes ?? undefined,
    };
    const v = validate(sourceImportArticleSchema, { filename: 'x', content: '', defaults });
    setErrors(v.ok ? {} : Object.fromEntries(Object.entries(v.errors).map(([k, m]) => [k.replace(/^defaults\./, ''), m])));
    if (!v.ok) return;
    setBusy(true);
    const done: Upload[] = [];
    for (const u of uploads) {
      if (u.result && 'id' in u.result) {
        done.push(u);
        continue;
      }
      try {
        const r = await importArticle.mutateAsync({ filename: u.name, content: u.content, title: u.title.trim() || null, defaults });
        done.push({ ...u, result: { id: r.source.id, created: r.created, title: r.source.title, replaced: r.replaced + u.unreadable } });
      } catch (e) {
        const fields = fieldErrorsOf(e);
        done.push({ ...u, result: { error: Object.entries(fields).map(([k, m]) => `${k}: ${m.join('; ')}`).join(' · ') || (e as Error).message } });
      }
      setUploads([...done, ...uploads.slice(done.length)]);
    }
    setBusy(false);
    await queryClient.invalidateQueries(trpc.source.list.pathFilter());
  }

  const shownFields = ['title', 'outlet', 'published', 'language', 'authors', 'url', 'credit', 'notes', 'text', 'files'];
  return (
    <form
      className="form"
      data-testid="add-source"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={formKeys(() => void submit())}
    >
      {uploads.length === 0 && (
        <div className="field">
          <label htmlFor="source-title">
            Title<span aria-hidden="true"> *</span>
          </label>
          <input id="source-title" name="title" dir="auto" autoFocus value={meta.title} onChange={(e) => setMeta({ ...meta, title: e.target.value })} aria-invalid={!!errors.title || undefined} />
          <FieldError errors={errors} name="title" />
        </div>
      )}
      <SourceMetaFields meta={meta} set={setMetaTracked} errors={errors} hideTitle />
      {uploads.length === 0 ? (
        <div className="field">
          <label htmlFor="source-text">
            Text<span aria-hidden="true"> *</span>
          </label>
          <textarea
            id="source-text"
            name="text"
            dir="auto"
            rows={14}
            className="source-textarea"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onBlur={() => maybeLanguage(text)}
            aria-invalid={!!errors.text || undefined}
            placeholder="Paste the article here"
          />
          <FieldError errors={errors} name="text" />
        </div>
      ) : (
        <fieldset className="field">
          <legend>Files to import</legend>
          <ul className="uploads" data-testid="uploads">
            {uploads.map((u, i) => (
              <li key={`${u.name}-${i}`} className="row">
                <span className="muted small">{u.name}</span>
                <input
                  aria-label={`Title for ${u.name}`}
                  dir="auto"
                  className="grow"
                  placeholder="title from the file (front matter, heading or first line)"
                  value={u.title}
                  disabled={!!u.result && 'id' in u.result}
                  onChange={(e) => setUploads(uploads.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))}
                />
                {u.result && 'id' in u.result ? (
                  <span>
                    <Link href={`/sources/${u.result.id}`}>
                      {u.result.created ? 'Imported' : 'Already there'}: <span dir="auto">{u.result.title}</span>
                    </Link>
                    {u.result.replaced > 0 && (
                      <span className="muted small" data-testid="replaced">
                        {' '}
                        ({u.result.replaced} unreadable character{u.result.replaced === 1 ? '' : 's'} stored as �)
                      </span>
                    )}
                  </span>
                ) : u.result ? (
                  <span className="field-error" role="alert">
                    {u.result.error}
                  </span>
                ) : (
                  <button type="button" className="ghost small" aria-label={`Remove ${u.name}`} onClick={() => setUploads(uploads.filter((_, j) => j !== i))}>
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <div className="field">
        <label htmlFor="source-files">{uploads.length ? 'Add more files' : 'Or upload .txt / .md files'}</label>
        <input
          ref={fileInput}
          id="source-files"
          type="file"
          accept=".txt,.md,.markdown,text/plain,text/markdown"
          multiple
          onChange={(e) => {
            void onFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <FieldError errors={errors} name="files" />
      </div>
      <FormErrors messages={remainingMessages(importSource.error, errors, shownFields)} />
      <div className="row">
        <button type="submit" disabled={busy} data-testid="import">
          {busy ? 'Importing…' : uploads.length > 1 ? `Import ${uploads.length} sources` : 'Import source'}
        </button>
        {uploads.length > 0 && (
          <button type="button" className="ghost" onClick={() => setUploads([])}>
            Paste text instead
          </button>
        )}
      </div>
    </form>
  );
}
