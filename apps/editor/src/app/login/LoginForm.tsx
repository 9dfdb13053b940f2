'use client';
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { safeReturnPath } from '~/lib/return-to.ts';

export function LoginForm({ next = '/' }: { next?: string }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      // A full navigation, so server components render with the new session cookie.
      onSuccess: () => window.location.assign(safeReturnPath(next)),
    }),
  );
  const fields = (login.error?.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ?? {};
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        login.mutate({ email, password });
      }}
    >
      <label>
        Email
        <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        {fields.email && <span className="field-error">{fields.email.join('; ')}</span>}
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {login.error && !fields.email && (
        <p className="error" role="alert">
          {login.error.message}
        </p>
      )}
      <button type="submit" disabled={login.isPending}>
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
