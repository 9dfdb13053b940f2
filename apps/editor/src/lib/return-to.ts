// Where to go after signing in: only a path on this site (never "//host" or a scheme), else home.
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || value.startsWith('/login')) return '/';
  return value;
}

export function loginPath(from: string | null | undefined): string {
  const target = safeReturnPath(from);
  return target === '/' ? '/login' : `/login?next=${encodeURIComponent(target)}`;
}
