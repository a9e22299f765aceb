/**
 * Shared input fields. Every string has a maximum length, every number a range.
 */
import { z } from 'zod';

export const ticketId = z.number().int().min(1).max(2_147_483_647);
export const ticketNumber = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9#-]+$/, 'a ticket number has letters, digits and dashes only')
  .transform((s) => s.replace(/^#/, ''))
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
