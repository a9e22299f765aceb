/** The shapes the client returns for articles read within limits. */
import { CutString } from './json-plan.js';
import type { Article } from './schemas.js';

/**
 * Present on an article whose body was longer than the client keeps (ZAMMAD_MAX_BODY_CHARS): its
 * `body` is then the raw body's characters `[offset, offset + body.length)` of `total` (UTF-16 code
 * units of the body as Zammad stores it, HTML included). Without it, `body` is the whole body.
 */
export interface BodyWindow {
  offset: number;
  total: number;
}

export type BoundedArticle = Article & {
  body_window?: BodyWindow;
  /** Why the body and attachments were withheld (lockdown, src/privacy/review.ts). */
  withheld?: string;
};

/** What is kept of every article of a ticket read for a page: enough to count, filter and address. */
export interface ArticleHead {
  id: number;
  internal: boolean;
  from: string | null;
  to: string | null;
  cc: string | null;
}

/**
 * Splits a streamed article's body into the text kept and its window: part `part` (the index of
 * the window's range) of a cut body, or the whole body.
 */
export function takeBody(
  raw: Record<string, unknown>,
  part = 0,
): {
  value: Record<string, unknown>;
  window?: BodyWindow;
} {
  const body = raw['body'];
  if (!(body instanceof CutString)) return { value: raw };
  const p = body.parts[part] ?? body.parts[0] ?? { offset: 0, text: '' };
  return { value: { ...raw, body: p.text }, window: { offset: p.offset, total: body.total } };
}
