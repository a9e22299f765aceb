/**
 * Shared input fields. Every string has a maximum length, every number a range.
 */
import { z } from 'zod';

export const ticketId = z.number().int().min(1).max(2_147_483_647);
/** A ticket number as text (prompt arguments, which are always strings). */
export const ticketNumberText = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9#-]+$/, 'a ticket number has letters, digits and dashes only')
  .transform((s) => s.replace(/^#/, ''));

/**
 * A ticket number in a tool's input. Ticket numbers look like numbers, and models commonly send
 * them as one (`"ticket_number": 31081`): a whole number is accepted and read as its digits. The
 * schema says so (string or integer), so no client is surprised.
 */
export const ticketNumber = z
  .union([ticketNumberText, z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).transform(String)])
  .describe('e.g. "31001"');

/** `ticket_id` or `ticket_number` (exactly one is required; checked by the scope). */
export const ticketRef = {
  ticket_id: ticketId.optional(),
  ticket_number: ticketNumber.optional(),
};

export const recordId = (what: string) => z.number().int().min(1).max(2_147_483_647).describe(`${what} id`);

export const page = z.number().int().min(1).max(1000).default(1);
export const limit = (def = 20, max = 100) => z.number().int().min(1).max(max).default(def);

export const query = (max = 500) => z.string().trim().min(1).max(max);

/** Names of groups/states/priorities: resolved case-insensitively through the cache. */
export const refName = z.string().trim().min(1).max(160);
