/**
 * The one place that turns an error into what the model sees. Domain errors (input, not found,
 * policy) say what was wrong and what is allowed. A Zammad error first gets the meaning the tool
 * declared for it (`errors` on the declaration); otherwise only validation and conflict answers
 * carry Zammad's own words (they say what to fix), every other kind a safe category, the host and
 * the request. Everything is masked (every configured secret, in any case or cut short) and every
 * Zammad error is logged with its detail under the call id the model sees as "ref".
 */
import { NotFoundError, PolicyError, UserInputError } from '../errors.js';
import type { Config } from '../config/index.js';
import { redact, type Logger } from '../log.js';
import type { AnyTool } from '../tools/define.js';
import { isHidden, ZammadError } from '../zammad/errors.js';

export interface SafeError {
  message: string;
  kind: string;
  ref?: string;
}

/** Zammad's text this long or longer is cut out of a message that should not carry it. */
const MIN_LEAK = 12;

/** Zammad kinds whose message may carry Zammad's own text: it tells the model what to fix. */
const TELLS_WHAT_TO_FIX = new Set(['validation', 'conflict']);

export interface Meaning {
  tool?: AnyTool;
  args?: unknown;
  entities?: Record<string, unknown>;
  config?: Readonly<Config>;
  /** The not-found of a ticket whose access the handler's own request checks (src/server/entities.ts). */
  hiddenRef?: Error | undefined;
}

/**
 * What a failure means for this tool: the error its declaration gives for a Zammad failure of this
 * kind, the not-found of a `ref` ticket for a hidden answer, or the error itself.
 */
export function meaningOf(e: unknown, m: Meaning): unknown {
  if (!(e instanceof ZammadError)) return e;
  const meanings = m.tool?.errors as
    | Partial<Record<string, (e: ZammadError, a: unknown, en: unknown, c: unknown) => Error | undefined>>
    | undefined;
  const own = meanings?.[e.kind] ?? (isHidden(e) ? meanings?.['hidden'] : undefined);
  return own?.(e, m.args, m.entities ?? {}, m.config) ?? (isHidden(e) ? m.hiddenRef : undefined) ?? e;
}

/** `ref`: the call id, in the audit event and in the message of a Zammad or internal error. */
export function toSafeError(e: unknown, log: Logger, tool: string, ref: string): SafeError {
  if (e instanceof ZammadError) {
    log.warn('zammad error', { tool, ref, kind: e.kind, status: e.status, detail: e.detail });
    // Zammad's words (kept in `detail`) stay out of every other kind, whoever built the message.
    // A short detail ("not JSON") is a word of ours, not Zammad's text: only a longer one is cut out,
    // so a message that merely contains a few common words stays whole.
    const leaked = !TELLS_WHAT_TO_FIX.has(e.kind) && e.detail !== undefined && e.detail.length >= MIN_LEAK;
    const text = leaked ? e.message.split(e.detail as string).join('(see log)') : e.message;
    return { kind: e.kind, message: `${redact(text)} (ref ${ref})`, ref };
  }
  if (e instanceof UserInputError) return { kind: 'input', message: redact(e.message) };
  if (e instanceof NotFoundError) return { kind: 'not_found', message: redact(e.message) };
  if (e instanceof PolicyError) return { kind: 'policy', message: redact(e.message) };
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
