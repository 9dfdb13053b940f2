// Signing in: the password check, its throttle and the browser's device token. Every check is counted in
// the database (SignInAttempt) inside a write transaction BEFORE the hash runs, so batched, parallel or
// multi-process attempts cannot exceed a bucket's limit. The rules themselves are in
// @claimline/core's throttle.ts; README "Sign-in throttling" says why these buckets.
import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { z } from 'zod';
import {
  AppError,
  changePasswordSchema,
  loginSchema,
  retryPhrase,
  SIGN_IN_THROTTLE,
  SIGN_IN_THROTTLE_HORIZON_MS,
  throttleWait,
  type Role,
  type ThrottlePolicy,
} from '@claimline/core';
import type { Db } from '@claimline/db';
import { lockSignInBuckets, NO_PASSWORD, writeTx } from '@claimline/db';
import { audit } from './audit.ts';
import { hashPassword, SESSION_DAYS, sessionIdOf } from './users.ts';

/** A browser's device token lives a year after its last sign-in; an account keeps its 20 most recent. */
export const DEVICE_DAYS = 365;
const DEVICES_PER_USER = 20;

export interface SignInClient {
  /** The device token from the browser's cookie, if any. */
  deviceToken?: string | null;
  /** The client's address, only when a trusted proxy vouches for it (CLAIMLINE_TRUST_PROXY). */
  address?: string | null;
  /** For tests: the current time. */
  now?: number;
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: { id: number; email: string; name: string; role: Role };
  /** The device token to (re)store in the browser's cookie. */
  deviceToken: string;
  deviceExpiresAt: Date;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const deviceIdOf = (token: string) => digest(`device:${token}`);

interface Bucket {
  key: string;
  policy: ThrottlePolicy;
  refusal: string;
}

/** A dummy hash to verify against when the email is unknown, so timing does not reveal which emails exist. */
let dummyHash: Promise<string> | undefined;

/**
 * Reserves one password check in each bucket, or refuses with TOO_MANY_REQUESTS saying when to retry.
 * Runs in a write transaction: SQLite's write lock orders concurrent reservations, across processes too; on
 * PostgreSQL, the buckets' advisory locks (lockSignInBuckets) do, across servers.
 */
async function reserve(db: Db, buckets: Bucket[], now: number): Promise<number[]> {
  return writeTx(db, async (tx) => {
    await lockSignInBuckets(
      tx,
      buckets.map((b) => b.key),
    );
    await tx.signInAttempt.deleteMany({ where: { at: { lt: new Date(now - SIGN_IN_THROTTLE_HORIZON_MS) } } });
    const rows = await tx.signInAttempt.findMany({
      where: { bucket: { in: buckets.map((b) => b.key) }, at: { gt: new Date(now - SIGN_IN_THROTTLE_HORIZON_MS) } },
      select: { bucket: true, at: true },
    });
    for (const b of buckets) {
      const wait = throttleWait(
        rows.filter((r) => r.bucket === b.key).map((r) => r.at.getTime()),
        now,
        b.policy,
      );
      if (wait > 0) throw new AppError('TOO_MANY_REQUESTS', `${b.refusal}; ${retryPhrase(wait)}`);
    }
    const ids: number[] = [];
    for (const b of buckets) ids.push((await tx.signInAttempt.create({ data: { bucket: b.key, at: new Date(now) }, select: { id: true } })).id);
    return ids;
  });
}

/**
 * Checks an email and password, throttled: per account for browsers that never signed in to it, per
 * device for those that did (so an attack on an account does not lock its owner out), per address when
 * a trusted proxy gives one, and globally. A failed check stays counted for its window; a successful
 * one gives back only its own counts, never anybody else's (so signing in to one's own account resets
 * nothing an attacker could use). Also for any other check of a password (e.g. before changing it).
 */
export async function checkPassword(db: Db, raw: z.input<typeof loginSchema>, client: SignInClient = {}) {
  const input = loginSchema.parse(raw);
  const now = client.now ?? Date.now();
  const user = await db.user.findUnique({ where: { email: input.email } });
  const device =
    user && client.deviceToken && client.deviceToken.length <= 200
      ? await db.trustedDevice.findFirst({ where: { id: deviceIdOf(client.deviceToken), userId: user.id }, select: { id: true } })
      : null;
  const buckets: Bucket[] = device
    ? [{ key: digest(`device:${device.id}`), policy: SIGN_IN_THROTTLE.device, refusal: 'too many failed sign-ins from this browser' }]
    : [
        { key: digest('global'), policy: SIGN_IN_THROTTLE.global, refusal: 'too many sign-in attempts on this server' },
        { key: digest(`account:${input.email}`), policy: SIGN_IN_THROTTLE.account, refusal: 'too many failed sign-ins for this account' },
        ...(client.address
          ? [{ key: digest(`address:${client.address}`), policy: SIGN_IN_THROTTLE.address, refusal: 'too many failed sign-ins from your network' }]
          : []),
      ];
  const reserved = await reserve(db, buckets, now);
  dummyHash ??= hashPassword('not-a-real-password-' + randomBytes(8).toString('hex'));
  // An account restored without its password ('!') can only be enabled with a new one: it never signs in.
  const ok =
    user && user.passwordHash !== NO_PASSWORD
      ? await argon2.verify(user.passwordHash, input.password).catch(() => false)
      : (await argon2.verify(await dummyHash, input.password), false);
  if (!user || !ok || user.disabled) {
    throw new AppError('UNAUTHORIZED', user?.disabled && ok ? 'this account is disabled' : 'wrong email or password');
  }
  await writeTx(db, (tx) => tx.signInAttempt.deleteMany({ where: { id: { in: reserved } } }));
  return { user, deviceId: device?.id ?? null, now };
}

/** Signs in: a checked password (checkPassword) opens a session and remembers the browser as a device. */
export async function signIn(db: Db, raw: z.input<typeof loginSchema>, client: SignInClient = {}): Promise<SignedIn> {
  const { user, deviceId, now } = await checkPassword(db, raw, client);
  const device = deviceId ? { id: deviceId } : null;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now + SESSION_DAYS * 86_400_000);
  const deviceToken = device ? client.deviceToken! : randomBytes(32).toString('base64url');
  const deviceExpiresAt = new Date(now + DEVICE_DAYS * 86_400_000);
  await writeTx(db, async (tx) => {
    await tx.session.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
    await tx.session.create({ data: { id: sessionIdOf(token), userId: user.id, expiresAt } });
    if (device) {
      await tx.trustedDevice.update({ where: { id: device.id }, data: { lastUsedAt: new Date(now) } });
    } else {
      await tx.trustedDevice.create({ data: { id: deviceIdOf(deviceToken), userId: user.id, lastUsedAt: new Date(now) } });
      const keep = await tx.trustedDevice.findMany({
        where: { userId: user.id },
        orderBy: { lastUsedAt: 'desc' },
        take: DEVICES_PER_USER,
        select: { id: true },
      });
      await tx.trustedDevice.deleteMany({
        where: { userId: user.id, OR: [{ id: { notIn: keep.map((d) => d.id) } }, { lastUsedAt: { lt: new Date(now - DEVICE_DAYS * 86_400_000) } }] },
      });
    }
  });
  return { token, expiresAt, user: { id: user.id, email: user.email, name: user.name, role: user.role as Role }, deviceToken, deviceExpiresAt };
}

