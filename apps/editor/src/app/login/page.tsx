import { redirect } from 'next/navigation';
import { currentUser } from '~/server/session.ts';
import { LoginForm } from './LoginForm.tsx';

export default async function LoginPage() {
  if (await currentUser()) redirect('/');
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <LoginForm />
    </section>
  );
}
