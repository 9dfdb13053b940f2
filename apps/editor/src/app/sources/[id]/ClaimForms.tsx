'use client';
// The reader's forms: a new claim for a selected span (with an optional link to an event), editing a
// claim, and adding or editing a link. Every field validates with the API's own zod schema first,
// shows the server's field errors beside it, and a stale edit offers to reload without losing input.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { formKeys } from '~/lib/forms.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { claimCreateSchema, claimUpdateSchema, linkCreateSchema, linkUpdateSchema, STANCES } from '@claimline/core';
import { useCan } from '~/components/CurrentUser.tsx';
import { useTRPC } from '~/trpc/react.tsx';
import { validate, type FieldErrors } from '~/lib/errors.ts';
import { StepRefused } from '~/lib/edit-cycle.ts';
import { useVersionedEdit } from '~/lib/use-versioned-edit.ts';
import { excerpt, STANCE_LABEL } from '~/lib/format.ts';
import { ActorPicker, type ActorRef } from '~/components/ActorPicker.tsx';
import { EventPicker } from '~/components/EventPicker.tsx';
import { EdtfInput } from '~/components/EdtfInput.tsx';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';
import { EditConflict, SavedValue } from '~/components/ConflictNotice.tsx';
import { ActorName } from '~/components/Asserted.tsx';
import { claimDraftOf, claimInput, emptyLink, linkDraftOf, linkInput, type ClaimDraft, type LinkDraft } from '~/lib/drafts.ts';
import type { Claim, ClaimLink } from './types.ts';

export { claimDraftOf, emptyLink, linkDraftOf, type ClaimDraft, type LinkDraft };

const CLAIM_FIELDS = ['claim.claimantId', 'claim.chain', 'claim.paraphrase'];
const LINK_FIELDS = ['link.eventId', 'link.stance', 'link.asserted', 'link.note'];

// ---------- fields ----------

export function ClaimFields({
  draft,
  set,
  errors,
  saved,
  autoFocus,
  previous,
}: {
  draft: ClaimDraft;
  set: (d: ClaimDraft) => void;
  errors: FieldErrors;
  saved?: ClaimDraft | null;
  autoFocus?: boolean;
  previous?: Claim | null;
}) {
  const id = useId();
  const nameOf = (a: ActorRef | null) => a?.name ?? '';
  const chainText = (d: ClaimDraft) => d.chain.map((h) => nameOf(h.actor)).join(' → ');
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-claimant`}>Claimant</label>
        <ActorPicker
          label="Claimant"
          inputId={`${id}-claimant`}
          testId="claimant"
          value={draft.claimant}
          onChange={(a) => set({ ...draft, claimant: a })}
          autoFocus={autoFocus}
          invalid={!!errors['claim.claimantId']}
        />
        <FieldError errors={errors} name="claim.claimantId" />
        <SavedValue show={!!saved && nameOf(saved.claimant) !== nameOf(draft.claimant)} value={nameOf(saved?.claimant ?? null)} />
        {previous && !draft.claimant && draft.chain.length === 0 && (previous.claimant || previous.chain.length > 0) && (
          <button type="button" className="ghost small" onClick={() => set({ ...draft, ...claimDraftOf({ ...previous, paraphrase: draft.paraphrase }) })}>
            Same as the claim before: {[...previous.chain.map((h) => h.actor.name), previous.claimant?.name].filter(Boolean).join(' → ')}
          </button>
        )}
      </div>
      <fieldset className="field">
        <legend>Attribution chain</legend>
        <p className="muted small">From this page’s outlet to the claimant: who reports whom.</p>
        <ol className="chain">
          {draft.chain.map((h, i) => (
            <li key={i} className="row">
              <div className="grow">
                <ActorPicker
                  label={`Hop ${i + 1}`}
                  inputId={`${id}-hop-${i}`}
                  value={h.actor}
                  autoFocus={!h.actor}
                  onChange={(a) => set({ ...draft, chain: draft.chain.map((x, j) => (j === i ? { ...x, actor: a } : x)) })}
                  invalid={!!errors[`claim.chain.${i}.actorId`]}
                />
              </div>
              <input
                aria-label={`How hop ${i + 1} passed it on`}
                placeholder="reports, citing…"
                size={11}
                value={h.relation}
                onChange={(e) => set({ ...draft, chain: draft.chain.map((x, j) => (j === i ? { ...x, relation: e.target.value } : x)) })}
              />
              <button
                type="button"
                className="ghost small"
                aria-label={`Remove hop ${i + 1}`}
                onClick={() => set({ ...draft, chain: draft.chain.filter((_, j) => j !== i) })}
              >
                ×
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="ghost small"
          onClick={() => set({ ...draft, chain: [...draft.chain, { actor: null, relation: '' }] })}
          data-testid="add-hop"
        >
          + Add a hop
        </button>
        <FieldError errors={errors} name="claim.chain" />
        <SavedValue show={!!saved && chainText(saved) !== chainText(draft)} value={saved ? chainText(saved) : ''} />
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-paraphrase`}>Paraphrase</label>
        <textarea
          id={`${id}-paraphrase`}
          dir="auto"
          rows={2}
          value={draft.paraphrase}
          onChange={(e) => set({ ...draft, paraphrase: e.target.value })}
          aria-invalid={!!errors['claim.paraphrase'] || undefined}
          data-testid="paraphrase"
        />
        <FieldError errors={errors} name="claim.paraphrase" />
        <SavedValue show={!!saved && saved.paraphrase !== draft.paraphrase} value={saved?.paraphrase ?? ''} />
      </div>
    </>
  );
}

