/**
 * Fetching the ticket a caller named, through the scope, in one request: for tools whose own
 * Zammad endpoint does not check access to the ticket (tags) or that need the ticket anyway.
 */
import { ticketNotFound, validateTicketRef, type TicketRef } from '../policy/scope.js';
import type { Ticket } from '../zammad/schemas.js';
import { forTicket } from './common.js';
import type { ToolContext } from './define.js';

/** The ticket, or "Ticket X not found" when Zammad hides it, it does not exist, or it is out of scope. One request. */
export async function fetchTicket(ref: TicketRef, ctx: ToolContext): Promise<Ticket> {
  validateTicketRef(ref);
  let ticket: Ticket | undefined;
  if (ref.ticket_number !== undefined) {
    const number = ref.ticket_number;
    ticket = await forTicket(ref, () => ctx.zammad.ticketByNumber(number, ctx.signal));
    if (!ticket) throw ticketNotFound(ref);
  } else {
    const id = ref.ticket_id as number;
    ticket = await forTicket(ref, () => ctx.zammad.ticket(id, ctx.signal));
  }
  await ctx.scope.checkTicket(ticket, ref, ctx.signal);
  return ticket;
}

/** `{ticket_id, ticket_number}` from tool args, as the scope wants it. */
export function refOf(a: { ticket_id?: number | undefined; ticket_number?: string | undefined }): TicketRef {
  return { ticket_id: a.ticket_id, ticket_number: a.ticket_number };
}
