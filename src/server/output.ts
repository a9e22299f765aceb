/**
 * Stage 6 of the pipeline for text: sanitized, cut at the output budget with a note saying so, and
 * framed as untrusted data (a fresh frame per response). Error messages are sanitized too.
 */
import { createFrame, cut, sanitizeText } from '../content/index.js';

export function output(text: string, budgetChars: number, cutNote: string): { text: string; cut: boolean } {
  const frame = createFrame();
  const c = cut(sanitizeText(text), budgetChars);
  const body = c.cut ? `${c.text}\n${cutNote}` : c.text;
  return { text: `${frame.note}\n${frame.wrap(body)}`, cut: c.cut };
}

/** An error message: sanitized, not framed (it is our text, with at most Zammad's validation words in it). */
export function cleanMessage(message: string): string {
  return sanitizeText(message);
}
