'use client';
// "Add an actor": name, kind, aliases (one per line), Wikidata id, description.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { ACTOR_KINDS, actorCreateSchema, type ActorKind } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';
import { useVersionedEdit } from '~/lib/use-versioned-edit.ts';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';

export function NewActor() {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ActorKind>('person');
  const [aliases, setAliases] = useState('');
  const [wikidata, setWikidata] = useState('');
  const create = useMutation(trpc.actor.create.mutationOptions());
  const edit = useVersionedEdit({ schema: actorCreateSchema, mutate: create.mutateAsync, onSaved: (a) => router.push(`/actors/${a.id}`) });
  const { errors } = edit;
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Add an actor
      </button>
    );
  }
  const submit = () =>
    void edit.submit(() => ({
      name,
      kind,
      aliases: aliases
        .split('\n')
        .map((a) => a.trim())
        .filter(Boolean),
      wikidata: wikidata.trim() || null,
    }));
  return (
    <form
      className="form card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
    >
      <div className="row">
        <label className="grow">
          Name
          <input autoFocus dir="auto" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name || undefined} />
          <FieldError errors={errors} name="name" />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as ActorKind)}>
            {ACTOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {k.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Wikidata
          <input value={wikidata} onChange={(e) => setWikidata(e.target.value)} placeholder="Q42" size={10} aria-invalid={!!errors.wikidata || undefined} />
          <FieldError errors={errors} name="wikidata" />
        </label>
      </div>
      <label>
        Other names (one per line)
        <textarea dir="auto" rows={3} value={aliases} onChange={(e) => setAliases(e.target.value)} />
        <FieldError errors={errors} name="aliases" />
      </label>
      <FormErrors messages={edit.messages(['name', 'kind', 'wikidata', 'aliases'])} />
      <div className="row">
        <button type="submit" disabled={edit.saving}>
          Create actor
        </button>
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
