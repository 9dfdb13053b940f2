'use client';
// The signed-in user for client components, and `useCan`: the role policy of @claimline/core, so the
// editor hides or explains what a user cannot do. The server enforces the same policy regardless.
import { createContext, useContext, type ReactNode } from 'react';
import { can, type Act } from '@claimline/core';
import type { SessionUser } from '@claimline/api';

const CurrentUser = createContext<SessionUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: SessionUser | null; children: ReactNode }) {
  return <CurrentUser.Provider value={user}>{children}</CurrentUser.Provider>;
}

export function useCurrentUser(): SessionUser | null {
  return useContext(CurrentUser);
}

export function useCan(): (act: Act) => boolean {
  const user = useContext(CurrentUser);
  return (act) => can(user?.role, act);
}
