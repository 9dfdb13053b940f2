// The signed-in user's account: who they are, and changing their password.
import { requireUser } from '~/server/session.ts';
import { ChangePassword } from './ChangePassword.tsx';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Account · Claimline' };

export default async function AccountPage() {
  const user = await requireUser();
  return (
    <section className="narrow-wide" data-testid="account">
      <h1>Your account</h1>
      <dl className="facts">
        <div>
          <dt>Name</dt>
          <dd dir="auto">{user.name}</dd>
        </div>
        <div>
          <dt>E-mail</dt>
          <dd>{user.email}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{user.role}</dd>
        </div>
      </dl>
      <ChangePassword />
      <p className="muted small">To change your name, e-mail or role, ask an admin.</p>
    </section>
  );
}
