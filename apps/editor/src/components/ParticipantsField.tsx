'use client';
// An event's participants: actors picked by any spelling, each with a role.
import type { FieldErrors } from '~/lib/errors.ts';
import { ActorPicker, type ActorRef } from './ActorPicker.tsx';
import { FieldError } from './FieldError.tsx';

export interface ParticipantDraft {
  actor: ActorRef | null;
  role: string;
}

/** The participants as the API takes them (rows without an actor are left out). */
export function participantsInput(ps: ParticipantDraft[]) {
  return ps.filter((p) => p.actor).map((p) => ({ actorId: p.actor!.id, role: p.role.trim() || 'participant' }));
}

export function ParticipantsField({ value, onChange, errors }: { value: ParticipantDraft[]; onChange: (v: ParticipantDraft[]) => void; errors: FieldErrors }) {
  const update = (i: number, patch: Partial<ParticipantDraft>) => onChange(value.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <fieldset className="field">
      <legend>Participants</legend>
      {value.map((p, i) => (
        <div className="row" key={i}>
          <div className="grow">
            <ActorPicker label={`Participant ${i + 1}`} value={p.actor} autoFocus={!p.actor} onChange={(a) => update(i, { actor: a })} />
          </div>
          <input
            aria-label={`Role of participant ${i + 1}`}
            placeholder="role"
            size={12}
            value={p.role}
            onChange={(e) => update(i, { role: e.target.value })}
          />
          <button type="button" className="ghost small" aria-label={`Remove participant ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="ghost small" onClick={() => onChange([...value, { actor: null, role: 'participant' }])}>
        + Participant
      </button>
      <FieldError errors={errors} name="participants" />
    </fieldset>
  );
}
