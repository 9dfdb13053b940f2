'use client';
// Shown when a page fails to render; the message is shown as text.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="narrow-wide">
      <h1>Something went wrong</h1>
      <p className="error" role="alert">
        {error.message || 'The page could not be shown.'}
      </p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
