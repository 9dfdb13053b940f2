'use client';
// A date field in EDTF with a live reading of what was typed ("2024-12~" → "Dec 2024 (approx.)").
import { isEdtf } from '@claimline/core';
import { showEdtf } from '~/lib/format.ts';

export function EdtfInput({
  id,
  value,
  onChange,
  invalid,
  placeholder = '2024-12-06, 2024-12~, 2024-12-07/2024-12-08',
  testId,
}: {
  id?: string;
  value: string;
  onChange: (v: string) => void;
  invalid?: boolean;
  placeholder?: string;
  testId?: string;
}) {
  const v = value.trim();
  const ok = v === '' || isEdtf(v);
  return (
    <span className="edtf">
      <input
        id={id}
        type="text"
        inputMode="text"
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        aria-invalid={invalid || !ok || undefined}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className={`hint ${ok ? '' : 'bad'}`} aria-live="polite">
        {v === '' ? 'EDTF: 2024-12-06 · 2024-12~ (about) · 2025-07-31? (uncertain) · a/b (interval)' : ok ? `= ${showEdtf(v)}` : 'not a valid EDTF date yet'}
      </span>
    </span>
  );
}
