import { redirect } from 'next/navigation';
import { currentUser } from '~/server/session.ts';
import { LoginForm } from './LoginForm.tsx';
import { safeReturnPath } from '~/lib/return-to.ts';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const raw = (await searchParams).next;
  const next = safeReturnPath(Array.isArray(raw) ? raw[0] : raw);
  if (await currentUser()) redirect(next);
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <LoginForm next={next} />
    </section>
  );
}
