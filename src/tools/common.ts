/**
 * Helpers tools share: resolving tickets through the scope, turning Zammad's 403/404 on a ticket
 * into one not-found answer, resolving reference names with "valid values are …" errors.
 */
import { UserInputError } from '../errors.js';
import { ticketNotFound, type TicketRef } from '../policy/scope.js';
import type { ToolContext } from './define.js';
import { ZammadError } from '../zammad/errors.js';
import type { NameIndex, NamedRecord } from '../zammad/reference.js';

/** Zammad answers 403 for a ticket the token may not read and 404 for one that does not exist: both are "not found". */
export async function forTicket<T>(ref: TicketRef, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ZammadError && (e.kind === 'not_found' || e.kind === 'forbidden'))
      throw ticketNotFound(ref);
    throw e;
  }
}

/** Resolves a ticket reference to an id in scope. */
export async function resolveTicketId(ref: TicketRef, ctx: ToolContext): Promise<number> {
  return forTicket(ref, () => ctx.scope.ticketId(ref, ctx.signal));
}

export function resolveName<T extends NamedRecord>(index: NameIndex<T>, name: string, field: string): T {
  const hit = index.find(name);
  if (!hit)
    throw new UserInputError(
      `Unknown ${field} "${name}". Valid ${field === 'priority' ? 'priorities' : `${field}s`}: ${index.names().join(', ')}.`,
    );
  return hit;
}
