'use client';
// The source's metadata above the reader, with an edit form (versioned, like every edit).
import { useRef, useState } from 'react';
import Link from 'next/link';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sourceUpdateMetaSchema } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';
import { showEdtf } from '~/lib/format.ts';
import { formKeys } from '~/lib/forms.ts';
import { useVersionedEdit } from '~/lib/use-versioned-edit.ts';
import { metaInput, metaOf, SourceMetaFields, type SourceMeta } from '~/components/SourceMetaFields.tsx';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';
import { EditConflict, SavedValue } from '~/components/ConflictNotice.tsx';
import type { Source } from './types.ts';

export function SourceHeader({ source, claimCount, truncated }: { source: Source; claimCount: number; truncated: boolean }) {
  const [editing, setEditing] = useState(false);
  const authors = Array.isArray(source.authors) ? (source.authors as string[]) : [];
  return (
    <header className="source-header">
      {editing ? (
        <SourceMetaForm source={source} onClose={() => setEditing(false)} />
      ) : (
        <>
          <h1 dir="auto" data-testid="source-title">
            {source.title}
          </h1>
          <p className="meta">
            <span dir="auto">{source.outlet}</span>
            <span title={source.published ?? undefined}>{showEdtf(source.published)}</span>
            <span>{source.language}</span>
            {authors.length > 0 && <span dir="auto">{authors.join(', ')}</span>}
            {source.url && (
              <a href={source.url} rel="noopener noreferrer nofollow" target="_blank">
                original ↗
              </a>
            )}
            <span>
              {claimCount} claims{truncated ? ' (loading more…)' : ''}
            </span>
          </p>
          {source.credit && (
            <p className="muted small" dir="auto">
              {source.credit}
            </p>
          )}
          {source.notes && (
            <details className="small">
              <summary>Notes</summary>
              <p dir="auto" className="pre">
                {source.notes}
              </p>
            </details>
          )}
          <p className="row small">
            <button type="button" className="ghost small" onClick={() => setEditing(true)}>
              Edit details
            </button>
            <Link href={`/history/source/${source.id}`}>History</Link>
            <Link href={`/export?source=${source.id}`}>Export this source</Link>
            <span className="muted">
              Press <kbd>?</kbd> for keyboard shortcuts
            </span>
          </p>
        </>
      )}
    </header>
  );
}

function SourceMetaForm({ source, onClose }: { source: Source; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [meta, setMeta] = useState<SourceMeta>(() => metaOf(source));
  const update = useMutation(trpc.source.updateMeta.mutationOptions());
  const edit = useVersionedEdit({
    schema: sourceUpdateMetaSchema,
    form,
    mutate: update.mutateAsync,
    onSaved: async () => {
      await queryClient.invalidateQueries(trpc.source.pathFilter());
      onClose();
    },
    version: source.version,
    fetchLatest: () => queryClient.fetchQuery({ ...trpc.source.get.queryOptions({ id: source.id }), staleTime: 0 }),
    toSaved: metaOf,
  });
  const submit = () => void edit.submit((version) => ({ id: source.id, version, ...metaInput(meta) }));
  const { errors, saved } = edit;

  return (
    <form
      ref={form}
      className="form source-meta-form"
      data-testid="source-meta-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={formKeys(submit, onClose)}
    >
      <h2>Edit the source’s details</h2>
      <p className="muted small">The text itself never changes (claims anchor into it); import a corrected text as a new source.</p>
      <EditConflict what="source" edit={edit} />
      <div className="field">
        <label htmlFor="meta-title">Title</label>
        <input
          id="meta-title"
          dir="auto"
          autoFocus
          value={meta.title}
          onChange={(e) => setMeta({ ...meta, title: e.target.value })}
          aria-invalid={!!errors.title || undefined}
        />
        <FieldError errors={errors} name="title" />
        <SavedValue show={!!saved && saved.title !== meta.title} value={saved?.title ?? ''} />
      </div>
      <SourceMetaFields meta={meta} set={setMeta} errors={errors} saved={saved} hideTitle />
      <FormErrors messages={edit.messages(['title', 'outlet', 'published', 'language', 'authors', 'url', 'credit', 'notes'])} />
      <div className="row">
        <button type="submit" disabled={edit.saving}>
          {edit.saving ? 'Saving…' : 'Save details'}
        </button>
        <button type="button" className="ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
