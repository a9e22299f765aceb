/**
 * Zammad's error taxonomy (handles_errors.rb): a human message gives
 * `{"error": m, "error_human": m}`; an unexpected error is shown raw to admins and
 * masked as `Error ID …: Please contact your administrator.` to everyone else.
 */
import { createHash } from 'node:crypto';
import type { Json } from './types.js';

export type ErrorKind =
  /** `{error, error_human}` — known, human-readable failures. */
  | 'human'
  /** Raw message for admins, masked `Error ID` for others (500s, DB errors). */
  | 'masked'
  /** A literal body, e.g. `{"error":true,"ticket_id":2}`. */
  | 'body';

export class HttpError extends Error {
  readonly status: number;
  readonly kind: ErrorKind;
  readonly body: Json | undefined;

  constructor(status: number, message: string, kind: ErrorKind = 'human', body?: Json) {
    super(message);
    this.status = status;
    this.kind = kind;
    this.body = body;
  }
}

export const notFound = (model: string, id: string | number): HttpError =>
  new HttpError(404, `Couldn't find ${model} with 'id'=${id}`);

export const notAuthorized = (): HttpError => new HttpError(403, 'Not authorized');

export const unprocessable = (message: string): HttpError => new HttpError(422, message);

export const masked = (status: number, rawMessage: string): HttpError =>
  new HttpError(status, rawMessage, 'masked');

export const literal = (status: number, body: Json): HttpError =>
  new HttpError(status, typeof body === 'string' ? body : JSON.stringify(body), 'body', body);

/** Deterministic stand-in for SecureRandom.urlsafe_base64(6): 8 url-safe characters. */
export function errorId(seed: number, counter: number): string {
  return createHash('sha256').update(`${seed}:${counter}`).digest('base64url').slice(0, 8);
}

export function errorBody(err: HttpError, isAdmin: boolean, id: () => string): Json {
  switch (err.kind) {
    case 'body':
      return err.body ?? null;
    case 'masked':
      return isAdmin
        ? { error: err.message }
        : { error: `Error ID ${id()}: Please contact your administrator.` };
    default:
      return { error: err.message, error_human: err.message };
  }
}
