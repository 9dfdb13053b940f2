// Reading tRPC errors for forms: field errors by input path, conflicts, a readable message.
import type { z } from 'zod';
import { fieldErrorsOf as issueFieldErrors, type FieldErrors } from '@claimline/core';

export type { FieldErrors };

interface ErrorShape {
  message?: string;
  data?: { code?: string; fieldErrors?: FieldErrors | null } | null;
}

/** The server's field errors, keys optionally prefixed ("claim." + "claimantId"). */
export function fieldErrorsOf(error: unknown, prefix = ''): FieldErrors {
  const fields = (error as ErrorShape | null)?.data?.fieldErrors;
  if (!fields) return {};
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [prefix + k, v]));
}

export function errorCode(error: unknown): string | undefined {
  return (error as ErrorShape | null)?.data?.code ?? (error as { code?: string } | null)?.code;
}

/** A stale edit: someone else changed the record since the form loaded it. */
export function isConflict(error: unknown): boolean {
  return errorCode(error) === 'CONFLICT';
}

export function messageOf(error: unknown): string {
  if (!error) return '';
  return (error as ErrorShape).message ?? (error instanceof Error ? error.message : JSON.stringify(error));
}

/** Client-side check with the same zod schema the API uses: field errors keyed like the server's. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, data: r.data };
  return { ok: false, errors: issueFieldErrors(r.error, prefix) ?? {} };
}

/** Errors not tied to a field the form shows: everything under `prefix` except the listed fields. */
export function otherErrors(errors: FieldErrors, shown: string[]): string[] {
  return Object.entries(errors)
    .filter(([k]) => !shown.some((s) => k === s || k.startsWith(`${s}.`)))
    .flatMap(([k, v]) => v.map((m) => (k === '_' ? m : `${k}: ${m}`)));
}
