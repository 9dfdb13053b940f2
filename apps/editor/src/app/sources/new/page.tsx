import { requireUser } from '~/server/session.ts';
import { AddSourceForm } from './AddSourceForm.tsx';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Add a source · Claimline' };

export default async function NewSourcePage() {
  await requireUser();
  return (
    <section className="narrow-wide">
      <h1>Add a source</h1>
      <p className="muted">
        Paste an article’s text, or upload <code>.txt</code> / <code>.md</code> files. The text is stored exactly as given (normalised to Unicode NFC with LF
        line endings) and never changes afterwards: claims anchor into it. Importing the same text twice opens the existing source.
      </p>
      <AddSourceForm />
    </section>
  );
}
