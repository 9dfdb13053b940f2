// Users, passwords (Argon2id) and sessions (random tokens; only their SHA-256 is stored). Signing in and
// its throttle are in sign-in.ts.
import { createHash } from 'node:crypto';
import argon2 from 'argon2';
import { type z } from 'zod';
import { AppError, userCreateSchema, userUpdateSchema, type Role } from '@claimline/core';
import type { Db, Prisma, Tx } from '@claimline/db';
import { NO_PASSWORD, publicUsers, sessionById, writeTx } from '@claimline/db';
import { audit } from './audit.ts';
import { expectFound, expectUpdated, expectVersion } from './records.ts';

/** OWASP Password Storage Cheat Sheet minimum for Argon2id: 19 MiB, 2 iterations, parallelism 1. */
const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const SESSION_DAYS = 7;

export const publicUserSelect = { id: true, email: true, name: true, role: true, disabled: true, version: true, createdAt: true } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2);
}

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createUser(tx: Tx, actingUserId: number | null, raw: z.input<typeof userCreateSchema>) {
  const input = userCreateSchema.parse(raw);
  if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    throw new AppError('CONFLICT', `email: a user with the email ${input.email} already exists`, 'email');
  }
  const user = await tx.user.create({
    data: { email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) },
    select: publicUserSelect,
  });
  await audit(tx, { userId: actingUserId, action: 'create', recordType: 'user', recordId: user.id, after: user });
  return user;
}

export async function updateUser(tx: Tx, actingUserId: number | null, raw: z.input<typeof userUpdateSchema>) {
  const input = userUpdateSchema.parse(raw);
  const before = expectVersion(await tx.user.findUnique({ where: { id: input.id }, select: publicUserSelect }), input.version, 'user', input.id);
  if (input.id === actingUserId && (input.disabled || (input.role && input.role !== 'admin'))) {
    throw new AppError('BAD_REQUEST', 'role: you cannot demote or disable yourself; ask another admin', 'role');
  }
  if (input.email !== undefined && input.email !== before.email) {
    const taken = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (taken) throw new AppError('CONFLICT', `email: another user (id ${taken.id}) has the email ${input.email}`, 'email');
  }
  if (input.disabled === false && before.disabled && input.password === undefined) {
    // A restored account carries no password: enabling it as it is would let nobody in and look like a fault.
    const { passwordHash } = await tx.user.findUniqueOrThrow({ where: { id: input.id }, select: { passwordHash: true } });
    if (passwordHash === NO_PASSWORD) throw new AppError('BAD_REQUEST', 'password: this account has no password yet; set one when enabling it', 'password');
  }
  // Prisma leaves a field alone when its value is undefined: only what the input names changes.
  const data: Prisma.UserUpdateManyMutationInput = {
    name: input.name,
    email: input.email,
    role: input.role,
    disabled: input.disabled,
    passwordHash: input.password !== undefined ? await hashPassword(input.password) : undefined,
  };
  const r = await tx.user.updateMany({ where: { id: input.id, version: input.version }, data: { ...data, version: { increment: 1 } } });
  expectUpdated(r.count, 'user', input.id);
  // A disabled user or a changed password ends every session of that user.
  const endedSessions = input.disabled || input.password !== undefined ? (await tx.session.deleteMany({ where: { userId: input.id } })).count : 0;
  const after = await tx.user.findUniqueOrThrow({ where: { id: input.id }, select: publicUserSelect });
  await audit(tx, {
    userId: actingUserId,
    action: 'update',
    recordType: 'user',
    recordId: input.id,
    before,
    after: { ...after, passwordChanged: input.password !== undefined, endedSessions },
  });
  return after;
}

export async function listUsers(tx: Tx) {
  return publicUsers(tx);
}

export async function getUser(tx: Tx, id: number) {
  return expectFound(await tx.user.findUnique({ where: { id }, select: publicUserSelect }), 'user', id);
}

/**
 * `claimline user passwd|disable|enable|set-email`: the user named by e-mail, changed at its current version
 * (the command line has no form that could have gone stale).
 */
export async function updateUserByEmail(
  tx: Tx,
  actingUserId: number | null,
  rawEmail: string,
  changes: Omit<z.input<typeof userUpdateSchema>, 'id' | 'version'>,
) {
  const email = rawEmail.trim().toLowerCase();
  const user = await tx.user.findUnique({ where: { email }, select: { id: true, version: true } });
  if (!user) throw new AppError('NOT_FOUND', `email: no user has the email ${email} (claimline user list shows them)`, 'email');
  return updateUser(tx, actingUserId, { ...changes, id: user.id, version: user.version });
}

export async function userForToken(db: Db, token: string | undefined | null) {
  if (!token || token.length > 200) return null;
  const session = await sessionById(db, sessionIdOf(token));
  if (!session || session.expiresAt.getTime() < Date.now() || session.user.disabled) return null;
  const { disabled: _d, ...user } = session.user;
  return { sessionId: session.id, user: { ...user, role: user.role as Role } };
}

export async function logout(db: Db, sessionId: string | null | undefined) {
  if (!sessionId) return;
  await writeTx(db, (tx) => tx.session.deleteMany({ where: { id: sessionId } }));
}
