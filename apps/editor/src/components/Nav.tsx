'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionUser } from '@claimline/api';
import { can, type Act } from '@claimline/core';
import { useTRPC } from '~/trpc/react.tsx';

const LINKS: { href: string; label: string; match: (p: string) => boolean; act: Act }[] = [
  { href: '/', label: 'Sources', match: (p) => p === '/' || p.startsWith('/sources'), act: 'read' },
  { href: '/timeline', label: 'Timeline', match: (p) => p.startsWith('/timeline') || p.startsWith('/events'), act: 'read' },
  { href: '/actors', label: 'Actors', match: (p) => p.startsWith('/actors'), act: 'read' },
  { href: '/review', label: 'Review', match: (p) => p.startsWith('/review'), act: 'dispute.decide' },
  { href: '/export', label: 'Export', match: (p) => p.startsWith('/export'), act: 'export.slice' },
  { href: '/users', label: 'Users', match: (p) => p.startsWith('/users'), act: 'user.manage' },
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
          {LINKS.filter((l) => can(user.role, l.act)).map((l) => (
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
            <Link
              href="/account"
              data-testid="current-user"
              title="Your account: change your password"
              aria-current={pathname.startsWith('/account') ? 'page' : undefined}
            >
              <span dir="auto">{user.name}</span> <span className="role">{user.role}</span>
            </Link>
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
