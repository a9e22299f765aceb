/**
 * Stage 6 of the pipeline for text: sanitized, pseudonymized (MCP_PSEUDONYMIZE: customers'
 * addresses, numbers and names become tokens), cut at the output budget with a note saying so, and
 * framed as untrusted data (a fresh frame per response). Error messages are sanitized too; every
 * result leaving the pipeline passes `shield` (src/server/pipeline.ts) for the rest of its content.
 */
import { createFrame, cut, sanitizeText } from '../content/index.js';
import type { Privacy } from '../privacy/index.js';

export function output(
  text: string,
  budgetChars: number,
  cutNote: string,
  privacy?: Privacy,
): { text: string; cut: boolean } {
  const frame = createFrame();
  const clean = sanitizeText(text);
  const c = cut(privacy ? privacy.text(clean) : clean, budgetChars);
  const body = c.cut ? `${c.text}\n${cutNote}` : c.text;
  return { text: `${frame.note}\n${frame.wrap(body)}`, cut: c.cut };
}

/** An error message: sanitized, not framed (it is our text, with at most Zammad's validation words in it). */
export function cleanMessage(message: string): string {
  return sanitizeText(message);
}
