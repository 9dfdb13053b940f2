'use client';
// The users table: add a user; per user, edit name, e-mail, role, disabled, or set a new password (which,
// like disabling, ends every session of that user). Edits name the version they were based on.
import { useState } from 'react';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { ROLES, userCreateSchema, userUpdateSchema, type Role } from '@claimline/core';
import { useTRPC, type Outputs } from '~/trpc/react.tsx';
import { formKeys } from '~/lib/forms.ts';
import { useVersionedEdit } from '~/lib/use-versioned-edit.ts';
import { showTime } from '~/lib/format.ts';
import { FieldError, FormErrors } from '~/components/FieldError.tsx';
import { EditConflict, SavedValue } from '~/components/ConflictNotice.tsx';

type User = Outputs['user']['list'][number];

export function Users({ selfId }: { selfId: number }) {
  const trpc = useTRPC();
  const { data: users } = useSuspenseQuery(trpc.user.list.queryOptions());
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <section className="narrow-wide" data-testid="users">
      <h1>Users</h1>
      <p className="muted small">
        Annotators create and edit drafts, links, actors and events; reviewers also accept and reject claims, merge actors and decide disputes; admins also
        manage users and export the whole database. Setting a password or disabling a user ends every session of theirs.
      </p>
      <div className="table-wrap">
        <table className="list" data-testid="users-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>E-mail</th>
              <th>Role</th>
              <th>State</th>
              <th>Since</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) =>
              editing === u.id ? (
                <tr key={u.id} data-user={u.email}>
                  <td colSpan={6}>
                    <EditUser key={`${u.id}-${u.version}`} user={u} self={u.id === selfId} onClose={() => setEditing(null)} />
                  </td>
                </tr>
              ) : (
                <tr key={u.id} data-user={u.email}>
                  <td dir="auto">{u.name}</td>
                  <td>{u.email}</td>
                  <td>{u.role}</td>
                  <td>{u.disabled ? <span className="badge void">disabled</span> : 'active'}</td>
                  <td className="muted small">{showTime(u.createdAt)}</td>
                  <td>
                    <button type="button" className="ghost small" onClick={() => setEditing(u.id)} data-testid="edit-user">
                      Edit
                    </button>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      <NewUser />
    </section>
  );
}

