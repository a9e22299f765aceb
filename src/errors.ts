/**
 * Errors that become tool results. One place maps every error to a message that is safe to show
 * the model (no token, no URL query, no stack, no raw Zammad body); details go to the log under a reference id.
 */
import { randomBytes } from 'node:crypto';
import { redact, type Logger } from './log.js';
import { ZammadError } from './zammad/errors.js';

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

export interface SafeError {
  message: string;
  kind: string;
  ref?: string;
}

/** A short random id: a tool call's audit id, which is also the `ref` of its error. */
export function newRef(): string {
  return randomBytes(4).toString('hex');
}

/** `ref`: the id the model sees and the log records (the tool call's audit id, when there is one). */
export function toSafeError(e: unknown, log: Logger, tool: string, ref: string = newRef()): SafeError {
  if (e instanceof UserInputError) return { kind: 'input', message: redact(e.message) };
  if (e instanceof NotFoundError) return { kind: 'not_found', message: redact(e.message) };
  if (e instanceof PolicyError) return { kind: 'policy', message: redact(e.message) };
  if (e instanceof ZammadError) {
    log.warn('zammad error', { tool, ref, kind: e.kind, status: e.status, detail: e.detail });
    return { kind: e.kind, message: `${redact(e.message)} (ref ${ref})`, ref };
  }
  log.error('internal error', {
    tool,
    ref,
    error: e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : String(e),
  });
  return {
    kind: 'internal',
    message: `Internal error in ${tool} (ref ${ref}). The server log has the details.`,
    ref,
  };
}
