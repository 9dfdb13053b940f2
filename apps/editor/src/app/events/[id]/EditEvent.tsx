'use client';
// Editing an event's details (title, type, EDTF date, place, participants, description), versioned.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { eventUpdateSchema } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';
import { fieldErrorsOf, isConflict, remainingMessages, validate, type FieldErrors } from '~/lib/errors.ts';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';
import { ConflictNotice, SavedValue } from '~/components/ConflictNotice.tsx';
import { EdtfInput } from '~/components/EdtfInput.tsx';
import { ActorPicker, type ActorRef } from '~/components/ActorPicker.tsx';

export interface EventFields {
  id: number;
  version: number;
  title: string;
  type: string;
  date: string | null;
  place: string | null;
  description: string | null;
  participants: { actorId: number; role: string; actor: { name: string } }[];
}

interface Draft {
  title: string;
  type: string;
  date: string;
  place: string;
  description: string;
  participants: { actor: ActorRef | null; role: string }[];
}

const draftOf = (e: EventFields): Draft => ({
  title: e.title,
  type: e.type,
  date: e.date ?? '',
  place: e.place ?? '',
  description: e.description ?? '',
  participants: e.participants.map((p) => ({ actor: { id: p.actorId, name: p.actor.name }, role: p.role })),
});

export function EditEvent({ event }: { event: EventFields }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(event));
  const [version, setVersion] = useState(event.version);
  const [saved, setSaved] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [reloading, setReloading] = useState(false);
  const update = useMutation(trpc.event.update.mutationOptions());

  if (!open) {
    return (
      <button
        type="button"
        className="ghost small"
        data-testid="edit-event"
        onClick={() => {
          setDraft(draftOf(event));
          setVersion(event.version);
          setSaved(null);
          setOpen(true);
        }}
      >
        Edit event
      </button>
    );
  }

  async function submit() {
    const input = {
      id: event.id,
      version,
      title: draft.title,
      type: draft.type.trim() || 'event',
      date: draft.date.trim() || null,
      place: draft.place.trim() || null,
      description: draft.description.trim() || null,
      participants: draft.participants.filter((p) => p.actor).map((p) => ({ actorId: p.actor!.id, role: p.role.trim() || 'participant' })),
    };
    const v = validate(eventUpdateSchema, input);
    setErrors(v.ok ? {} : v.errors);
    if (!v.ok) return;
    try {
      await update.mutateAsync(input);
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      return;
    }
    await queryClient.invalidateQueries(trpc.event.pathFilter());
    setOpen(false);
    router.refresh();
  }

  async function reload() {
    setReloading(true);
    try {
      const fresh = await queryClient.fetchQuery({ ...trpc.event.get.queryOptions({ id: event.id }), staleTime: 0 });
      setVersion(fresh.version);
      setSaved(draftOf(fresh));
      update.reset();
    } finally {
      setReloading(false);
    }
  }

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  return (
    <form
      className="form card"
      data-testid="edit-event-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        } else if (e.key === 'Escape' && !e.defaultPrevented) setOpen(false);
      }}
    >
      {(isConflict(update.error) || saved) && <ConflictNotice what="event" onReload={reload} reloading={reloading} reloaded={!!saved && !update.error} />}
      <div className="field">
        <label htmlFor="event-title">Title</label>
        <input id="event-title" dir="auto" autoFocus value={draft.title} onChange={(e) => set({ title: e.target.value })} aria-invalid={!!errors.title || undefined} />
        <FieldError errors={errors} name="title" />
        <SavedValue show={!!saved && saved.title !== draft.title} value={saved?.title ?? ''} />
      </div>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="event-date">Date (EDTF)</label>
          <EdtfInput id="event-date" value={draft.date} onChange={(v) => set({ date: v })} invalid={!!errors.date} testId="event-date" />
          <FieldError errors={errors} name="date" />
          <SavedValue show={!!saved && saved.date !== draft.date} value={saved?.date ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="event-place">Place</label>
          <input id="event-place" dir="auto" value={draft.place} onChange={(e) => set({ place: e.target.value })} aria-invalid={!!errors.place || undefined} />
          <FieldError errors={errors} name="place" />
          <SavedValue show={!!saved && saved.place !== draft.place} value={saved?.place ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="event-type">Type</label>
          <input id="event-type" value={draft.type} onChange={(e) => set({ type: e.target.value })} aria-invalid={!!errors.type || undefined} />
          <FieldError errors={errors} name="type" />
        </div>
      </div>
      <fieldset className="field">
        <legend>Participants</legend>
        {draft.participants.map((p, i) => (
          <div className="row" key={i}>
            <div className="grow">
              <ActorPicker
                label={`Participant ${i + 1}`}
                value={p.actor}
                autoFocus={!p.actor}
                onChange={(a) => set({ participants: draft.participants.map((x, j) => (j === i ? { ...x, actor: a } : x)) })}
              />
            </div>
            <input
              aria-label={`Role of participant ${i + 1}`}
              size={12}
              value={p.role}
              onChange={(e) => set({ participants: draft.participants.map((x, j) => (j === i ? { ...x, role: e.target.value } : x)) })}
            />
            <button type="button" className="ghost small" aria-label={`Remove participant ${i + 1}`} onClick={() => set({ participants: draft.participants.filter((_, j) => j !== i) })}>
              ×
            </button>
          </div>
        ))}
        <button type="button" className="ghost small" onClick={() => set({ participants: [...draft.participants, { actor: null, role: 'participant' }] })}>
          + Participant
        </button>
        <FieldError errors={errors} name="participants" />
      </fieldset>
      <div className="field">
        <label htmlFor="event-description">Description</label>
        <textarea id="event-description" dir="auto" rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} />
        <FieldError errors={errors} name="description" />
      </div>
      <FormErrors messages={remainingMessages(update.error, errors, ['title', 'type', 'date', 'place', 'description', 'participants'])} />
      <div className="row">
        <button type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save event'}
        </button>
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
