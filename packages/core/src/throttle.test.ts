import { describe, expect, it } from 'vitest';
import { retryPhrase, SIGN_IN_THROTTLE, throttleWait } from './throttle.ts';

const MIN = 60_000;
const account = SIGN_IN_THROTTLE.account;
const at = (...minutes: number[]) => minutes.map((m) => m * MIN);

describe('throttleWait', () => {
  it.each([
    ['no checks yet', at(), 0, 0],
    ['four checks: the fifth runs at once', at(0, 0, 0, 0), 0, 0],
    ['five checks: one minute after the last', at(0, 0, 0, 0, 0), 0, 1 * MIN],
    ['five checks, half a minute later', at(0, 0, 0, 0, 0), 0.5, 0.5 * MIN],
    ['six checks: two minutes after the last', at(0, 0, 0, 0, 0, 1), 1, 2 * MIN],
    ['seven: four minutes', at(0, 0, 0, 0, 0, 1, 3), 3, 4 * MIN],
    ['nine: sixteen minutes, capped at the window', at(0, 0, 0, 0, 0, 1, 3, 7, 14.9), 14.9, 15 * MIN],
    ['ten in the window: until the oldest leaves it', at(1, 1, 1, 1, 1, 2, 4, 8, 10, 10), 10, 6 * MIN],
    ['checks older than the window no longer count', at(0, 0, 0, 0, 0, 0, 0, 0), 15, 0],
    ['order does not matter', at(3, 0, 1, 0, 0, 0, 0), 3, 4 * MIN],
  ])('%s', (_name, times, nowMin, wait) => {
    expect(throttleWait(times, nowMin * MIN, account)).toBe(wait);
  });

  it('the global bucket allows 60 a minute, then waits for the oldest to leave the minute', () => {
    const times = Array.from({ length: 60 }, (_, i) => i * 500);
    expect(throttleWait(times.slice(0, 59), 30_000, SIGN_IN_THROTTLE.global)).toBe(0);
    expect(throttleWait(times, 30_000, SIGN_IN_THROTTLE.global)).toBe(30_000);
  });
});

describe('retryPhrase', () => {
  it.each([
    [1, 'try again in 1 second'],
    [40_000, 'try again in 40 seconds'],
    [60_000, 'try again in 60 seconds'],
    [4 * MIN - 1, 'try again in 4 minutes'],
  ])('%d ms: %s', (ms, phrase) => expect(retryPhrase(ms)).toBe(phrase));
});