function ParticipantList({ label, ids, set, testId }: { label: string; ids: number[]; set: (ids: number[]) => void; testId: string }) {
  return (
    <div className="field">
      <span className="label">{label}</span>
      <div className="tags">
        {ids.map((id) => (
          <span className="tag" key={id}>
            <ActorName id={id} link={false} />
            <button type="button" className="ghost small" aria-label="Remove" onClick={() => set(ids.filter((x) => x !== id))}>
              ×
            </button>
          </span>
        ))}
      </div>
      <ActorPicker label={label} value={null} onChange={(a) => a && set([...ids, a.id])} exclude={ids} testId={testId} />
    </div>
  );
}

export function LinkFields({
  draft,
  set,
  errors,
  saved,
  eventEditable,
}: {
  draft: LinkDraft;
  set: (d: LinkDraft) => void;
  errors: FieldErrors;
  saved?: LinkDraft | null;
  eventEditable: boolean;
}) {
  const id = useId();
  const anyAsserted = !!(draft.date || draft.place || draft.include.length || draft.exclude.length || draft.number || draft.unit);
  const assertedErrors = Object.keys(errors).some((k) => k.startsWith('link.asserted'));
  return (
    <>
      <div className="field">
        <span className="label">Event</span>
        {eventEditable ? (
          <EventPicker value={draft.event} onChange={(e) => set({ ...draft, event: e })} testId="event" />
        ) : (
          <div className="picked">
            <span dir="auto">{draft.event?.title}</span>
          </div>
        )}
        <FieldError errors={errors} name="link.eventId" />
      </div>
      {(draft.event || !eventEditable) && (
        <>
          <fieldset className="field stance-field" role="radiogroup" aria-label="Stance">
            <legend>Stance of the claim towards the event</legend>
            <div className="row">
              {STANCES.map((s) => (
                <label key={s} className={`stance-option ${s}`}>
                  <input
                    type="radio"
                    name={`${id}-stance`}
                    value={s}
                    checked={draft.stance === s}
                    onChange={() => set({ ...draft, stance: s })}
                    data-testid={`stance-${s}`}
                  />
                  {STANCE_LABEL[s]}
                </label>
              ))}
            </div>
            <FieldError errors={errors} name="link.stance" />
            <SavedValue show={!!saved && saved.stance !== draft.stance} value={saved ? STANCE_LABEL[saved.stance]! : ''} />
          </fieldset>
          <details className="field asserted" open={anyAsserted || assertedErrors || undefined}>
            <summary>Values this claim asserts for the event</summary>
            <div className="field">
              <label htmlFor={`${id}-date`}>Date</label>
              <EdtfInput
                id={`${id}-date`}
                value={draft.date}
                onChange={(v) => set({ ...draft, date: v })}
                invalid={!!errors['link.asserted.date']}
                testId="asserted-date"
              />
              <FieldError errors={errors} name="link.asserted.date" />
              <SavedValue show={!!saved && saved.date !== draft.date} value={saved?.date ?? ''} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-place`}>Place</label>
              <input
                id={`${id}-place`}
                dir="auto"
                value={draft.place}
                onChange={(e) => set({ ...draft, place: e.target.value })}
                aria-invalid={!!errors['link.asserted.place'] || undefined}
                data-testid="asserted-place"
              />
              <FieldError errors={errors} name="link.asserted.place" />
              <SavedValue show={!!saved && saved.place !== draft.place} value={saved?.place ?? ''} />
            </div>
            <ParticipantList label="Took part" ids={draft.include} set={(ids) => set({ ...draft, include: ids })} testId="asserted-include" />
            <ParticipantList label="Did not take part" ids={draft.exclude} set={(ids) => set({ ...draft, exclude: ids })} testId="asserted-exclude" />
            <label className="check">
              <input
                type="checkbox"
                checked={draft.exclusive}
                disabled={draft.include.length === 0}
                onChange={(e) => set({ ...draft, exclusive: e.target.checked })}
                data-testid="asserted-exclusive"
              />{' '}
              No one else took part (the list above is complete)
            </label>
            <FieldError errors={errors} name="link.asserted.participants" />
            <div className="row">
              <label>
                Number
                <input
                  inputMode="decimal"
                  size={8}
                  value={draft.number}
                  onChange={(e) => set({ ...draft, number: e.target.value })}
                  aria-invalid={!!errors['link.asserted.number.value'] || undefined}
                />
              </label>
              <label>
                ±
                <input
                  inputMode="decimal"
                  size={5}
                  value={draft.tolerance}
                  onChange={(e) => set({ ...draft, tolerance: e.target.value })}
                  aria-label="Tolerance"
                />
              </label>
              <label className="grow">
                Unit
                <input
                  value={draft.unit}
                  placeholder="people, vehicles…"
                  onChange={(e) => set({ ...draft, unit: e.target.value })}
                  aria-invalid={!!errors['link.asserted.number.unit'] || undefined}
                />
              </label>
            </div>
            <FieldError errors={errors} name="link.asserted.number" />
          </details>
          <div className="field">
            <label htmlFor={`${id}-note`}>Note on the link</label>
            <input id={`${id}-note`} dir="auto" value={draft.note} onChange={(e) => set({ ...draft, note: e.target.value })} />
            <FieldError errors={errors} name="link.note" />
          </div>
        </>
      )}
    </>
  );
}

function FormShell({
  title,
  children,
  onSubmit,
  onCancel,
  busy,
  saveLabel,
  testId,
  formRef,
}: {
  title: ReactNode;
  children: ReactNode;
  onSubmit: () => void;
  onCancel: () => void;
  busy: boolean;
  saveLabel: string;
  testId: string;
  formRef: React.RefObject<HTMLFormElement | null>;
}) {
  return (
    <form
      ref={formRef}
      className="panel-form form"
      data-testid={testId}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
      onKeyDown={formKeys(onSubmit, onCancel)}
      noValidate
    >
      <h2>{title}</h2>
      {children}
      <div className="row actions">
        <button type="submit" disabled={busy} data-testid="save">
          {busy ? 'Saving…' : saveLabel} <kbd>Ctrl</kbd>
          <kbd>Enter</kbd>
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}

function useInvalidateAfterWrite(sourceId: number) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.claim.listBySource.infiniteQueryFilter({ sourceId })),
      queryClient.invalidateQueries(trpc.claim.get.pathFilter()),
      queryClient.invalidateQueries(trpc.claim.listByEvent.pathFilter()),
      queryClient.invalidateQueries(trpc.event.get.pathFilter()),
      queryClient.invalidateQueries(trpc.source.list.pathFilter()),
      queryClient.invalidateQueries(trpc.review.pathFilter()),
    ]);
}

// ---------- a new claim ----------

export function CreateClaimForm({
  sourceId,
  start,
  end,
  quote,
  previous,
  reselected,
  onReselect,
  onDone,
  onCancel,
}: {
  sourceId: number;
  /** Another span the user selected while this form was open, offered as a replacement. */
  reselected: string | null;
  onReselect: () => void;
  /** Code point offsets. */
  start: number;
  end: number;
  quote: string;
  previous: Claim | null;
  onDone: (claimId: number) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const form = useRef<HTMLFormElement>(null);
  const invalidate = useInvalidateAfterWrite(sourceId);
  const [claim, setClaim] = useState<ClaimDraft>({ claimant: null, chain: [], paraphrase: '' });
  const [status, setStatus] = useState<'draft' | 'accepted'>('draft');
  const canDecide = useCan()('claim.decide');
  const [link, setLink] = useState<LinkDraft>(emptyLink);
  // The claim is saved but its link was refused: the next save sends only the link.
  const [saved, setSaved] = useState<{ id: number } | null>(null);
  const createClaim = useMutation(trpc.claim.create.mutationOptions());
  const createLink = useMutation(trpc.link.create.mutationOptions());
  const linkOf = (claimId: number) => (link.event ? { claimId, eventId: link.event.id, ...linkInput(link) } : null);
  const edit = useVersionedEdit({
    schema: claimCreateSchema,
    prefix: 'claim.',
    form,
    check: () => {
      const l = linkOf(saved?.id ?? 1);
      const v = l && validate(linkCreateSchema, l, 'link.');
      return v && !v.ok ? v.errors : null;
    },
    mutate: async (claimIn: z.input<typeof claimCreateSchema>) => {
      const claimId = saved?.id ?? (await createClaim.mutateAsync(claimIn)).id;
      setSaved({ id: claimId });
      const l = linkOf(claimId);
      if (l) {
        try {
          await createLink.mutateAsync(l);
        } catch (e) {
          await invalidate();
          throw new StepRefused(e, 'link.');
        }
      }
      return claimId;
    },
    onSaved: async (claimId) => {
      await invalidate();
      onDone(claimId);
    },
  });
  const submit = () => void edit.submit(() => ({ sourceId, start, end, ...claimInput(claim), status }));

  return (
    <FormShell
      title="New claim"
      onSubmit={submit}
      onCancel={onCancel}
      busy={edit.saving}
      saveLabel={saved ? 'Save the link' : 'Save claim'}
      testId="claim-form"
      formRef={form}
    >
      <blockquote className="quote" dir="auto" data-testid="form-quote">
        {quote}
      </blockquote>
      {reselected !== null && !saved && (
        <p className="notice">
          You selected other text: <q dir="auto">{excerpt(reselected, 80)}</q>{' '}
          <button type="button" className="small" onClick={onReselect}>
            Use it as this claim’s span
          </button>
        </p>
      )}
      {saved && (
        <p className="notice" role="status">
          The claim is saved (#{saved.id}); its link to the event is not yet. Fix the link below and save again, or cancel to keep the claim without it.
        </p>
      )}
      <fieldset disabled={!!saved} className="plain">
        <ClaimFields draft={claim} set={setClaim} errors={edit.errors} autoFocus previous={previous} />
        <div className="field">
          {canDecide ? (
            <label>
              Status{' '}
              <select value={status} onChange={(e) => setStatus(e.target.value as 'draft' | 'accepted')}>
                <option value="draft">draft</option>
                <option value="accepted">accepted</option>
              </select>
            </label>
          ) : (
            <span className="muted small">Saved as a draft; a reviewer accepts or rejects it.</span>
          )}
        </div>
      </fieldset>
      <fieldset className="field link-fields">
        <legend>Link to an event (optional)</legend>
        <LinkFields draft={link} set={setLink} errors={edit.errors} eventEditable />
      </fieldset>
      <FormErrors messages={edit.messages([...CLAIM_FIELDS, ...LINK_FIELDS])} />
    </FormShell>
  );
}

// ---------- editing a claim ----------

export function EditClaimForm({ claim, onDone, onCancel }: { claim: Claim; onDone: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const invalidate = useInvalidateAfterWrite(claim.sourceId);
  const [draft, setDraft] = useState<ClaimDraft>(() => claimDraftOf(claim));
  const update = useMutation(trpc.claim.update.mutationOptions());
  const edit = useVersionedEdit({
    schema: claimUpdateSchema,
    prefix: 'claim.',
    form,
    mutate: update.mutateAsync,
    onSaved: async () => {
      await invalidate();
      onDone();
    },
    version: claim.version,
    fetchLatest: () => queryClient.fetchQuery({ ...trpc.claim.get.queryOptions({ id: claim.id }), staleTime: 0 }),
    toSaved: claimDraftOf,
    onReloaded: () => void invalidate(),
  });
  const submit = () => void edit.submit((version) => ({ id: claim.id, version, ...claimInput(draft) }));

  return (
    <FormShell
      title={`Edit claim #${claim.id}`}
      onSubmit={submit}
      onCancel={onCancel}
      busy={edit.saving}
      saveLabel="Save changes"
      testId="edit-claim-form"
      formRef={form}
    >
      <blockquote className="quote" dir="auto">
        {claim.quote}
      </blockquote>
      <EditConflict what="claim" edit={edit} />
      <ClaimFields draft={draft} set={setDraft} errors={edit.errors} saved={edit.saved} autoFocus />
      <FormErrors messages={edit.messages(CLAIM_FIELDS)} />
    </FormShell>
  );
}

// ---------- a link: new for an existing claim, or an edit ----------

type LinkIn = z.input<typeof linkCreateSchema> | z.input<typeof linkUpdateSchema>;

export function LinkForm({ claim, link, onDone, onCancel }: { claim: Claim; link: ClaimLink | null; onDone: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const invalidate = useInvalidateAfterWrite(claim.sourceId);
  const [draft, setDraft] = useState<LinkDraft>(() => (link ? linkDraftOf(link) : emptyLink()));
  const create = useMutation(trpc.link.create.mutationOptions());
  const update = useMutation(trpc.link.update.mutationOptions());
  const edit = useVersionedEdit({
    schema: link ? linkUpdateSchema : linkCreateSchema,
    prefix: 'link.',
    form,
    check: () => (!link && !draft.event ? { 'link.eventId': ['pick or create the event this claim is about'] } : null),
    mutate: (input: LinkIn) => ('id' in input ? update.mutateAsync(input) : create.mutateAsync(input)),
    onSaved: async () => {
      await invalidate();
      onDone();
    },
    // A new link has no version: only an edit can be stale.
    version: link?.version,
    fetchLatest: async () => {
      const fresh = await queryClient.fetchQuery({ ...trpc.claim.get.queryOptions({ id: claim.id }), staleTime: 0 });
      const l = fresh.links.find((x) => x.id === link?.id);
      if (!l) throw new Error('This link was removed by someone else. Cancel, or add it again as a new link.');
      return l;
    },
    toSaved: linkDraftOf,
    onReloaded: () => void invalidate(),
  });
  const submit = () =>
    void edit.submit((version): LinkIn =>
      link ? { id: link.id, version, ...linkInput(draft) } : { claimId: claim.id, eventId: draft.event?.id ?? 0, ...linkInput(draft) },
    );

  useEffect(() => {
    if (!link) requestAnimationFrame(() => form.current?.querySelector<HTMLInputElement>('[role="combobox"]')?.focus());
  }, [link]);

  return (
    <FormShell
      title={link ? `Edit the link to “${link.event.title}”` : `Link claim #${claim.id} to an event`}
      onSubmit={submit}
      onCancel={onCancel}
      busy={edit.saving}
      saveLabel={link ? 'Save link' : 'Add link'}
      testId="link-form"
      formRef={form}
    >
      <blockquote className="quote" dir="auto">
        {claim.quote}
      </blockquote>
      <EditConflict what="link" edit={edit} />
      <LinkFields draft={draft} set={setDraft} errors={edit.errors} saved={edit.saved} eventEditable={!link} />
      <FormErrors messages={edit.messages(LINK_FIELDS)} />
    </FormShell>
  );
}
