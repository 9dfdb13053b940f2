'use client';
// An actor: names and aliases (add, remove), details (edit), events, and merging with another actor.
import { useRef, useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { ACTOR_KINDS, actorAliasSchema, actorUpdateSchema, type ActorKind } from '@claimline/core';
import { useTRPC, type Outputs } from '~/trpc/react.tsx';
import { useCan } from '~/components/CurrentUser.tsx';
import { isConflict, messageOf } from '~/lib/errors.ts';
import { useVersionedEdit } from '~/lib/use-versioned-edit.ts';
import { showEdtf } from '~/lib/format.ts';
import { formKeys } from '~/lib/forms.ts';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';
import { EditConflict, SavedValue } from '~/components/ConflictNotice.tsx';
import { ActorPicker, kindLabel, type ActorRef } from '~/components/ActorPicker.tsx';

type Actor = Outputs['actor']['get'];

function useActorRefresh(id: number) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.actor.pathFilter()),
      queryClient.invalidateQueries(trpc.claim.pathFilter()),
      queryClient.invalidateQueries(trpc.event.pathFilter()),
    ]).then(() => queryClient.fetchQuery({ ...trpc.actor.get.queryOptions({ id }), staleTime: 0 }));
}

export function ActorDetail({ id }: { id: number }) {
  const trpc = useTRPC();
  const { data: actor } = useSuspenseQuery(trpc.actor.get.queryOptions({ id }));
  const [editing, setEditing] = useState(false);
  const canMerge = useCan()('actor.merge');
  return (
    <article className="actor-page" data-testid="actor-detail">
      <p className="crumbs">
        <Link href="/actors">Actors</Link>
      </p>
      {actor.mergedIntoId && (
        <p className="notice" role="status">
          This actor was merged into <Link href={`/actors/${actor.mergedIntoId}`}>actor #{actor.mergedIntoId}</Link>; its names and links moved there.
        </p>
      )}
      {editing ? (
        <EditActor actor={actor} onClose={() => setEditing(false)} />
      ) : (
        <header>
          <h1 dir="auto">{actor.name}</h1>
          <p className="meta">
            <span>{kindLabel(actor.kind)}</span>
            {actor.wikidata && (
              <a href={`https://www.wikidata.org/wiki/${encodeURIComponent(actor.wikidata)}`} rel="noopener noreferrer nofollow" target="_blank">
                {actor.wikidata} ↗
              </a>
            )}
            <span>{actor.claimCount} claims as claimant</span>
            <Link href={`/history/actor/${actor.id}`}>History</Link>
            {!actor.mergedIntoId && (
              <button type="button" className="ghost small" onClick={() => setEditing(true)}>
                Edit
              </button>
            )}
          </p>
          {actor.description && (
            <p dir="auto" className="description">
              {actor.description}
            </p>
          )}
        </header>
      )}
      <div className="grid-2">
        <section>
          <h2>Names</h2>
          <Aliases actor={actor} />
        </section>
        <section>
          <h2>Events</h2>
          {actor.events.length === 0 ? (
            <p className="muted">Not a participant of any event.</p>
          ) : (
            <ul>
              {actor.events.map((e, i) => (
                <li key={i}>
                  <Link href={`/events/${e.event.id}`} dir="auto">
                    {e.event.title}
                  </Link>{' '}
                  <span className="muted small">
                    {e.role} · {showEdtf(e.event.date)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link href={`/timeline?actor=${actor.id}`}>On the timeline →</Link>
          </p>
        </section>
      </div>
      {!actor.mergedIntoId &&
        (canMerge ? (
          <Merge actor={actor} />
        ) : (
          <p className="muted small" data-testid="merge-note">
            Two records for the same actor? A reviewer merges them.
          </p>
        ))}
    </article>
  );
}

function Aliases({ actor }: { actor: Actor }) {
  const trpc = useTRPC();
  const refresh = useActorRefresh(actor.id);
  const [alias, setAlias] = useState('');
  const [language, setLanguage] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = useMutation(trpc.actor.addAlias.mutationOptions());
  const remove = useMutation(trpc.actor.removeAlias.mutationOptions());
  const edit = useVersionedEdit({
    schema: actorAliasSchema,
    mutate: add.mutateAsync,
    onSaved: async () => {
      setAlias('');
      await refresh();
    },
    // Adding a name changes no other field: the form follows the actor as the page shows it.
    version: actor.version,
    followVersion: true,
    fetchLatest: refresh,
  });
  const submit = () => void edit.submit((version) => ({ id: actor.id, version, alias, language: language.trim() || null }));
  const { errors } = edit;

  return (
    <>
      <ul className="aliases" data-testid="aliases">
        <li>
          <strong dir="auto">{actor.name}</strong> <span className="muted small">canonical</span>
        </li>
        {actor.aliases.map((a) => (
          <li key={a.id}>
            <span dir="auto">{a.name}</span> {a.language && <span className="muted small">{a.language}</span>}
            {!actor.mergedIntoId && (
              <button
                type="button"
                className="ghost small"
                aria-label={`Remove alias ${a.name}`}
                disabled={remove.isPending}
                onClick={() =>
                  remove.mutate(
                    { id: actor.id, version: actor.version, aliasId: a.id },
                    {
                      onSuccess: () => {
                        setProblem(null);
                        void refresh();
                      },
                      onError: (e) => {
                        setProblem(isConflict(e) ? 'Someone else changed this actor meanwhile; it has been reloaded. Try again.' : messageOf(e));
                        void refresh();
                      },
                    },
                  )
                }
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {!actor.mergedIntoId && (
        <form
          className="form inline-form"
          noValidate
          data-testid="add-alias"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <EditConflict what="actor" edit={edit} />
          <div className="row">
            <label className="grow">
              Add an alias
              <input
                dir="auto"
                value={alias}
                onChange={(e) => setAlias(e.target.value)}
                aria-invalid={!!errors.alias || undefined}
                placeholder="another spelling, a transliteration, Arabic script…"
              />
              <FieldError errors={errors} name="alias" />
            </label>
            <label>
              Language
              <input value={language} onChange={(e) => setLanguage(e.target.value)} size={5} placeholder="ar" aria-invalid={!!errors.language || undefined} />
              <FieldError errors={errors} name="language" />
            </label>
            <button type="submit" disabled={edit.saving}>
              Add alias
            </button>
          </div>
          <FormErrors messages={edit.messages(['alias', 'language'])} />
        </form>
      )}
    </>
  );
}

function EditActor({ actor, onClose }: { actor: Actor; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useActorRefresh(actor.id);
  const [name, setName] = useState(actor.name);
  const [kind, setKind] = useState<ActorKind>(actor.kind as ActorKind);
  const [wikidata, setWikidata] = useState(actor.wikidata ?? '');
  const [description, setDescription] = useState(actor.description ?? '');
  const form = useRef<HTMLFormElement>(null);
  const update = useMutation(trpc.actor.update.mutationOptions());
  const edit = useVersionedEdit({
    schema: actorUpdateSchema,
    form,
    mutate: update.mutateAsync,
    onSaved: async () => {
      await refresh();
      onClose();
    },
    version: actor.version,
    fetchLatest: refresh,
  });
  const submit = () =>
    void edit.submit((version) => ({ id: actor.id, version, name, kind, wikidata: wikidata.trim() || null, description: description.trim() || null }));
  const { errors, saved } = edit;
  return (
    <form
      ref={form}
      className="form card"
      noValidate
      data-testid="edit-actor"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={formKeys(submit, onClose)}
    >
      <EditConflict what="actor" edit={edit} />
      <div className="row">
        <label className="grow">
          Name
          <input dir="auto" autoFocus value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name || undefined} />
          <FieldError errors={errors} name="name" />
          <SavedValue show={!!saved && saved.name !== name} value={saved?.name ?? ''} />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as ActorKind)}>
            {ACTOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Wikidata
          <input value={wikidata} onChange={(e) => setWikidata(e.target.value)} size={10} aria-invalid={!!errors.wikidata || undefined} />
          <FieldError errors={errors} name="wikidata" />
        </label>
      </div>
      <label>
        Description
        <textarea dir="auto" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        <FieldError errors={errors} name="description" />
        <SavedValue show={!!saved && (saved.description ?? '') !== description} value={saved?.description ?? ''} />
      </label>
      <p className="muted small">Renaming keeps the old name as an alias, so it stays findable.</p>
      <FormErrors messages={edit.messages(['name', 'kind', 'wikidata', 'description'])} />
      <div className="row">
        <button type="submit" disabled={edit.saving}>
          Save
        </button>
        <button type="button" className="ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Merge({ actor }: { actor: Actor }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [other, setOther] = useState<ActorRef | null>(null);
  const [keepThis, setKeepThis] = useState(true);
  const merge = useMutation(trpc.actor.merge.mutationOptions());
  const edit = useVersionedEdit({
    mutate: async (pick: { other: ActorRef; keepThis: boolean }) => {
      // Versions as they are now: a merge acts on both records, so both must be current.
      const [me, them] = await Promise.all([
        queryClient.fetchQuery({ ...trpc.actor.get.queryOptions({ id: actor.id }), staleTime: 0 }),
        queryClient.fetchQuery({ ...trpc.actor.get.queryOptions({ id: pick.other.id }), staleTime: 0 }),
      ]);
      const [winner, loser] = pick.keepThis ? [me, them] : [them, me];
      return merge.mutateAsync({ winnerId: winner.id, winnerVersion: winner.version, loserId: loser.id, loserVersion: loser.version });
    },
    onSaved: async (r) => {
      setOther(null);
      await Promise.all([trpc.actor, trpc.claim, trpc.event].map((r) => queryClient.invalidateQueries(r.pathFilter())));
      router.push(`/actors/${r.id}`);
    },
  });
  const submit = () => void (other && edit.submit(() => ({ other, keepThis })));
  const { errors } = edit;

  return (
    <section className="merge card" data-testid="merge">
      <h2>Merge with another actor</h2>
      <p className="muted small">
        When two records are the same actor. The one removed becomes an alias of the one kept, and its claims, chains and events move over.
      </p>
      <div className="field">
        <span className="label">The other actor</span>
        <ActorPicker label="Actor to merge with" value={other} onChange={setOther} exclude={[actor.id]} testId="merge-other" />
        <FieldError errors={errors} name={['loserId', 'winnerId']} />
      </div>
      {other && (
        <>
          <fieldset className="field">
            <legend>Which one stays?</legend>
            <label className="block">
              <input type="radio" checked={keepThis} onChange={() => setKeepThis(true)} /> Keep <strong dir="auto">{actor.name}</strong>;{' '}
              <span dir="auto">{other.name}</span> becomes its alias
            </label>
            <label className="block">
              <input type="radio" checked={!keepThis} onChange={() => setKeepThis(false)} /> Keep <strong dir="auto">{other.name}</strong>;{' '}
              <span dir="auto">{actor.name}</span> becomes its alias
            </label>
          </fieldset>
          <FormErrors messages={edit.messages(['loserId', 'winnerId'])} />
          <button type="button" className="danger" disabled={edit.saving} onClick={submit} data-testid="merge-confirm">
            {edit.saving ? 'Merging…' : 'Merge the two actors'}
          </button>
        </>
      )}
    </section>
  );
}
