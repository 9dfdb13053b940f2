'use client';
// "Add an actor": name, kind, aliases (one per line), Wikidata id, description.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { ACTOR_KINDS, actorCreateSchema, type ActorKind } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';
import { fieldErrorsOf, remainingMessages, validate, type FieldErrors } from '~/lib/errors.ts';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';

export function NewActor() {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ActorKind>('person');
  const [aliases, setAliases] = useState('');
  const [wikidata, setWikidata] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation(trpc.actor.create.mutationOptions());
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Add an actor
      </button>
    );
  }
  async function submit() {
    const input = {
      name,
      kind,
      aliases: aliases
        .split('\n')
        .map((a) => a.trim())
        .filter(Boolean),
      wikidata: wikidata.trim() || null,
    };
    const v = validate(actorCreateSchema, input);
    setErrors(v.ok ? {} : v.errors);
    if (!v.ok) return;
    try {
      const a = await create.mutateAsync(input);
      router.push(`/actors/${a.id}`);
    } catch (e) {
      setErrors(fieldErrorsOf(e));
    }
  }
  return (
    <form
      className="form card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
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
      <FormErrors messages={remainingMessages(create.error, errors, ['name', 'kind', 'wikidata', 'aliases'])} />
      <div className="row">
        <button type="submit" disabled={create.isPending}>
          Create actor
        </button>
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
