import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="narrow-wide">
      <h1>Not found</h1>
      <p>There is no such record (it may have been merged or removed).</p>
      <p>
        <Link href="/">Back to the sources</Link>
      </p>
    </section>
  );
}
