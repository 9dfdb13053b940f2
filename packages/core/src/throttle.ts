// Sign-in throttling rules (OWASP Authentication Cheat Sheet: slow down rather than lock out). Pure:
// the caller stores when each password check was counted and asks how long the next one must wait.

export interface ThrottlePolicy {
  /** Checks counted in the window before any wait. */
  free: number;
  /** Checks counted in the window at most: past this, wait until the oldest leaves the window. */
  max: number;
  windowMs: number;
  /** The wait after the last check once `free` are used; it doubles with each further check. */
  firstDelayMs: number;
}

const MINUTE = 60_000;

/**
 * The buckets a sign-in is counted in. An account (its e-mail, known or not) from browsers it has never
 * signed in from: 5 at once, then one after 1, 2, 4, 8 minutes, at most 10 in 15 minutes. The owner's
 * own browser (device cookie) has a bucket of its own with the same rule. A client address, only when a
 * trusted proxy says which it is: 20 at once, at most 40 in 15 minutes (a newsroom shares one address).
 * Every check not from a known device, all accounts together: at most 60 a minute (bounds the hashing
 * and password spraying).
 */
export const SIGN_IN_THROTTLE = {
  account: { free: 5, max: 10, windowMs: 15 * MINUTE, firstDelayMs: MINUTE },
  device: { free: 5, max: 10, windowMs: 15 * MINUTE, firstDelayMs: MINUTE },
  address: { free: 20, max: 40, windowMs: 15 * MINUTE, firstDelayMs: MINUTE },
  global: { free: 60, max: 60, windowMs: MINUTE, firstDelayMs: 0 },
} as const satisfies Record<string, ThrottlePolicy>;

/** The longest window: counted checks older than this no longer matter. */
export const SIGN_IN_THROTTLE_HORIZON_MS = Math.max(...Object.values(SIGN_IN_THROTTLE).map((p) => p.windowMs));

/**
 * Milliseconds until one more check may run in a bucket, given when its counted checks happened
 * (epoch ms, any order; those before the window are ignored); 0 when one may run now. A check stamped after `now`
 * was reserved by a concurrent request that read its clock later but got the bucket's lock first: it counts, as of
 * now (dropping it let parallel requests on PostgreSQL through past the limit).
 */
export function throttleWait(times: readonly number[], now: number, policy: ThrottlePolicy): number {
  const recent = times
    .map((t) => Math.min(t, now))
    .filter((t) => t > now - policy.windowMs)
    .sort((a, b) => a - b);
  const n = recent.length;
  if (n < policy.free) return 0;
  const until =
    n >= policy.max ? recent[n - policy.max]! + policy.windowMs : recent[n - 1]! + Math.min(policy.firstDelayMs * 2 ** (n - policy.free), policy.windowMs);
  return Math.max(0, until - now);
}

/** "try again in 40 seconds", "try again in 3 minutes": when a refused sign-in may be retried. */
export function retryPhrase(waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  if (seconds < 90) return `try again in ${seconds} second${seconds === 1 ? '' : 's'}`;
  return `try again in ${Math.ceil(seconds / 60)} minutes`;
}
