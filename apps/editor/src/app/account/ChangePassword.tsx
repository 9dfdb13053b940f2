'use client';
// "Change my password": the current password, the new one twice. Other sessions end; this one stays.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { changePasswordSchema } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';
import { useVersionedEdit } from '~/lib/use-versioned-edit.ts';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';

export function ChangePassword() {
  const trpc = useTRPC();
  const [draft, setDraft] = useState({ currentPassword: '', newPassword: '', repeat: '' });
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const edit = useVersionedEdit({
    schema: changePasswordSchema,
    check: () => (draft.repeat !== draft.newPassword ? { repeat: ['does not match the new password'] } : null),
    mutate: change.mutateAsync,
    onSaved: (r) => {
      setDraft({ currentPassword: '', newPassword: '', repeat: '' });
      setDone(
        r.endedSessions
          ? `Your password is changed; ${r.endedSessions} other session${r.endedSessions === 1 ? ' was' : 's were'} signed out.`
          : 'Your password is changed.',
      );
    },
  });
  const submit = () => {
    setDone(null);
    void edit.submit(() => ({ currentPassword: draft.currentPassword, newPassword: draft.newPassword }));
  };
  const { errors } = edit;
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  return (
    <form className="form card" noValidate aria-label="Change my password" data-testid="change-password" onSubmit={(e) => (e.preventDefault(), submit())}>
      <h2>Change my password</h2>
      <label>
        Current password
        <input
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={draft.currentPassword}
          onChange={set('currentPassword')}
          aria-invalid={!!errors.currentPassword || undefined}
        />
        <FieldError errors={errors} name="currentPassword" />
      </label>
      <label>
        New password (at least 10 characters)
        <input
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={draft.newPassword}
          onChange={set('newPassword')}
          aria-invalid={!!errors.newPassword || undefined}
        />
        <FieldError errors={errors} name="newPassword" />
      </label>
      <label>
        New password again
        <input
          name="repeat"
          type="password"
          autoComplete="new-password"
          value={draft.repeat}
          onChange={set('repeat')}
          aria-invalid={!!errors.repeat || undefined}
        />
        <FieldError errors={errors} name="repeat" />
      </label>
      <FormErrors messages={edit.messages(['currentPassword', 'newPassword', 'repeat'])} />
      {done && (
        <p className="notice" role="status" data-testid="password-changed">
          {done}
        </p>
      )}
      <button type="submit" disabled={edit.saving}>
        {edit.saving ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
