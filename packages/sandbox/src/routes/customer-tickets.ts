/**
 * A customer's tickets and a ticket's relatives, as tickets_controller.rb serves them:
 * - GET /ticket_customer?customer_id= (Ticket::ScreenOptions.list_by_customer): the 15 newest open
 *   and 15 newest closed tickets the caller may read; `ticket.agent` only.
 * - GET /ticket_related/:ticket_id: the ticket must exist (404), but Zammad checks no access to it;
 *   up to 6 other open tickets of its customer that the caller may read, newest first (the
 *   fallback to any non-merged ticket never runs since 6.0: `tickets ||=` on a relation), and the
 *   caller's recently viewed tickets (none in the sandbox); `ticket.agent` only.
 * - GET /ticket_stats?user_id= (TicketStats): up to 100 open and 100 closed tickets of the user by
 *   Ticket.search (most recently updated first), their assets, and 12 months of volume; any
 *   authenticated caller, rows limited to what it may read; an unknown user is a 500 ("No such user").
 */
import { readableTickets } from '../access.js';
import { requireAny } from '../auth.js';
import { masked } from '../errors.js';
import { find, idParam, json, me, str, toI, type Ctx, type Reply } from '../http.js';
import type { Route } from '../server.js';
import type { Json, TicketRecord } from '../types.js';
import { assetsFor } from './ticket-render.js';

/** Ticket::State.by_category: open = new, open, pending reminder, pending action; closed; merged. */
export const OPEN_STATE_IDS = [1, 2, 3, 6];
export const CLOSED_STATE_IDS = [4];

const newestFirst = (a: TicketRecord, b: TicketRecord): number =>
  a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1;
const recentlyUpdated = (a: TicketRecord, b: TicketRecord): number =>
  a.updated_at === b.updated_at ? b.id - a.id : a.updated_at < b.updated_at ? 1 : -1;

/** Controllers::TicketsControllerPolicy: `permit! %i[ticket_customer … ticket_related …], to: 'ticket.agent'`. */
function agentOnly(ctx: Ctx): void {
  requireAny(ctx.store, me(ctx), ['ticket.agent']);
}

function ticketCustomer(ctx: Ctx): Reply {
  agentOnly(ctx);
  const customerId = toI(str(ctx.input['customer_id']) ?? '');
  const mine = readableTickets(ctx.store, me(ctx))
    .filter((t) => t.customer_id === customerId)
    .sort(newestFirst);
  const open = mine.filter((t) => OPEN_STATE_IDS.includes(t.state_id)).slice(0, 15);
  const closed = mine.filter((t) => CLOSED_STATE_IDS.includes(t.state_id)).slice(0, 15);
  const assets = assetsFor(ctx);
  [...open, ...closed].forEach((t) => assets.ticket(t));
  return json({
    ticket_ids_open: open.map((t) => t.id),
    ticket_ids_closed: closed.map((t) => t.id),
    assets: assets.data,
  });
}

function ticketRelated(ctx: Ctx): Reply {
  agentOnly(ctx);
  const ticket = find(ctx.store.tickets, idParam(ctx, 'ticket_id', 'Ticket'), 'Ticket');
  const assets = assetsFor(ctx);
  assets.ticket(ticket);
  const related = readableTickets(ctx.store, me(ctx))
    .filter(
      (t) =>
        t.customer_id === ticket.customer_id && OPEN_STATE_IDS.includes(t.state_id) && t.id !== ticket.id,
    )
    .sort(newestFirst)
    .slice(0, 6);
  related.forEach((t) => assets.ticket(t));
  return json({
    assets: assets.data,
    ticket_ids_by_customer: related.map((t) => t.id),
    ticket_ids_recent_viewed: [],
  });
}

function ticketStats(ctx: Ctx): Reply {
  const p = me(ctx);
  const userId = str(ctx.input['user_id']);
  if (userId === undefined && str(ctx.input['organization_id']) === undefined)
    throw masked(422, 'Need user_id or organization_id as param');
  const assets = assetsFor(ctx);
  const user: Record<string, Json> = {};
  if (userId !== undefined) {
    const u = ctx.store.user(toI(userId));
    if (!u) throw masked(500, `No such user with id ${userId}`);
    const theirs = readableTickets(ctx.store, p).filter((t) => t.customer_id === u.id);
    const pick = (states: number[]): number[] => {
      const list = theirs
        .filter((t) => states.includes(t.state_id))
        .sort(recentlyUpdated)
        .slice(0, 100);
      list.forEach((t) => assets.ticket(t));
      return list.map((t) => t.id);
    };
    user['closed_ids'] = pick(CLOSED_STATE_IDS);
    user['open_ids'] = pick(OPEN_STATE_IDS);
    user['volume_by_year'] = volumeByYear(ctx, theirs);
  }
  return json({ user, organization: {}, assets: assets.data });
}

function volumeByYear(ctx: Ctx, tickets: TicketRecord[]): Json[] {
  const now = new Date(ctx.store.clock.peekMs());
  const out: Json[] = [];
  for (let back = 0; back < 12; back++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    const inMonth = (iso: string | null): boolean => {
      if (iso === null) return false;
      const x = new Date(iso);
      return x.getUTCFullYear() === y && x.getUTCMonth() === m;
    };
    out.push({
      month: m + 1,
      year: y,
      text: d.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' }),
      created: tickets.filter((t) => inMonth(t.created_at)).length,
      closed: tickets.filter((t) => inMonth(t.close_at)).length,
    });
  }
  return out;
}

export const customerTicketRoutes: Route[] = [
  { method: 'GET', path: '/ticket_customer', handler: ticketCustomer },
  { method: 'GET', path: '/tickets_customer', handler: ticketCustomer },
  { method: 'GET', path: '/ticket_related/:ticket_id', handler: ticketRelated },
  { method: 'GET', path: '/ticket_stats', handler: ticketStats },
];
