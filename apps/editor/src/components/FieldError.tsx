// A server or client validation message shown beside the field it is about.
import type { FieldErrors } from '~/lib/errors.ts';

export function FieldError({ errors, name }: { errors: FieldErrors; name: string | string[] }) {
  const names = Array.isArray(name) ? name : [name];
  const messages = names.flatMap((n) => [
    ...(errors[n] ?? []),
    ...Object.entries(errors)
      .filter(([k]) => k.startsWith(`${n}.`))
      .flatMap(([, v]) => v),
  ]);
  if (!messages.length) return null;
  return (
    <span className="field-error" role="alert" data-field-error={names[0]}>
      {[...new Set(messages)].join('; ')}
    </span>
  );
}

/** Messages for errors the form has no field for. */
export function FormErrors({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div className="error" role="alert">
      {messages.map((m, i) => (
        <p key={i}>{m}</p>
      ))}
    </div>
  );
}
