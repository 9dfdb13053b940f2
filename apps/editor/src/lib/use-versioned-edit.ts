// One hook for every form that saves: check the input with the API's own zod schema, send it, show the
// server's field errors beside the fields, and when a versioned save is refused as stale, reload the
// current record beside the draft without touching what the user typed. The transitions are in
// edit-cycle.ts (pure, unit-tested); this file only runs them in React.
import { useEffect, useReducer, useRef, type RefObject } from 'react';
import type { z } from 'zod';
import { validate, type FieldErrors } from './errors.ts';
import { conflictNotice, editReducer, formMessages, initialEdit, mergeErrors, type EditState } from './edit-cycle.ts';

export interface VersionedEditOptions<I, R, T, S> {
  /** The API's input schema: nothing is sent that it refuses. */
  schema?: z.ZodType;
  /** Prefix of the form's field names ("claim."): client and server errors are keyed alike. */
  prefix?: string;
  /** The form's own checks beyond the schema; they replace the schema's message for the same field. */
  check?: (input: I) => FieldErrors | null;
  mutate: (input: I) => Promise<R>;
  /** After a save (invalidate queries, close, navigate); no second save starts until it is done. */
  onSaved?: (result: R, input: I) => unknown;
  /** A versioned edit: the version the form started from … */
  version?: number;
  /**
   * Take a newer `version` when the page brings one. Only for forms that add to a record (an alias)
   * and show it as it now is: an edit of fields must keep its base, or someone else's change is lost.
   */
  followVersion?: boolean;
  /** … how to fetch the record as it is now saved … */
  fetchLatest?: () => Promise<T>;
  /** … and what of it the form shows beside its fields (the whole record by default). */
  toSaved?: (fresh: T) => S;
  onReloaded?: (fresh: T) => unknown;
  /** The form: its first invalid field gets the focus (or is scrolled to) after a refusal. */
  form?: RefObject<HTMLElement | null>;
}

export interface VersionedEdit<I, R, S> {
  state: EditState<S>;
  /** Field errors keyed like the server's. */
  errors: FieldErrors;
  saving: boolean;
  /** The version to send with the next save. */
  version: number;
  /** The record as saved now, after a reload; null before one. */
  saved: S | null;
  reloading: boolean;
  /** `stale`: the last save was refused because someone else saved first; `reloaded`: the current record is shown. */
  notice: 'stale' | 'reloaded' | null;
  /** Builds the input from the version to base it on, checks it, saves it; the result, or undefined when refused. */
  submit: (build: (version: number) => I) => Promise<R | undefined>;
  reload: () => Promise<void>;
  /** What to say beyond the fields the form shows (`shown`: their names, prefix included). */
  messages: (shown: string[]) => string[];
}

const FOCUSABLE = 'input, select, textarea, button, [tabindex]';

/** Brings the first field with an error into view, focused when it can take the focus. */
export function revealFirstError(form: HTMLElement | null | undefined): void {
  requestAnimationFrame(() => {
    const bad = form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('[data-field-error]');
    if (!bad) return;
    if (bad.matches(FOCUSABLE)) bad.focus();
    else bad.scrollIntoView({ block: 'center' });
  });
}

export function useVersionedEdit<I, R = unknown, T extends { version: number } = { version: number }, S = T>(
  options: VersionedEditOptions<I, R, T, S>,
): VersionedEdit<I, R, S> {
  const [state, dispatch] = useReducer(editReducer<S>, options.version ?? null, initialEdit<S>);
  // Set at once (state arrives with the next render): a second Ctrl+Enter must not send the same version twice.
  const busy = useRef(false);
  const current = useRef(state);
  current.current = state;
  const opts = useRef(options);
  opts.current = options;
  const follow = options.followVersion ? options.version : undefined;
  useEffect(() => {
    if (follow !== undefined) dispatch({ type: 'rebase', version: follow });
  }, [follow]);

  async function submit(build: (version: number) => I): Promise<R | undefined> {
    if (busy.current) return undefined;
    const o = opts.current;
    const input = build(current.current.version ?? 0);
    const schemaErrors = o.schema ? validate(o.schema, input, o.prefix) : null;
    const errors = mergeErrors(schemaErrors && !schemaErrors.ok ? schemaErrors.errors : null, o.check?.(input));
    dispatch({ type: 'submit', errors });
    if (Object.keys(errors).length) {
      revealFirstError(o.form?.current);
      return undefined;
    }
    busy.current = true;
    let result: R;
    try {
      result = await o.mutate(input);
    } catch (error) {
      busy.current = false;
      dispatch({ type: 'refused', error, prefix: o.prefix });
      revealFirstError(o.form?.current);
      return undefined;
    }
    try {
      await o.onSaved?.(result, input);
    } finally {
      busy.current = false;
      dispatch({ type: 'succeeded', version: versionOf(result) });
    }
    return result;
  }

  async function reload(): Promise<void> {
    const o = opts.current;
    if (!o.fetchLatest) return;
    dispatch({ type: 'reload' });
    try {
      const fresh = await o.fetchLatest();
      dispatch({ type: 'reloaded', version: fresh.version, saved: o.toSaved ? o.toSaved(fresh) : (fresh as unknown as S) });
      await o.onReloaded?.(fresh);
    } catch (error) {
      dispatch({ type: 'reloadFailed', error });
    }
  }

  return {
    state,
    errors: state.errors,
    saving: state.phase === 'saving',
    version: state.version ?? 0,
    saved: state.saved,
    reloading: state.reloading,
    notice: conflictNotice(state),
    submit,
    reload,
    messages: (shown) => formMessages(state, shown),
  };
}

/** The version a save produced, when the API returns the saved record. */
function versionOf(result: unknown): number | undefined {
  const v = (result as { version?: unknown } | null)?.version;
  return typeof v === 'number' ? v : undefined;
}
