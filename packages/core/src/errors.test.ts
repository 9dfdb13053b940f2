import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, describeIssues, fieldErrorsOf, isValidationError } from './errors.ts';

const schema = z.object({ date: z.string().min(1, 'must not be empty'), claims: z.array(z.object({ quote: z.string() })) });

describe('field errors', () => {
  it('keys zod issues by input path, with an optional prefix', () => {
    const r = schema.safeParse({ date: '', claims: [{ quote: 3 }] });
    expect(r.success).toBe(false);
    const errors = fieldErrorsOf(r.error, 'link.');
    expect(Object.keys(errors!)).toEqual(['link.date', 'link.claims.0.quote']);
    expect(errors!['link.date']).toEqual(['must not be empty']);
    expect(describeIssues(r.error!)).toMatch(/^date: must not be empty; claims\.0\.quote: /);
  });

  it('a failure of the whole input is keyed "_" and reads "input: …"', () => {
    const r = z.string().safeParse(5);
    expect(Object.keys(fieldErrorsOf(r.error)!)).toEqual(['_']);
    expect(describeIssues(r.error!)).toMatch(/^input: /);
  });

  it('an AppError names its field; other errors have none', () => {
    expect(fieldErrorsOf(new AppError('BAD_REQUEST', 'date: not EDTF', 'date'))).toEqual({ date: ['date: not EDTF'] });
    expect(fieldErrorsOf(new AppError('NOT_FOUND', 'claim 3 not found'))).toBeNull();
    expect(fieldErrorsOf(new Error('boom'))).toBeNull();
    expect(isValidationError(new Error('boom'))).toBe(false);
  });
});
