'use client';
// An actor: names and aliases (add, remove), details (edit), events, and merging with another actor.
import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { ACTOR_KINDS, actorAliasSchema, actorUpdateSchema, type ActorKind } from '@claimline/core';
import { useTRPC, type Outputs } from '~/trpc/react.tsx';
import { useCan } from '~/components/CurrentUser.tsx';
import { fieldErrorsOf, isConflict, messageOf, remainingMessages, validate, type FieldErrors } from '~/lib/errors.ts';
import { showEdtf } from '~/lib/format.ts';
import { formKeys, useVersioned } from '~/lib/forms.ts';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';
import { ConflictNotice, SavedValue } from '~/components/ConflictNotice.tsx';
import { ActorPicker, kindLabel, type ActorRef } from '~/components/ActorPicker.tsx';

type Actor = Outputs['actor']['get'];

function useActorRefresh(id: number) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries(trpc.actor.pathFilter()), queryClient.invalidateQueries(trpc.claim.pathFilter()), queryClient.invalidateQueries(trpc.event.pathFilter())]).then(() => queryClient.fetchQuery({ ...trpc.actor.get.queryOptions({ id }), staleTime: 0 }));
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
  const [version, setVersion] = useState<number | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const add = useMutation(trpc.actor.addAlias.mutationOptions());
  const remove = useMutation(trpc.actor.removeAlias.mutationOptions());
  const base = version ?? actor.version;

  async function submit() {
    const input = { id: actor.id, version: base, alias, language: language.trim() || null };
    const v = validate(actorAliasSchema, input);
    setErrors(v.ok ? {} : v.errors);
    if (!v.ok) return;
    try {
      await add.mutateAsync(input);
      setAlias('');
      setVersion(null);
      await refresh();
    } catch (e) {
      setErrors(fieldErrorsOf(e));
    }
  }

  async function reload() {
    const fresh = await refresh();
    setVersion(fresh.version);
    add.reset();
  }

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
                      onSuccess: () => (setProblem(null), refresh()),
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
            void submit();
          }}
        >
          {isConflict(add.error) && <ConflictNotice what="actor" onReload={() => void reload()} />}
          <div className="row">
            <label className="grow">
              Add an alias
              <input dir="auto" value={alias} onChange={(e) => setAlias(e.target.value)} aria-invalid={!!errors.alias || undefined} placeholder="another spelling, a transliteration, Arabic script…" />
              <FieldError errors={errors} name="alias" />
            </label>
            <label>
              Language
              <input value={language} onChange={(e) => setLanguage(e.target.value)} size={5} placeholder="ar" aria-invalid={!!errors.language || undefined} />
              <FieldError errors={errors} name="language" />
            </label>
            <button type="submit" disabled={add.isPending}>
              Add alias
            </button>
          </div>
          <FormErrors messages={remainingMessages(add.error, errors, ['alias', 'language'])} />
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const update = useMutation(trpc.actor.update.mutationOptions());
  const { version, saved, reloading, reload } = useVersioned(actor.version, refresh, (fresh: Actor) => fresh);

  async function submit() {
    const input = { id: actor.id, version, name, kind, wikidata: wikidata.trim() || null, description: description.trim() || null };
    const v = validate(actorUpdateSchema, input);
    setErrors(v.ok ? {} : v.errors);
    if (!v.ok) return;
    try {
      await update.mutateAsync(input);
      await refresh();
      onClose();
    } catch (e) {
      setErrors(fieldErrorsOf(e));
    }
  }
  async function onReload() {
    await reload();
    update.reset();
  }
  return (
    <form
      className="form card"
      noValidate
      data-testid="edit-actor"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={formKeys(() => void submit(), onClose)}
    >
      {(isConflict(update.error) || saved) && <ConflictNotice what="actor" onReload={() => void onReload()} reloading={reloading} reloaded={!!saved && !update.error} />}
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
      <FormErrors messages={remainingMessages(update.error, errors, ['name', 'kind', 'wikidata', 'description'])} />
      <div className="row">
        <button type="submit" disabled={update.isPending}>
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const merge = useMutation(trpc.actor.merge.mutationOptions());

  async function submit() {
    if (!other) return;
    try {
      // Versions as they are now: a merge acts on both records, so both must be current.
      const [me, them] = await Promise.all([
        queryClient.fetchQuery({ ...trpc.actor.get.queryOptions({ id: actor.id }), staleTime: 0 }),
        queryClient.fetchQuery({ ...trpc.actor.get.queryOptions({ id: other.id }), staleTime: 0 }),
      ]);
      const [winner, loser] = keepThis ? [me, them] : [them, me];
      const r = await merge.mutateAsync({ winnerId: winner.id, winnerVersion: winner.version, loserId: loser.id, loserVersion: loser.version });
      setOther(null);
      setErrors({});
      await Promise.all([trpc.actor, trpc.claim, trpc.event].map((r) => queryClient.invalidateQueries(r.pathFilter())));
      router.push(`/actors/${r.id}`);
    } catch (e) {
      setErrors(fieldErrorsOf(e));
    }
  }

  return (
    <section className="merge card" data-testid="merge">
      <h2>Merge with another actor</h2>
      <p className="muted small">When two records are the same actor. The one removed becomes an alias of the one kept, and its claims, chains and events move over.</p>
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
              <input type="radio" checked={keepThis} onChange={() => setKeepThis(true)} /> Keep <strong dir="auto">{actor.name}</strong>; <span dir="auto">{other.name}</span> becomes its alias
            </label>
            <label className="block">
              <input type="radio" checked={!keepThis} onChange={() => setKeepThis(false)} /> Keep <strong dir="auto">{other.name}</strong>; <span dir="auto">{actor.name}</span> becomes its alias
            </label>
          </fieldset>
          <FormErrors messages={remainingMessages(merge.error, errors, ['loserId', 'winnerId'])} />
          <button type="button" className="danger" disabled={merge.isPending} onClick={() => void submit()} data-testid="merge-confirm">
            {merge.isPending ? 'Merging…' : 'Merge the two actors'}
          </button>
        </>
      )}
    </section>
  );
}
