/**
 * The domain errors handlers throw. src/server/error-map.ts is the one place that turns them (and
 * Zammad's errors) into what the model sees.
 */
import { randomBytes } from 'node:crypto';

/** The caller's input is wrong: the message says which field and what is allowed. */
export class UserInputError extends Error {
  override readonly name = 'UserInputError';
}

/** Something the caller asked for does not exist (or is out of scope, which must look the same). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The server's own policy refused the call. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

/** A short random id: a tool call's audit id, which is also the `ref` of its error. */
export function newRef(): string {
  return randomBytes(4).toString('hex');
}
