/**
 * What the human sees before a gated call runs, and how their answer is read.
 *
 * The text comes from the tool's `preview` hook (data the server fetched itself, never the model's
 * narration) and passes through the sanitizer: a ticket title carrying U+202E or a zero-width
 * character reaches the dialog stripped. Every value is flattened to one line and clipped, so text
 * inside a title or body cannot draw extra lines into the dialog ("Decision: approved").
 *
 * The form asks for a deliberate choice, `decision: "confirm" | "cancel"`, not a checkbox. Only
 * accept + "confirm" runs the action; decline, cancel, accept + "cancel", and anything malformed
 * do not.
 */
import { acceptedContent, inputResponse, type ElicitRequestFormParams } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { sanitizeText } from '../content/index.js';
import type { ConfirmationPreview } from './preview.js';

export const DECISIONS = ['confirm', 'cancel'] as const;

/** The accepted content of the confirmation form; extra fields make it invalid. */
export const DecisionSchema = z.strictObject({ decision: z.enum(DECISIONS) });

export const REQUESTED_SCHEMA: ElicitRequestFormParams['requestedSchema'] = {
  type: 'object',
  properties: {
    decision: {
      type: 'string',
      title: 'Decision',
      description: '"confirm" runs the action exactly as shown; "cancel" does not.',
      enum: [...DECISIONS],
    },
  },
  required: ['decision'],
};

/** The outcome of a confirmation question, as the audit log records it. */
export type Answer = 'confirmed' | 'declined' | 'cancelled' | 'invalid';

const ElicitAnswer = z.object({
  action: z.enum(['accept', 'decline', 'cancel']),
  content: z.record(z.string(), z.unknown()).optional(),
});

/** Reads a 2025-era `elicitation/create` result. Anything unexpected is `invalid`. */
export function answerOf(result: unknown): Answer {
  const r = ElicitAnswer.safeParse(result);
  if (!r.success) return 'invalid';
  if (r.data.action === 'decline') return 'declined';
  if (r.data.action === 'cancel') return 'cancelled';
  const d = DecisionSchema.safeParse(r.data.content);
  if (!d.success) return 'invalid';
  return d.data.decision === 'confirm' ? 'confirmed' : 'cancelled';
}

/** Reads the answer a 2026-07-28 retried call carries under `inputResponses.confirm`. */
export function answerOfInputResponses(responses: Record<string, unknown> | undefined): Answer {
  const view = inputResponse(responses, 'confirm');
  if (view.kind !== 'elicit') return 'invalid';
  if (view.action === 'decline') return 'declined';
  if (view.action === 'cancel') return 'cancelled';
  const content = acceptedContent(responses, 'confirm', DecisionSchema);
  if (!content) return 'invalid';
  return content.decision === 'confirm' ? 'confirmed' : 'cancelled';
}

const LIMITS = { summary: 300, label: 60, value: 1000, details: 20, item: 160, items: 200 };

/** The most lines a batch preview may list: a batch that would need more is not confirmable. */
export const MAX_PREVIEW_ITEMS = LIMITS.items;

/** Sanitized, one line per value, clipped: safe to show a human and to put in a token result. */
export function cleanPreview(p: ConfirmationPreview): ConfirmationPreview {
  if (p.items && p.items.length > LIMITS.items)
    throw new RangeError(`a confirmation lists at most ${LIMITS.items} items`);
  return {
    summary: oneLine(p.summary, LIMITS.summary),
    details: p.details
      .slice(0, LIMITS.details)
      .map(([label, value]) => [oneLine(label, LIMITS.label), oneLine(value, LIMITS.value)]),
    ...(p.items ? { items: p.items.map((i) => oneLine(i, LIMITS.item)) } : {}),
  };
}

/** The elicitation message (the human reads it in the client's confirmation dialog). */
export function formMessage(tool: string, p: ConfirmationPreview): string {
  return [
    `Confirm this action (${tool}):`,
    p.summary,
    ...p.details.map(([label, value]) => `• ${label}: ${value}`),
    ...(p.items ?? []).map((i) => `  - ${i}`),
    'Choose "confirm" to run it once, exactly as shown, or "cancel".',
  ].join('\n');
}

/** The preview as plain lines (the fallback shows it to the model, inside the untrusted frame). */
export function previewLines(p: ConfirmationPreview): string {
  return [
    p.summary,
    ...p.details.map(([label, value]) => `${label}: ${value}`),
    ...(p.items ?? []).map((i) => `- ${i}`),
  ].join('\n');
}

function oneLine(text: string, max: number): string {
  const flat = sanitizeText(String(text))
    .replace(/\s*[\r\n]+\s*/g, ' ⏎ ')
    .replace(/[\t ]+/g, ' ')
    .trim();
  const chars = Array.from(flat);
  // Sanitized again after the cut: a cut can leave a joiner or selector with nothing to join.
  return chars.length <= max ? flat : sanitizeText(`${chars.slice(0, max - 1).join('')}…`);
}
