/**
 * Ticket reading: search_tickets and get_ticket.
 */
import { z } from 'zod';
import { budgetCharsOf } from './budget.js';
import { forTicket, resolveName, resolveTicketId } from './common.js';
import { defineTool } from './define.js';
import { PAGE_FIELDS, pageHeader } from './render/format.js';
import { validateTicketRef } from '../policy/scope.js';
import { limit, page, query, refName, ticketRef } from './params.js';
import {
  articleOut,
  ArticleOut,
  threadText,
  ticketOut,
  TicketOut,
  ticketRow,
  ticketText,
} from './render/ticket.js';
import { anyOf, combine, isoDate, range, term } from './search-query.js';

const person = z.string().trim().min(1).max(200);

export const searchTickets = defineTool({
  name: 'search_tickets',
  title: 'Search tickets',
  description:
    'Find tickets. `query` is Zammad search syntax (e.g. `printer AND state.name:open`); the other filters match exactly and combine with AND ' +
    "(field filters need Elasticsearch, Zammad's default). One line per ticket: number, id, state, priority, group, owner, customer, last update, title.",
  category: 'tickets',
  risk: 'read',
  input: z.object({
    query: query(500).optional().describe('Zammad search syntax'),
    state: refName.optional(),
    priority: refName.optional(),
    group: refName.optional(),
    owner: person.optional().describe('Login or email, or "me"'),
    customer: person.optional().describe('Login or email'),
    organization: z.string().trim().min(1).max(200).optional(),
    tag: z.string().trim().min(1).max(100).optional(),
    created_after: isoDate.optional(),
    created_before: isoDate.optional(),
    updated_after: isoDate.optional(),
    sort_by: z.enum(['created_at', 'updated_at', 'number']).default('updated_at'),
    order: z.enum(['asc', 'desc']).default('desc'),
    page,
    limit: limit(20, 100),
  }),
  output: z.object({
    tickets: z.array(TicketOut),
    ...PAGE_FIELDS,
  }),
  async handler(a, ctx) {
    const ref = await ctx.zammad.reference.get(ctx.signal);
    let owner = a.owner;
    if (owner?.toLowerCase() === 'me') owner = (await ctx.zammad.me(ctx.signal)).login ?? undefined;
    const q = combine([
      a.query,
      a.state && term('state.name', resolveName(ref.states, a.state, 'state').name),
      a.priority && term('priority.name', resolveName(ref.priorities, a.priority, 'priority').name),
      a.group && term('group.name', resolveName(ref.groups, a.group, 'group').name),
      owner && anyOf(['owner.login', 'owner.email'], owner),
      a.customer && anyOf(['customer.login', 'customer.email'], a.customer),
      a.organization && term('organization.name', a.organization),
      a.tag && term('tags', a.tag),
      a.created_after && range('created_at', '>=', a.created_after),
      a.created_before && range('created_at', '<', a.created_before),
      a.updated_after && range('updated_at', '>=', a.updated_after),
    ]);
    const r = await ctx.zammad.searchTickets(
      { query: q, page: a.page, perPage: a.limit, sortBy: a.sort_by, orderBy: a.order },
      ctx.signal,
    );
    const visible = [];
    for (const t of r.tickets) if (await ctx.scope.allowsGroup(t.group_id, ctx.signal)) visible.push(t);
    const tickets = visible.map((t) => ticketOut(t, { ref }));
    // Under a group scope Zammad's total counts tickets we may not show.
    const total = ctx.scope.restricted ? undefined : r.total;
    const { head, meta } = pageHeader({
      noun: 'Tickets',
      page: a.page,
      limit: a.limit,
      fetched: r.tickets.length,
      shown: tickets.length,
      total,
    });
    return {
      text: [head, ...tickets.map(ticketRow)].join('\n'),
      structured: { tickets, ...meta },
    };
  },
});

export const getTicket = defineTool({
  name: 'get_ticket',
  title: 'Get a ticket',
  description:
    'A ticket (state, priority, group, owner, customer, organization, pending and escalation times, tags, custom fields) with its latest articles, oldest first. ' +
    'Give `ticket_id` (internal id) or `ticket_number` (shown in Zammad). Quoted history in replies is omitted; get_ticket_article shows a full body.',
  category: 'tickets',
  risk: 'read',
  input: z.object({
    ...ticketRef,
    articles: z.number().int().min(0).max(50).default(10).describe('Latest N articles (0: none)'),
    include_internal: z.boolean().default(true).describe('Include internal notes'),
  }),
  output: z.object({ ticket: TicketOut, articles: z.array(ArticleOut), articles_total: z.number() }),
  async handler(a, ctx) {
    const r = { ticket_id: a.ticket_id, ticket_number: a.ticket_number };
    validateTicketRef(r);
    // By id the bundle request itself answers (and the scope is checked on its ticket): one request.
    const id = a.ticket_number !== undefined ? await resolveTicketId(r, ctx) : (a.ticket_id as number);
    const [bundle, ref] = await Promise.all([
      forTicket(r, () => ctx.zammad.ticketBundle(id, ctx.signal)),
      ctx.zammad.reference.get(ctx.signal),
    ]);
    await ctx.scope.checkTicket(bundle.ticket, r, ctx.signal);
    const all = bundle.articles.filter((x) => a.include_internal || !x.internal);
    const latest = a.articles === 0 ? [] : all.slice(-a.articles);
    const budget = budgetCharsOf(ctx);
    const perBody = Math.max(400, Math.floor((budget * 0.85) / Math.max(1, latest.length)) - 200);
    const articles = latest.map((x) =>
      articleOut(x, { maxBodyChars: perBody, dropQuotes: true, assets: bundle.assets }),
    );
    const ticket = ticketOut(bundle.ticket, { ref, assets: bundle.assets }, bundle.tags);
    const shown =
      all.length === 0
        ? 'No articles.'
        : latest.length < all.length
          ? `Articles: latest ${latest.length} of ${all.length} (older: list_ticket_articles)`
          : `Articles: ${all.length}`;
    return {
      text: [ticketText(ticket), shown, ...threadText(articles, ticket.title)].join('\n'),
      structured: { ticket, articles, articles_total: all.length },
    };
  },
});
