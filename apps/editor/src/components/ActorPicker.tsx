'use client';
// Picks an actor by any of its names (actor.search folds case, diacritics, al-/ال and
// transliteration variants), or creates one inline.
import { useLayoutEffect, useRef, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ACTOR_KINDS, actorCreateSchema, type ActorKind } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';
import { useDebounced } from '~/lib/use-debounced.ts';
import { useVersionedEdit } from '~/lib/use-versioned-edit.ts';
import { Combobox } from './Combobox.tsx';
import { FieldError, FormErrors } from './FieldError.tsx';

export interface ActorRef {
  id: number;
  name: string;
}

export const kindLabel = (k: string) => k.replace('_', ' ');

export function ActorPicker({
  label,
  value,
  onChange,
  autoFocus,
  inputId,
  invalid,
  testId,
  exclude,
}: {
  label: string;
  value: ActorRef | null;
  onChange: (v: ActorRef | null) => void;
  autoFocus?: boolean;
  inputId?: string;
  invalid?: boolean;
  testId?: string;
  exclude?: number[];
}) {
  const trpc = useTRPC();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState<{ name: string; kind: ActorKind } | null>(null);
  const change = useRef<HTMLButtonElement>(null);
  // After a pick, the keyboard stays in the field: on the picked value's "Change" button, moved in the
  // same task as the key press that picked (a frame later, a fast Ctrl+Enter would land on nothing).
  const focusChange = useRef(false);
  useLayoutEffect(() => {
    if (value && focusChange.current) {
      focusChange.current = false;
      change.current?.focus();
    }
  }, [value]);
  const debounced = useDebounced(q.trim());
  const search = useQuery({
    ...trpc.actor.search.queryOptions({ q: debounced, limit: 8 }),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
  });
  function pick(a: ActorRef) {
    onChange(a);
    setQ('');
    focusChange.current = true;
  }

  if (value) {
    return (
      <div className="picked" data-testid={testId ? `${testId}-picked` : undefined}>
        <span dir="auto">{value.name}</span>
        <button
          ref={change}
          type="button"
          className="ghost small"
          aria-label={`Change ${label.toLowerCase()} (${value.name})`}
          onClick={() => {
            onChange(null);
            requestAnimationFrame(() => document.getElementById(inputId ?? '')?.focus());
          }}
        >
          Change
        </button>
      </div>
    );
  }

  if (creating) {
    return (
      <NewActorInline
        draft={creating}
        setDraft={setCreating}
        onCreated={(a) => {
          pick(a);
          setCreating(null);
        }}
      />
    );
  }

  const items = debounced ? (search.data?.items ?? []).filter((a) => !exclude?.includes(a.id)) : [];
  return (
    <Combobox
      label={label}
      inputId={inputId}
      testId={testId}
      autoFocus={autoFocus}
      invalid={invalid}
      query={q}
      onQuery={setQ}
      items={items}
      loading={search.isFetching}
      pending={debounced !== q.trim() || search.isFetching}
      itemKey={(a) => a.id}
      placeholder="Type any spelling…"
      renderItem={(a) => (
        <>
          <span dir="auto" className="option-name">
            {a.name}
          </span>{' '}
          <span className="muted small">{kindLabel(a.kind)}</span>
          {a.matchedName !== a.name && (
            <span className="muted small block" dir="auto">
              matched “{a.matchedName}”
            </span>
          )}
        </>
      )}
      onPick={(a) => pick({ id: a.id, name: a.name })}
      // Offered only once the search for what was typed has answered, so a quick Enter never creates a duplicate.
      createLabel={q.trim() && debounced === q.trim() && !search.isFetching ? `+ Create actor “${q.trim()}”` : null}
      onCreate={() => setCreating({ name: q.trim(), kind: 'person' })}
    />
  );
}

/** A new actor from the picker: the name typed so far, a kind; Enter creates it, Esc goes back to the search. */
function NewActorInline({
  draft,
  setDraft,
  onCreated,
}: {
  draft: { name: string; kind: ActorKind };
  setDraft: (d: { name: string; kind: ActorKind } | null) => void;
  onCreated: (a: ActorRef) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.actor.create.mutationOptions());
  const edit = useVersionedEdit({
    schema: actorCreateSchema,
    mutate: create.mutateAsync,
    onSaved: (a) => {
      void queryClient.invalidateQueries(trpc.actor.pathFilter());
      onCreated({ id: a.id, name: a.name });
    },
  });
  const { errors } = edit;
  const submit = () => void edit.submit(() => ({ name: draft.name, kind: draft.kind }));
  return (
    <div className="inline-create" role="group" aria-label="New actor">
      <div className="row">
        <label className="grow">
          New actor’s name
          <input
            autoFocus
            dir="auto"
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                e.stopPropagation();
                submit();
              } else if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                setDraft(null);
              }
            }}
            aria-invalid={!!errors.name || undefined}
          />
          <FieldError errors={errors} name="name" />
        </label>
        <label>
          Kind
          <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as ActorKind })}>
            {ACTOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="kind" />
        </label>
      </div>
      <FormErrors messages={edit.messages(['name', 'kind'])} />
      <div className="row">
        <button type="button" onClick={submit} disabled={edit.saving}>
          {edit.saving ? 'Creating…' : 'Create actor'}
        </button>
        <button type="button" className="ghost" onClick={() => setDraft(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
