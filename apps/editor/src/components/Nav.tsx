'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionUser } from '@claimline/api';
import { useTRPC } from '~/trpc/react.tsx';

const LINKS = [
  { href: '/', label: 'Sources', match: (p: string) => p === '/' || p.startsWith('/sources') },
  { href: '/timeline', label: 'Timeline', match: (p: string) => p.startsWith('/timeline') || p.startsWith('/events') },
  { href: '/actors', label: 'Actors', match: (p: string) => p.startsWith('/actors') },
  { href: '/review', label: 'Review', match: (p: string) => p.startsWith('/review'), reviewer: true },
  { href: '/export', label: 'Export', match: (p: string) => p.startsWith('/export') },
];

export function Nav({ user }: { user: SessionUser | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      // A full navigation with an empty cache: nothing of this user's session stays in the page.
      onSettled: () => {
        queryClient.clear();
        window.location.assign('/login');
      },
    }),
  );
  return (
    <header className="nav">
      <a href="#main" className="skip">
        Skip to content
      </a>
      <Link href="/" className="brand">
        Claimline
      </Link>
      {user && (
        <nav aria-label="Main">
          {LINKS.filter((l) => !l.reviewer || user.role !== 'annotator').map((l) => (
            <Link key={l.href} href={l.href} aria-current={l.match(pathname) ? 'page' : undefined}>
              {l.label}
            </Link>
          ))}
        </nav>
      )}
      {user && (
        <form action="/search" method="get" role="search" className="nav-search">
          <label htmlFor="global-search" className="sr-only">
            Search everything
          </label>
          <input id="global-search" name="q" type="search" placeholder="Search…" data-global-search />
        </form>
      )}
      <div className="who">
        {user ? (
          <>
            <span data-testid="current-user">
              <span dir="auto">{user.name}</span> <span className="role">{user.role}</span>
            </span>
            <button type="button" className="ghost small" onClick={() => logout.mutate()} disabled={logout.isPending}>
              Sign out
            </button>
          </>
        ) : (
          <Link href="/login">Sign in</Link>
        )}
        <span className="muted small help-hint" aria-hidden="true">
          <kbd>?</kbd>
        </span>
      </div>
    </header>
  );
}
