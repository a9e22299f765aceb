/**
 * GET /ticket_overviews and ?view=<link> (ticket_overviews_controller.rb, Ticket::Overviews.index),
 * with Zammad's seeded overviews (db/seeds/overviews.rb): each its own condition and order, at most
 * `ui_ticket_overview_ticket_limit` (2000) tickets with the count of all. An unknown view is no
 * error in Zammad: `{"assets":{},"index":{}}`.
 */
import { readableTickets, userOrganizationIds } from '../access.js';
import { can, type Principal } from '../auth.js';
import { INSTALLED_AT } from '../clock.js';
import { json, me, str, type Ctx, type Reply } from '../http.js';
import type { Route } from '../server.js';
import type { SandboxStore } from '../store.js';
import type { TicketRecord } from '../types.js';
import { assetsFor } from './ticket-render.js';

type Overview = {
  id: number;
  name: string;
  link: string;
  prio: number;
  role: 'agent' | 'customer';
  /** The overview's `order`: created_at ascending unless it says otherwise. */
  order?: { by: 'created_at' | 'escalation_at'; desc: boolean };
  match: (store: SandboxStore, p: Principal, t: TicketRecord, now: number) => boolean;
};

const OPEN = [1, 2, 3, 6];
const reached = (t: TicketRecord, now: number) =>
  t.pending_time !== null && Date.parse(t.pending_time) <= now;

const OVERVIEWS: Overview[] = [
  {
    id: 1,
    name: 'My Assigned Tickets',
    link: 'my_assigned',
    prio: 1000,
    role: 'agent',
    match: (_s, p, t) => t.owner_id === p.user.id && OPEN.includes(t.state_id),
  },
  {
    id: 2,
    name: 'Unassigned & Open Tickets',
    link: 'all_unassigned',
    prio: 1010,
    role: 'agent',
    match: (_s, _p, t) => t.owner_id === 1 && [1, 2].includes(t.state_id),
  },
  {
    id: 3,
    name: 'My Pending Reached Tickets',
    link: 'my_pending_reached',
    prio: 1020,
    role: 'agent',
    match: (_s, p, t, now) => t.owner_id === p.user.id && t.state_id === 3 && reached(t, now),
  },
  {
    id: 4,
    name: 'My Subscribed Tickets',
    link: 'my_subscribed_tickets',
    prio: 1025,
    role: 'agent',
    match: (s, p, t) =>
      [...s.mentions.values()].some((m) => m.mentionable_id === t.id && m.user_id === p.user.id),
  },
  {
    id: 5,
    name: 'Open Tickets',
    link: 'all_open',
    prio: 1030,
    role: 'agent',
    match: (_s, _p, t) => OPEN.includes(t.state_id),
  },
  {
    id: 6,
    name: 'Pending Reached Tickets',
    link: 'all_pending_reached',
    prio: 1040,
    role: 'agent',
    match: (_s, _p, t, now) => t.state_id === 3 && reached(t, now),
  },
  {
    id: 7,
    name: 'Escalated Tickets',
    link: 'all_escalated',
    prio: 1050,
    role: 'agent',
    order: { by: 'escalation_at', desc: false },
    // 'ticket.escalation_at' till (relative) 10 minutes
    match: (_s, _p, t, now) => t.escalation_at !== null && Date.parse(t.escalation_at) <= now + 10 * 60_000,
  },
  {
    id: 8,
    name: 'My Replacement Tickets',
    link: 'my_replacement_tickets',
    prio: 1080,
    role: 'agent',
    order: { by: 'created_at', desc: true },
    match: () => false,
  },
  {
    id: 9,
    name: 'My Tickets',
    link: 'my_tickets',
    prio: 1100,
    role: 'customer',
    order: { by: 'created_at', desc: true },
    match: (_s, p, t) => t.customer_id === p.user.id,
  },
  {
    id: 10,
    name: 'My Organization Tickets',
    link: 'my_organization_tickets',
    prio: 1200,
    role: 'customer',
    order: { by: 'created_at', desc: true },
    match: (s, p, t) =>
      t.organization_id !== null && userOrganizationIds(s, p.user).includes(t.organization_id),
  },
];

function visibleOverviews(store: SandboxStore, p: Principal): Overview[] {
  const agent = can(store, p, 'ticket.agent');
  const customer = can(store, p, 'ticket.customer');
  return OVERVIEWS.filter((o) => (o.role === 'agent' ? agent : customer && !agent));
}

/** Ticket::Overviews.index: `.limit(Setting.get('ui_ticket_overview_ticket_limit'))`. */
const TICKET_LIMIT = 2000;

function ticketsOf(ctx: Ctx, p: Principal, o: Overview): TicketRecord[] {
  const now = ctx.store.clock.peekMs();
  const { by, desc } = o.order ?? { by: 'created_at', desc: false };
  const key = (t: TicketRecord): number => {
    const v = t[by];
    return v === null ? Number.POSITIVE_INFINITY : Date.parse(v);
  };
  return readableTickets(ctx.store, p)
    .filter((t) => o.match(ctx.store, p, t, now))
    .sort((a, b) => {
      const d = (key(a) - key(b)) * (desc ? -1 : 1);
      return d !== 0 && !Number.isNaN(d) ? d : a.id - b.id;
    });
}

function overviews(ctx: Ctx): Reply {
  const p = me(ctx);
  const list = visibleOverviews(ctx.store, p);
  const view = str(ctx.input['view']);
  if (view === undefined) {
    return json(
      list.map((o) => ({
        id: o.id,
        name: o.name,
        prio: o.prio,
        link: o.link,
        count: ticketsOf(ctx, p, o).length,
      })),
    );
  }
  const o = list.find((x) => x.link === view);
  if (!o) return json({ assets: {}, index: {} });
  const tickets = ticketsOf(ctx, p, o);
  const shown = tickets.slice(0, TICKET_LIMIT);
  const assets = assetsFor(ctx);
  shown.forEach((t) => assets.ticket(t));
  return json({
    assets: assets.data,
    index: {
      overview: { name: o.name, id: o.id, view: o.link, updated_at: INSTALLED_AT },
      tickets: shown.map((t) => ({ id: t.id, updated_at: t.updated_at })),
      count: tickets.length,
    },
  });
}

export const overviewRoutes: Route[] = [{ method: 'GET', path: '/ticket_overviews', handler: overviews }];