/**
 * The signed-in user changes their own password: the current one must be right, checked (and throttled)
 * like a sign-in, so an open session cannot be used to guess it. Every other session of the user ends; the
 * one in use (`keepSessionId`) stays. Audited without either password.
 */
export async function changePassword(
  db: Db,
  userId: number,
  keepSessionId: string | null | undefined,
  raw: z.input<typeof changePasswordSchema>,
  client: SignInClient = {},
) {
  const input = changePasswordSchema.parse(raw);
  const account = await db.user.findUnique({ where: { id: userId }, select: { email: true, version: true } });
  if (!account) throw new AppError('NOT_FOUND', `user ${userId} not found`);
  try {
    await checkPassword(db, { email: account.email, password: input.currentPassword }, client);
  } catch (e) {
    if (e instanceof AppError && e.code === 'UNAUTHORIZED')
      throw new AppError('BAD_REQUEST', 'currentPassword: this is not your current password', 'currentPassword');
    throw e;
  }
  const passwordHash = await hashPassword(input.newPassword);
  return writeTx(db, async (tx) => {
    // Changed meanwhile (by an admin, or in another tab): refuse rather than overwrite.
    const r = await tx.user.updateMany({ where: { id: userId, version: account.version }, data: { passwordHash, version: { increment: 1 } } });
    if (r.count === 0) throw new AppError('CONFLICT', 'your account changed meanwhile; sign in again and retry');
    const ended = await tx.session.deleteMany({ where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
    const after = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { version: true } });
    await audit(tx, {
      userId,
      action: 'change-password',
      recordType: 'user',
      recordId: userId,
      before: { version: account.version },
      after: { version: after.version, passwordChanged: true, endedSessions: ended.count },
    });
    return { ok: true as const, endedSessions: ended.count };
  });
}
