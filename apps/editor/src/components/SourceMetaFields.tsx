'use client';
// A source's metadata fields (title, outlet, date, language, authors, URL, credit, notes), used when
// adding a source and when editing one.
import { useId } from 'react';
import type { FieldErrors } from '~/lib/errors.ts';
import { EdtfInput } from './EdtfInput.tsx';
import { FieldError } from './FieldError.tsx';
import { SavedValue } from './ConflictNotice.tsx';

export interface SourceMeta {
  title: string;
  outlet: string;
  published: string;
  language: string;
  authors: string;
  url: string;
  credit: string;
  notes: string;
}

export const emptyMeta = (): SourceMeta => ({ title: '', outlet: '', published: '', language: 'en', authors: '', url: '', credit: '', notes: '' });

export function metaOf(s: {
  title: string;
  outlet: string;
  published: string | null;
  language: string;
  authors: unknown;
  url: string | null;
  credit: string | null;
  notes?: string | null;
}): SourceMeta {
  return {
    title: s.title,
    outlet: s.outlet,
    published: s.published ?? '',
    language: s.language,
    authors: Array.isArray(s.authors) ? s.authors.join('; ') : '',
    url: s.url ?? '',
    credit: s.credit ?? '',
    notes: s.notes ?? '',
  };
}

/** The metadata as source.import / source.updateMeta take it. */
export function metaInput(m: SourceMeta) {
  return {
    title: m.title,
    outlet: m.outlet,
    published: m.published.trim() || null,
    language: m.language.trim() || 'en',
    authors: m.authors
      .split(/[;\n]/)
      .map((a) => a.trim())
      .filter(Boolean),
    url: m.url.trim() || null,
    credit: m.credit.trim() || null,
    notes: m.notes.trim() || null,
  };
}

export function SourceMetaFields({
  meta,
  set,
  errors,
  saved,
  prefix = '',
  hideTitle,
}: {
  meta: SourceMeta;
  set: (m: SourceMeta) => void;
  errors: FieldErrors;
  saved?: SourceMeta | null;
  prefix?: string;
  hideTitle?: boolean;
}) {
  const id = useId();
  const field = (name: keyof SourceMeta, label: string, opts: { required?: boolean; placeholder?: string; type?: string; dir?: 'auto' } = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>
        {label}
        {opts.required && <span aria-hidden="true"> *</span>}
      </label>
      <input
        id={`${id}-${name}`}
        name={name}
        type={opts.type ?? 'text'}
        dir={opts.dir}
        value={meta[name]}
        placeholder={opts.placeholder}
        required={opts.required}
        aria-invalid={!!errors[prefix + name] || undefined}
        onChange={(e) => set({ ...meta, [name]: e.target.value })}
      />
      <FieldError errors={errors} name={prefix + name} />
      <SavedValue show={!!saved && saved[name] !== meta[name]} value={saved?.[name] ?? ''} />
    </div>
  );
  return (
    <>
      {!hideTitle && field('title', 'Title', { required: true, dir: 'auto' })}
      <div className="grid-2">
        {field('outlet', 'Outlet', { required: true, dir: 'auto', placeholder: 'Reuters, Anadolu Agency…' })}
        <div className="field">
          <label htmlFor={`${id}-published`}>Published (EDTF)</label>
          <EdtfInput id={`${id}-published`} value={meta.published} onChange={(v) => set({ ...meta, published: v })} invalid={!!errors[`${prefix}published`]} />
          <FieldError errors={errors} name={`${prefix}published`} />
          <SavedValue show={!!saved && saved.published !== meta.published} value={saved?.published ?? ''} />
        </div>
        {field('language', 'Language (BCP 47)', { placeholder: 'en, ar, fr…' })}
        {field('authors', 'Authors (separated by ;)', { dir: 'auto' })}
        {field('url', 'URL', { type: 'url', placeholder: 'https://…' })}
        {field('credit', 'Credit', { dir: 'auto' })}
      </div>
      <div className="field">
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea
          id={`${id}-notes`}
          dir="auto"
          rows={2}
          value={meta.notes}
          onChange={(e) => set({ ...meta, notes: e.target.value })}
          aria-invalid={!!errors[`${prefix}notes`] || undefined}
        />
        <FieldError errors={errors} name={`${prefix}notes`} />
      </div>
    </>
  );
}
