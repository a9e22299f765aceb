/**
 * The plain-text path for untrusted helpdesk text: every ticket title, article body, name and error
 * message goes through here before a model sees it.
 *
 * 1. stripCodePoints: invisible, BiDi, zero-width, TAG and control characters, terminal escape sequences
 *    (codepoints.ts), with ZWJ/ZWNJ/variation selectors kept only where they belong;
 * 2. neutralizeMarkdown: images, links, reference definitions, role-word code fences, active inline HTML,
 *    chat-template tokens (markdown.ts).
 *
 * Line breaks become "\n"; tabs stay; NBSP stays as it is (it is visible). Idempotent, linear time, and
 * there is no size or depth past which text passes through unchecked.
 */
import { stripCodePoints } from './codepoints.js';
import { neutralizeMarkdown } from './markdown.js';

export function sanitizeText(input: string): string {
  return neutralizeMarkdown(stripCodePoints(input));
}
