'use client';
// Editing an event's details (title, type, EDTF date, place, participants, description), versioned.
import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { eventUpdateSchema } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';
import { formKeys } from '~/lib/forms.ts';
import { useVersionedEdit } from '~/lib/use-versioned-edit.ts';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';
import { EditConflict, SavedValue } from '~/components/ConflictNotice.tsx';
import { EdtfInput } from '~/components/EdtfInput.tsx';
import { ParticipantsField, participantsInput, type ParticipantDraft } from '~/components/ParticipantsField.tsx';

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
  participants: ParticipantDraft[];
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
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="ghost small" data-testid="edit-event" onClick={() => setOpen(true)}>
        Edit event
      </button>
    );
  }
  // Keyed by version: after a save the page re-renders with the new record, and a new edit starts from it.
  return <EventForm key={`${event.id}-${event.version}`} event={event} onClose={() => setOpen(false)} />;
}

function EventForm({ event, onClose }: { event: EventFields; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(event));
  const update = useMutation(trpc.event.update.mutationOptions());
  const edit = useVersionedEdit({
    schema: eventUpdateSchema,
    form,
    mutate: update.mutateAsync,
    onSaved: async () => {
      await queryClient.invalidateQueries(trpc.event.pathFilter());
      onClose();
      router.refresh();
    },
    version: event.version,
    fetchLatest: () => queryClient.fetchQuery({ ...trpc.event.get.queryOptions({ id: event.id }), staleTime: 0 }),
    toSaved: draftOf,
  });
  const submit = () =>
    void edit.submit((version) => ({
      id: event.id,
      version,
      title: draft.title,
      type: draft.type.trim() || 'event',
      date: draft.date.trim() || null,
      place: draft.place.trim() || null,
      description: draft.description.trim() || null,
      participants: participantsInput(draft.participants),
    }));
  const { errors, saved } = edit;

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  return (
    <form
      ref={form}
      className="form card"
      data-testid="edit-event-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={formKeys(submit, () => onClose())}
    >
      <EditConflict what="event" edit={edit} />
      <div className="field">
        <label htmlFor="event-title">Title</label>
        <input
          id="event-title"
          dir="auto"
          autoFocus
          value={draft.title}
          onChange={(e) => set({ title: e.target.value })}
          aria-invalid={!!errors.title || undefined}
        />
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
      <ParticipantsField value={draft.participants} onChange={(participants) => set({ participants })} errors={errors} />
      <div className="field">
        <label htmlFor="event-description">Description</label>
        <textarea id="event-description" dir="auto" rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} />
        <FieldError errors={errors} name="description" />
      </div>
      <FormErrors messages={edit.messages(['title', 'type', 'date', 'place', 'description', 'participants'])} />
      <div className="row">
        <button type="submit" disabled={edit.saving}>
          {edit.saving ? 'Saving…' : 'Save event'}
        </button>
        <button type="button" className="ghost" onClick={() => onClose()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
