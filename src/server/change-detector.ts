/**
 * When does a poll mean "the resource changed"? Pure: the previous state and one poll's outcome in,
 * the next state and whether to notify out. A resource's state is a fingerprint of the cheap facts
 * that reveal a change (ids, `updated_at`, deadlines), or `hidden` when the subscriber may not read
 * it (gone, or out of its scope). Only a change between two readable fingerprints, or the resource
 * becoming readable again, notifies: becoming hidden says nothing (the next read answers "not
 * found" anyway), and a failed poll never notifies and keeps the last known state.
 */

export const HIDDEN = 'hidden';

export type PollOutcome = { ok: true; fingerprint: string } | { ok: false };

export interface DetectorState {
  /** Undefined until the first successful poll (the baseline). */
  fingerprint: string | undefined;
  /** Failed polls in a row (the back-off grows with them). */
  failures: number;
}

export const INITIAL: DetectorState = { fingerprint: undefined, failures: 0 };

export function detect(prev: DetectorState, outcome: PollOutcome): { next: DetectorState; notify: boolean } {
  if (!outcome.ok)
    return { next: { fingerprint: prev.fingerprint, failures: prev.failures + 1 }, notify: false };
  const fp = outcome.fingerprint;
  const notify = prev.fingerprint !== undefined && fp !== prev.fingerprint && fp !== HIDDEN;
  return { next: { fingerprint: fp, failures: 0 }, notify };
}

/** The wait before the next poll: the interval, doubled per failure in a row, at most 8 times it. */
export function nextDelay(intervalMs: number, failures: number): number {
  return intervalMs * Math.min(8, 2 ** Math.min(failures, 3));
}
