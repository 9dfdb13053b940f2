// The edit cycle every form goes through, as plain state transitions (useVersionedEdit runs them in
// React): idle → invalid (the API's schema refused the input here) or saving → saved, conflict (someone
// else saved a newer version first) or failed (the server refused it); after a conflict, a reload brings
// the current record beside the draft and the next save is based on its version.
import { errorCode, fieldErrorsOf, messageOf, otherErrors, type FieldErrors } from './errors.ts';

export type EditPhase = 'idle' | 'invalid' | 'saving' | 'saved' | 'conflict' | 'failed';

export interface EditState<S> {
  phase: EditPhase;
  /** The version the next save is based on; null for a form that creates a record. */
  version: number | null;
  /** Field errors keyed like the server's, the form's prefix included ("claim.claimantId"). */
  errors: FieldErrors;
  /** What to say when the refusal named no field: the server's message, or why a reload failed. */
  message: string | null;
  /** The record as it is now saved, once a reload fetched it: the form shows it beside the draft. */
  saved: S | null;
  reloading: boolean;
}

export type EditEvent<S> =
  | { type: 'submit'; errors: FieldErrors }
  | { type: 'succeeded'; version?: number }
  | { type: 'rebase'; version: number }
  | { type: 'refused'; error: unknown; prefix?: string }
  | { type: 'reload' }
  | { type: 'reloaded'; version: number; saved: S }
  | { type: 'reloadFailed'; error: unknown };

/** A refusal of one step of a save that sends more than one input: its field errors carry that step's prefix ("link."). */
export class StepRefused extends Error {
  constructor(
    readonly error: unknown,
    readonly prefix: string,
  ) {
    super(`the ${prefix.replace(/\.$/, '') || 'form'} step was refused`, { cause: error });
  }
}

export function initialEdit<S>(version: number | null = null): EditState<S> {
  return { phase: 'idle', version, errors: {}, message: null, saved: null, reloading: false };
}

/** A save may start unless one is under way (a second Ctrl+Enter would send the same version again). */
export function canSubmit(state: EditState<unknown>): boolean {
  return state.phase !== 'saving';
}

export function editReducer<S>(state: EditState<S>, event: EditEvent<S>): EditState<S> {
  switch (event.type) {
    case 'submit':
      if (!canSubmit(state)) return state;
      return Object.keys(event.errors).length
        ? { ...state, phase: 'invalid', errors: event.errors, message: null }
        : { ...state, phase: 'saving', errors: {}, message: null };
    case 'succeeded':
      // A form that stays open (add another alias) bases its next save on the version this one made.
      return { ...state, phase: 'saved', errors: {}, message: null, saved: null, version: state.version === null ? null : (event.version ?? state.version) };
    case 'rebase':
      // The page brought a newer version of a record the form only adds to (never older, never for a create form).
      return state.version === null || event.version <= state.version ? state : { ...state, version: event.version };
    case 'refused': {
      const [error, prefix] = event.error instanceof StepRefused ? [event.error.error, event.error.prefix] : [event.error, event.prefix];
      const errors = fieldErrorsOf(error, prefix);
      // Stale: a versioned save refused as CONFLICT for no field (a taken e-mail is a CONFLICT on a field).
      if (state.version !== null && errorCode(error) === 'CONFLICT' && !Object.keys(errors).length)
        return { ...state, phase: 'conflict', errors: {}, message: null };
      return { ...state, phase: 'failed', errors, message: Object.keys(errors).length ? null : messageOf(error) };
    }
    case 'reload':
      return { ...state, reloading: true, message: null };
    case 'reloaded':
      // The draft is untouched; the conflict is settled once the next save is based on this version.
      return { ...state, reloading: false, version: event.version, saved: event.saved, phase: state.phase === 'conflict' ? 'idle' : state.phase };
    case 'reloadFailed':
      return { ...state, reloading: false, message: messageOf(event.error) };
  }
}

/**
 * What the conflict notice says: `stale` while the last save was refused as stale (with a button to
 * reload), `reloaded` once the current record is beside the draft and no newer conflict came since.
 */
export function conflictNotice(state: EditState<unknown>): 'stale' | 'reloaded' | null {
  if (state.phase === 'conflict') return 'stale';
  return state.saved !== null ? 'reloaded' : null;
}

/**
 * The form's own checks beside the schema's: the schema's errors, then the form's, which replace the
 * schema's for the same field (a form words "rate this claim" better than "invalid option").
 */
export function mergeErrors(...sets: (FieldErrors | null | undefined)[]): FieldErrors {
  const out: FieldErrors = {};
  for (const set of sets) for (const [k, v] of Object.entries(set ?? {})) if (v.length) out[k] = v;
  return out;
}

/** What the form must say beyond the messages beside its fields: errors of fields it does not show, or the message. */
export function formMessages(state: EditState<unknown>, shown: string[]): string[] {
  return [...otherErrors(state.errors, shown), ...(state.message ? [state.message] : [])];
}