function NewUser() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState({ email: '', name: '', role: 'annotator' as Role, password: '' });
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(trpc.user.create.mutationOptions());
  const edit = useVersionedEdit({
    schema: userCreateSchema,
    mutate: create.mutateAsync,
    onSaved: async (u) => {
      await queryClient.invalidateQueries(trpc.user.pathFilter());
      setCreated(`${u.role} ${u.email}`);
      setDraft({ email: '', name: '', role: 'annotator', password: '' });
      setOpen(false);
    },
  });
  const submit = () => void edit.submit(() => draft);
  const { errors } = edit;
  if (!open) {
    return (
      <p className="row">
        <button type="button" onClick={() => (setOpen(true), setCreated(null))} data-testid="add-user">
          Add a user
        </button>
        {created && (
          <span role="status" className="muted">
            Created {created}.
          </span>
        )}
      </p>
    );
  }
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  return (
    <form
      className="form card"
      noValidate
      aria-label="New user"
      data-testid="new-user"
      onSubmit={(e) => (e.preventDefault(), submit())}
      onKeyDown={formKeys(submit, () => setOpen(false))}
    >
      <h2>New user</h2>
      <div className="grid-3">
        <label>
          E-mail
          <input name="email" type="email" autoFocus value={draft.email} onChange={set('email')} aria-invalid={!!errors.email || undefined} />
          <FieldError errors={errors} name="email" />
        </label>
        <label>
          Name
          <input name="name" dir="auto" value={draft.name} onChange={set('name')} aria-invalid={!!errors.name || undefined} />
          <FieldError errors={errors} name="name" />
        </label>
        <label>
          Role
          <select name="role" value={draft.role} onChange={set('role')}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Password (at least 10 characters; tell it to them, they can change it on their Account page)
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          value={draft.password}
          onChange={set('password')}
          aria-invalid={!!errors.password || undefined}
        />
        <FieldError errors={errors} name="password" />
      </label>
      <FormErrors messages={edit.messages(['email', 'name', 'role', 'password'])} />
      <div className="row">
        <button type="submit" disabled={edit.saving}>
          Create user
        </button>
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

interface Draft {
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  password: string;
}
const draftOf = (u: User): Draft => ({ name: u.name, email: u.email, role: u.role as Role, disabled: u.disabled, password: '' });

function EditUser({ user, self, onClose }: { user: User; self: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(user));
  const update = useMutation(trpc.user.update.mutationOptions());
  const edit = useVersionedEdit({
    schema: userUpdateSchema,
    mutate: update.mutateAsync,
    onSaved: async () => {
      await queryClient.invalidateQueries(trpc.user.pathFilter());
      onClose();
    },
    version: user.version,
    fetchLatest: () => queryClient.fetchQuery({ ...trpc.user.get.queryOptions({ id: user.id }), staleTime: 0 }),
    toSaved: draftOf,
  });
  const { errors, saved } = edit;
  const base = saved ?? draftOf(user);
  // Only what changed: a new password only when one was typed.
  const submit = () =>
    void edit.submit((version) => ({
      id: user.id,
      version,
      ...(draft.name !== base.name ? { name: draft.name } : {}),
      ...(draft.email !== base.email ? { email: draft.email } : {}),
      ...(draft.role !== base.role ? { role: draft.role } : {}),
      ...(draft.disabled !== base.disabled ? { disabled: draft.disabled } : {}),
      ...(draft.password ? { password: draft.password } : {}),
    }));
  const differs = (k: 'name' | 'email' | 'role') => !!saved && saved[k] !== draft[k];
  return (
    <form
      className="form"
      noValidate
      aria-label={`Edit ${user.email}`}
      data-testid="user-form"
      onSubmit={(e) => (e.preventDefault(), submit())}
      onKeyDown={formKeys(submit, onClose)}
    >
      <EditConflict what="user" edit={edit} />
      <div className="grid-3">
        <label>
          Name
          <input
            name="name"
            dir="auto"
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            aria-invalid={!!errors.name || undefined}
          />
          <SavedValue show={differs('name')} value={saved?.name ?? ''} />
          <FieldError errors={errors} name="name" />
        </label>
        <label>
          E-mail
          <input
            name="email"
            type="email"
            value={draft.email}
            onChange={(e) => setDraft({ ...draft, email: e.target.value })}
            aria-invalid={!!errors.email || undefined}
          />
          <SavedValue show={differs('email')} value={saved?.email ?? ''} />
          <FieldError errors={errors} name="email" />
        </label>
        <label>
          Role
          <select name="role" value={draft.role} disabled={self} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <SavedValue show={differs('role')} value={saved?.role ?? ''} />
          <FieldError errors={errors} name="role" />
        </label>
      </div>
      <div className="grid-3">
        <label>
          New password (leave empty to keep)
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            value={draft.password}
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
            aria-invalid={!!errors.password || undefined}
          />
          <FieldError errors={errors} name="password" />
        </label>
        <label className="block">
          <input
            name="disabled"
            type="checkbox"
            checked={draft.disabled}
            disabled={self}
            onChange={(e) => setDraft({ ...draft, disabled: e.target.checked })}
          />{' '}
          Disabled (cannot sign in)
        </label>
      </div>
      {self && <p className="muted small">You cannot demote or disable yourself; another admin can.</p>}
      {(draft.password || (draft.disabled && !base.disabled)) && <p className="notice small">Saving signs {user.name} out everywhere.</p>}
      <FormErrors messages={edit.messages(['name', 'email', 'role', 'password', 'disabled'])} />
      <div className="row">
        <button type="submit" disabled={edit.saving}>
          Save
        </button>
        <button type="button" className="ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
