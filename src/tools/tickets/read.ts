/**
 * get_ticket: a ticket with its latest articles (the bundle the pipeline loaded through the scope).
 */
import { z } from 'zod';
import { budgetCharsOf } from '../budget.js';
import { defineTool } from '../define.js';
import { ticket } from '../entities.js';
import { ticketRef } from '../params.js';
import { articleOut, ArticleOut, threadText, ticketOut, TicketOut, ticketText } from '../render/ticket.js';

export const getTicket = defineTool({
  name: 'get_ticket',
  title: 'Get a ticket',
  description:
    "A ticket's details and latest articles, oldest first (quoted history omitted; get_ticket_article has a full body).",
  category: 'tickets',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({
    ...ticketRef,
    articles: z.number().int().min(0).max(50).default(10).describe('Latest N articles (0: none)'),
    include_internal: z.boolean().default(true),
  }),
  output: z.object({ ticket: TicketOut, articles: z.array(ArticleOut), articles_total: z.number() }),
  // Only the latest `articles` visible ones are kept while Zammad's answer is read.
  entities: {
    ticket: ticket('bundle', (a) => ({
      articles: a.articles as number,
      includeInternal: a.include_internal as boolean,
    })),
  },
  // 1 request by ticket_id (GET /tickets/{id}?all=true); +1 by number or under a group scope.
  async handler(a, ctx, { ticket: bundle }) {
    const ref = await ctx.zammad.reference.get(ctx.signal);
    const total = bundle.articlesTotal;
    const latest = a.articles === 0 ? [] : bundle.articles;
    const budget = budgetCharsOf(ctx);
    const perBody = Math.max(400, Math.floor((budget * 0.85) / Math.max(1, latest.length)) - 200);
    const articles = latest.map((x) =>
      articleOut(x, { maxBodyChars: perBody, dropQuotes: true, assets: bundle.assets }),
    );
    const ticket = ticketOut(bundle.ticket, { ref, assets: bundle.assets }, bundle.tags);
    const shown =
      total === 0
        ? 'No articles.'
        : latest.length < total
          ? `Articles: latest ${latest.length} of ${total} (older: list_ticket_articles)`
          : `Articles: ${total}`;
    return {
      text: [ticketText(ticket), shown, ...threadText(articles, ticket.title)].join('\n'),
      structured: { ticket, articles, articles_total: total },
    };
  },
});
