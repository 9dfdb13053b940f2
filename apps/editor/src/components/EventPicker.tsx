'use client';
// Finds an event by title words (full-text, prefix on the last word), or creates one inline with an
// EDTF date, a place and participants.
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { eventCreateSchema } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';
import { useDebounced } from '~/lib/use-debounced.ts';
import { useVersionedEdit } from '~/lib/use-versioned-edit.ts';
import { showEdtf } from '~/lib/format.ts';
import { Combobox } from './Combobox.tsx';
import { FieldError, FormErrors } from './FieldError.tsx';
import { EdtfInput } from './EdtfInput.tsx';
import { ParticipantsField, participantsInput, type ParticipantDraft } from './ParticipantsField.tsx';

export interface EventRef {
  id: number;
  title: string;
  date: string | null;
}

export function EventPicker({ value, onChange, testId }: { value: EventRef | null; onChange: (v: EventRef | null) => void; testId?: string }) {
  const trpc = useTRPC();
  const inputId = useId();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState<string | null>(null);
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
  const list = useQuery({
    ...trpc.event.list.queryOptions({ q: debounced || undefined, limit: 8 }),
    placeholderData: keepPreviousData,
  });

  function pick(e: EventRef) {
    onChange(e);
    setQ('');
    setCreating(null);
    focusChange.current = true;
  }

  if (value) {
    return (
      <div className="picked" data-testid={testId ? `${testId}-picked` : undefined}>
        <span dir="auto">{value.title}</span> <span className="muted small">{showEdtf(value.date)}</span>
        <button
          ref={change}
          type="button"
          className="ghost small"
          aria-label={`Change event (${value.title})`}
          onClick={() => {
            onChange(null);
            requestAnimationFrame(() => document.getElementById(inputId)?.focus());
          }}
        >
          Change
        </button>
      </div>
    );
  }
  if (creating !== null) return <NewEvent initialTitle={creating} onCreated={pick} onCancel={() => setCreating(null)} />;
  return (
    <Combobox
      label="Event"
      inputId={inputId}
      testId={testId}
      query={q}
      onQuery={setQ}
      openOnFocus
      items={list.data?.items ?? []}
      loading={list.isFetching}
      pending={debounced !== q.trim() || list.isFetching}
      itemKey={(e) => e.id}
      placeholder="Search events by title…"
      renderItem={(e) => (
        <>
          <span dir="auto" className="option-name">
            {e.title}
          </span>{' '}
          <span className="muted small">
            {showEdtf(e.date)}
            {e.place ? ` · ${e.place}` : ''}
          </span>
        </>
      )}
      onPick={(e) => pick({ id: e.id, title: e.title, date: e.date })}
      createLabel={debounced !== q.trim() || list.isFetching ? null : q.trim() ? `+ New event “${q.trim()}”` : '+ New event…'}
      onCreate={() => setCreating(q.trim())}
    />
  );
}

function NewEvent({ initialTitle, onCreated, onCancel }: { initialTitle: string; onCreated: (e: EventRef) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [title, setTitle] = useState(initialTitle);
  const [type, setType] = useState('event');
  const [date, setDate] = useState('');
  const [place, setPlace] = useState('');
  const [participants, setParticipants] = useState<ParticipantDraft[]>([]);
  const create = useMutation(trpc.event.create.mutationOptions());
  const edit = useVersionedEdit({
    schema: eventCreateSchema,
    mutate: create.mutateAsync,
    onSaved: (e) => {
      void queryClient.invalidateQueries(trpc.event.pathFilter());
      onCreated({ id: e.id, title: e.title, date: e.date });
    },
  });
  const { errors } = edit;
  const submit = () =>
    void edit.submit(() => ({
      title,
      type: type.trim() || 'event',
      date: date.trim() || null,
      place: place.trim() || null,
      participants: participantsInput(participants),
    }));

  return (
    <div
      className="inline-create"
      role="group"
      aria-label="New event"
      data-testid="new-event"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && (e.target as HTMLElement).tagName === 'INPUT') {
          // Enter creates the event; it must not submit the claim form around it.
          e.preventDefault();
          e.stopPropagation();
          submit();
        }
      }}
    >
      <label>
        Title
        <input
          id={`${id}-title`}
          autoFocus
          dir="auto"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          aria-invalid={!!errors.title || undefined}
          data-testid="new-event-title"
        />
        <FieldError errors={errors} name="title" />
      </label>
      <div className="row">
        <label className="grow">
          Date (EDTF)
          <EdtfInput value={date} onChange={setDate} invalid={!!errors.date} testId="new-event-date" />
          <FieldError errors={errors} name="date" />
        </label>
        <label>
          Type
          <input value={type} onChange={(e) => setType(e.target.value)} list={`${id}-types`} size={12} />
          <datalist id={`${id}-types`}>
            {['meeting', 'visit', 'statement', 'attack', 'offensive', 'campaign', 'negotiation', 'call', 'event'].map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <FieldError errors={errors} name="type" />
        </label>
      </div>
      <label>
        Place
        <input dir="auto" value={place} onChange={(e) => setPlace(e.target.value)} data-testid="new-event-place" />
        <FieldError errors={errors} name="place" />
      </label>
      <ParticipantsField value={participants} onChange={setParticipants} errors={errors} />
      <FormErrors messages={edit.messages(['title', 'date', 'type', 'place', 'participants'])} />
      <div className="row">
        <button type="button" onClick={submit} disabled={edit.saving} data-testid="new-event-create">
          {edit.saving ? 'Creating…' : 'Create event'}
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
