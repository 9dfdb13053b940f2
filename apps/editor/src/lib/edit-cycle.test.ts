import { describe, expect, it } from 'vitest';
import { claimUpdateSchema, fieldErrorsOf as issueFieldErrors, userUpdateSchema } from '@claimline/core';
import { validate } from './errors.ts';
import { canSubmit, conflictNotice, editReducer, formMessages, initialEdit, mergeErrors, type EditEvent, type EditState } from './edit-cycle.ts';

type Saved = { title: string };
const run = (state: EditState<Saved>, ...events: EditEvent<Saved>[]) => events.reduce(editReducer<Saved>, state);

/** A tRPC error as the browser receives it (the API's errorFormatter puts field errors in `data`). */
const serverError = (code: string, message: string, fieldErrors: Record<string, string[]> | null = null) => ({ message, data: { code, fieldErrors } });
const stale = serverError('CONFLICT', 'event 3 was changed by someone else; reload it and apply your change again');

describe('the edit cycle', () => {
  it('goes idle → invalid → saving → saved, and clears the errors of the last attempt', () => {
    let s = initialEdit<Saved>(4);
    s = run(s, { type: 'submit', errors: { title: ['must not be empty'] } });
    expect(s.phase).toBe('invalid');
    expect(s.errors).toEqual({ title: ['must not be empty'] });
    s = run(s, { type: 'submit', errors: {} });
    expect(s).toMatchObject({ phase: 'saving', errors: {} });
    s = run(s, { type: 'succeeded', version: 5 });
    expect(s).toMatchObject({ phase: 'saved', version: 5 });
  });

  it('refuses to start a second save while one is under way (it would send the same version again)', () => {
    const saving = run(initialEdit<Saved>(4), { type: 'submit', errors: {} });
    expect(canSubmit(saving)).toBe(false);
    expect(run(saving, { type: 'submit', errors: { title: ['x'] } })).toBe(saving);
    expect(canSubmit(run(saving, { type: 'refused', error: stale }))).toBe(true);
  });

  it('a stale save offers a reload; the reload keeps the phase of the draft and bases the next save on the current version', () => {
    let s = run(initialEdit<Saved>(4), { type: 'submit', errors: {} }, { type: 'refused', error: stale });
    expect(s.phase).toBe('conflict');
    expect(conflictNotice(s)).toBe('stale');
    expect(formMessages(s, [])).toEqual([]); // the notice says it; no second message
    s = run(s, { type: 'reload' });
    expect(s.reloading).toBe(true);
    s = run(s, { type: 'reloaded', version: 6, saved: { title: 'Theirs' } });
    expect(s).toMatchObject({ version: 6, saved: { title: 'Theirs' }, reloading: false });
    expect(conflictNotice(s)).toBe('reloaded');
  });

  it('a second stale save after a reload offers a reload again', () => {
    let s = run(
      initialEdit<Saved>(4),
      { type: 'submit', errors: {} },
      { type: 'refused', error: stale },
      { type: 'reloaded', version: 6, saved: { title: 'Theirs' } },
    );
    s = run(s, { type: 'submit', errors: {} });
    expect(conflictNotice(s)).toBe('reloaded');
    s = run(s, { type: 'refused', error: stale });
    expect(conflictNotice(s)).toBe('stale');
    s = run(s, { type: 'reloaded', version: 7, saved: { title: 'Theirs again' } });
    expect(conflictNotice(s)).toBe('reloaded');
    expect(s.version).toBe(7);
  });

  it('a refusal for a field after a reload is that field’s error, not someone else’s change', () => {
    let s = run(
      initialEdit<Saved>(4),
      { type: 'submit', errors: {} },
      { type: 'refused', error: stale },
      { type: 'reloaded', version: 6, saved: { title: 'Theirs' } },
    );
    s = run(s, { type: 'submit', errors: {} }, { type: 'refused', error: serverError('BAD_REQUEST', 'date: not EDTF', { date: ['date: not EDTF'] }) });
    expect(s.phase).toBe('failed');
    expect(conflictNotice(s)).toBe('reloaded');
    expect(s.errors).toEqual({ date: ['date: not EDTF'] });
  });

  it('a CONFLICT naming a field (an e-mail already taken) is a field error, not a stale version', () => {
    const taken = serverError('CONFLICT', 'email: another user (id 2) has the email a@b.test', {
      email: ['email: another user (id 2) has the email a@b.test'],
    });
    const s = run(initialEdit<Saved>(4), { type: 'submit', errors: {} }, { type: 'refused', error: taken });
    expect(s.phase).toBe('failed');
    expect(conflictNotice(s)).toBeNull();
    expect(s.errors.email).toHaveLength(1);
  });

  it('a form that creates has no version to be stale: a CONFLICT is said as the server says it', () => {
    const dup = serverError('CONFLICT', 'claim 3 is already linked to event 4 (link 9); edit that link instead');
    const s = run(initialEdit<Saved>(), { type: 'submit', errors: {} }, { type: 'refused', error: dup });
    expect(conflictNotice(s)).toBeNull();
    expect(formMessages(s, [])).toEqual(['claim 3 is already linked to event 4 (link 9); edit that link instead']);
    expect(run(s, { type: 'succeeded', version: 3 }).version).toBeNull();
  });

  it('says what a failed reload found (the record is gone), and keeps offering the reload', () => {
    let s = run(initialEdit<Saved>(4), { type: 'submit', errors: {} }, { type: 'refused', error: stale }, { type: 'reload' });
    s = run(s, { type: 'reloadFailed', error: new Error('This link was removed by someone else.') });
    expect(s.reloading).toBe(false);
    expect(conflictNotice(s)).toBe('stale');
    expect(formMessages(s, [])).toEqual(['This link was removed by someone else.']);
  });

  it('keys the server’s field errors like the schema’s checks in the browser, prefix included', () => {
    const bad = { id: 3, version: 2, claimantId: -1, chain: [{ actorId: 0, relation: null }], paraphrase: null };
    const here = validate(claimUpdateSchema, bad, 'claim.');
    expect(here.ok).toBe(false);
    const parsed = claimUpdateSchema.safeParse(bad);
    const fromServer = serverError('BAD_REQUEST', 'invalid', issueFieldErrors(parsed.error));
    const s = run(initialEdit<Saved>(2), { type: 'submit', errors: {} }, { type: 'refused', error: fromServer, prefix: 'claim.' });
    expect(Object.keys(s.errors).sort()).toEqual(Object.keys(here.ok ? {} : here.errors).sort());
    expect(Object.keys(s.errors)).toContain('claim.chain.0.actorId');
  });

  it('names errors of fields the form does not show, whether found here or by the server', () => {
    const here = validate(userUpdateSchema, { id: 0, version: 1, name: 'Ann' });
    const s = run(initialEdit<Saved>(1), { type: 'submit', errors: here.ok ? {} : here.errors });
    expect(s.phase).toBe('invalid');
    expect(formMessages(s, ['name', 'email'])).toEqual([expect.stringMatching(/^id: /)]);
    const server = run(
      initialEdit<Saved>(1),
      { type: 'submit', errors: {} },
      { type: 'refused', error: serverError('FORBIDDEN', 'claim.decide needs the role reviewer; you are annotator') },
    );
    expect(formMessages(server, ['name'])).toEqual(['claim.decide needs the role reviewer; you are annotator']);
  });

  it('an adding form takes a newer version the page brings, never an older one; an edit keeps its base unless asked', () => {
    const s = initialEdit<Saved>(4);
    expect(run(s, { type: 'rebase', version: 6 }).version).toBe(6);
    expect(run(s, { type: 'rebase', version: 3 }).version).toBe(4);
    expect(run(initialEdit<Saved>(), { type: 'rebase', version: 6 }).version).toBeNull();
  });
});

describe('merging errors', () => {
  it('keeps every field, and the form’s own message replaces the schema’s for the same field', () => {
    expect(
      mergeErrors({ 'verdicts.0.rating': ['Invalid option'], rationale: ['required'] }, { 'verdicts.0.rating': ['rate this claim'] }, null, { repeat: [] }),
    ).toEqual({
      'verdicts.0.rating': ['rate this claim'],
      rationale: ['required'],
    });
  });
});
