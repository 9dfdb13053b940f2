'use client';
// Adding sources: pasted text, or one or more uploaded .txt/.md files sharing the same metadata.
import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { decodeUtf8, sourceImportArticleSchema, sourceImportSchema } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';
import { formKeys } from '~/lib/forms.ts';
import { fieldErrorsOf, validate, type FieldErrors } from '~/lib/errors.ts';
import { mergeErrors } from '~/lib/edit-cycle.ts';
import { guessLanguage } from '~/lib/language.ts';
import { useVersionedEdit } from '~/lib/use-versioned-edit.ts';
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

const imported = (u: Upload) => !!u.result && 'id' in u.result;
const SHOWN = ['title', 'outlet', 'published', 'language', 'authors', 'url', 'credit', 'notes', 'text', 'files'];

/** The form's fields as the file import's defaults: front matter in a file wins over them. */
function defaultsOf(meta: SourceMeta) {
  const base = metaInput(meta);
  return {
    outlet: base.outlet.trim() || undefined,
    language: meta.language.trim() || undefined,
    published: base.published ?? undefined,
    authors: base.authors.length ? base.authors : undefined,
    url: base.url ?? undefined,
    credit: base.credit ?? undefined,
    notes: base.notes ?? undefined,
  };
}

/** Pasted text: one source, then its reader (saying when the text was there already, or had unreadable characters). */
function usePasteImport() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const importSource = useMutation(trpc.source.import.mutationOptions());
  return useVersionedEdit({
    schema: sourceImportSchema,
    mutate: importSource.mutateAsync,
    onSaved: async (r) => {
      await queryClient.invalidateQueries(trpc.source.list.pathFilter());
      const params = new URLSearchParams();
      if (!r.created) params.set('existing', '1');
      if (r.replaced) params.set('replaced', String(r.replaced));
      router.push(`/sources/${r.source.id}${params.size ? `?${params}` : ''}`);
    },
  });
}

/** Files: read by the API like `claimline import` reads them; each file's outcome is shown beside it. */
function useFileImport(uploads: Upload[], setUploads: (u: Upload[]) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const importArticle = useMutation(trpc.source.importArticle.mutationOptions());
  return useVersionedEdit({
    // The form's fields are the defaults: checked as the API will, named as the form names them.
    check: (defaults: ReturnType<typeof defaultsOf>) => {
      const v = validate(sourceImportArticleSchema, { filename: 'x', content: '', defaults });
      return v.ok ? null : Object.fromEntries(Object.entries(v.errors).map(([k, m]) => [k.replace(/^defaults\./, ''), m]));
    },
    mutate: async (defaults) => {
      const done: Upload[] = [];
      for (const u of uploads) {
        if (imported(u)) {
          done.push(u);
          continue;
        }
        try {
          const r = await importArticle.mutateAsync({ filename: u.name, content: u.content, title: u.title.trim() || null, defaults });
          done.push({ ...u, result: { id: r.source.id, created: r.created, title: r.source.title, replaced: r.replaced + u.unreadable } });
        } catch (e) {
          const fields = fieldErrorsOf(e);
          done.push({
            ...u,
            result: {
              error:
                Object.entries(fields)
                  .map(([k, m]) => `${k}: ${m.join('; ')}`)
                  .join(' · ') || (e as Error).message,
            },
          });
        }
        setUploads([...done, ...uploads.slice(done.length)]);
      }
    },
    onSaved: () => queryClient.invalidateQueries(trpc.source.list.pathFilter()),
  });
}

async function readFiles(list: FileList): Promise<{ read: Upload[]; refused: string[] }> {
  const read: Upload[] = [];
  const refused: string[] = [];
  for (const f of Array.from(list)) {
    if (!/\.(txt|md|markdown)$/i.test(f.name)) {
      refused.push(`${f.name}: only .txt and .md files can be imported`);
      continue;
    }
    const decoded = decodeUtf8(new Uint8Array(await f.arrayBuffer()));
    read.push({ name: f.name, title: '', content: decoded.text, unreadable: decoded.replaced });
  }
  return { read, refused };
}

export function AddSourceForm() {
  const [meta, setMeta] = useState<SourceMeta>(emptyMeta);
  const [languageTouched, setLanguageTouched] = useState(false);
  const [text, setText] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [fileErrors, setFileErrors] = useState<FieldErrors>({});
  const paste = usePasteImport();
  const files = useFileImport(uploads, setUploads);
  const edit = uploads.length ? files : paste;
  const errors = mergeErrors(edit.errors, fileErrors);
  const busy = paste.saving || files.saving;

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
    const { read, refused } = await readFiles(list);
    setUploads((u) => [...u, ...read]);
    setFileErrors(refused.length ? { files: refused } : {});
    if (read[0]) maybeLanguage(read[0].content);
  }

  function submit() {
    setFileErrors({});
    if (uploads.length) void files.submit(() => defaultsOf(meta));
    else void paste.submit(() => ({ ...metaInput(meta), text }));
  }

  return (
    <form
      className="form"
      data-testid="add-source"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={formKeys(submit)}
    >
      {uploads.length === 0 && (
        <div className="field">
          <label htmlFor="source-title">
            Title<span aria-hidden="true"> *</span>
          </label>
          <input
            id="source-title"
            name="title"
            dir="auto"
            autoFocus
            value={meta.title}
            onChange={(e) => setMeta({ ...meta, title: e.target.value })}
            aria-invalid={!!errors.title || undefined}
          />
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
        <UploadList uploads={uploads} setUploads={setUploads} />
      )}
      <div className="field">
        <label htmlFor="source-files">{uploads.length ? 'Add more files' : 'Or upload .txt / .md files'}</label>
        <input
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
      <FormErrors messages={edit.messages(SHOWN)} />
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

function UploadList({ uploads, setUploads }: { uploads: Upload[]; setUploads: (u: Upload[]) => void }) {
  return (
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
              disabled={imported(u)}
              onChange={(e) => setUploads(uploads.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))}
            />
            <UploadOutcome upload={u} onRemove={() => setUploads(uploads.filter((_, j) => j !== i))} />
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function UploadOutcome({ upload: u, onRemove }: { upload: Upload; onRemove: () => void }) {
  if (u.result && 'id' in u.result) {
    return (
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
    );
  }
  if (u.result) {
    return (
      <span className="field-error" role="alert">
        {u.result.error}
      </span>
    );
  }
  return (
    <button type="button" className="ghost small" aria-label={`Remove ${u.name}`} onClick={onRemove}>
      ×
    </button>
  );
}
