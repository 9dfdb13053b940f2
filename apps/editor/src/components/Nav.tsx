'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import type { SessionUser } from '@claimline/api';
import { useTRPC } from '~/trpc/react.tsx';

export function Nav({ user }: { user: SessionUser | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSuccess: () => router.push('/login') }));
  return (
    <header className="nav">
      <Link href="/" className="brand">Claimline</Link>
      {user && (
        <nav>
          <Link href="/">Sources</Link>
        </nav>
      )}
      <div className="who">
        {user ? (
          <>
            <span data-testid="current-user">
              {user.name} <span className="role">{user.role}</span>
            </span>
            <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>Sign out</button>
          </>
        ) : (
          <Link href="/login">Sign in</Link>
        )}
      </div>
    </header>
  );
}
