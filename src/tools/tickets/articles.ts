/**
 * Reading a ticket's conversation: list_ticket_articles (a page at a time) and get_ticket_article
 * (one full body, continued by offset).
 */
import { z } from 'zod';
import { UserInputError } from '../../errors.js';
import { budgetCharsOf } from '../budget.js';
import { defineTool } from '../define.js';
import { article, ticket } from '../entities.js';
import { recordId, ticketRef } from '../params.js';
import { articleBodyText, articleOut, ArticleOut, articleText } from '../render/ticket.js';

export const listTicketArticles = defineTool({
  name: 'list_ticket_articles',
  title: 'List ticket articles',
  description:
    "A ticket's articles, a page at a time (long bodies cut, quoted history omitted; get_ticket_article has the full text).",
  category: 'tickets',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({
    ...ticketRef,
    offset: z.number().int().min(0).max(100_000).default(0),
    limit: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(10)
      .describe('Articles to return (default 10, at most 50)'),
    order: z.enum(['oldest', 'newest']).default('oldest'),
    include_internal: z.boolean().default(true),
  }),
  output: z.object({
    ticket_id: z.number(),
    articles: z.array(ArticleOut),
    total: z.number(),
    offset: z.number(),
    next_offset: z.number().optional(),
  }),
  entities: { ticket: ticket('ref') },
  // 1 request by ticket_id (GET /ticket_articles/by_ticket/{id}, which checks access); +1 by number or under a group scope.
  async handler(a, ctx, { ticket: { id } }) {
    // Only this page's articles are kept while Zammad's answer is read (bodies of the others skipped).
    const r = await ctx.zammad.ticketArticlesPage(
      id,
      { offset: a.offset, limit: a.limit, order: a.order, includeInternal: a.include_internal },
      ctx.signal,
    );
    const page = r.articles;
    const budget = budgetCharsOf(ctx);
    const perBody = Math.max(400, Math.floor((budget * 0.85) / Math.max(1, page.length)) - 200);
    const articles = page.map((x) => articleOut(x, { maxBodyChars: perBody, dropQuotes: true }));
    const next = a.offset + page.length < r.total ? a.offset + page.length : undefined;
    const head =
      r.total === 0
        ? `Ticket ${id} has no articles${a.include_internal ? '' : ' other than internal notes'}.`
        : page.length === 0
          ? `No articles at offset ${a.offset}: ticket ${id} has ${r.total}.`
          : `Articles ${a.offset + 1}–${a.offset + page.length} of ${r.total} of ticket ${id}, ${a.order} first${next !== undefined ? ` (more: offset=${next})` : ''}`;
    return {
      text: [head, ...articles.map((x) => articleText(x))].join('\n'),
      structured: {
        ticket_id: id,
        articles,
        total: r.total,
        offset: a.offset,
        ...(next !== undefined ? { next_offset: next } : {}),
      },
    };
  },
});

export const getTicketArticle = defineTool({
  name: 'get_ticket_article',
  title: 'Get an article',
  description: 'One article: its full body (continue a cut one with `offset`), headers and attachments.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({
    article_id: recordId('Article'),
    offset: z
      .number()
      .int()
      .min(0)
      .max(10_000_000)
      .default(0)
      .describe('Character offset in the body, to continue a cut body'),
  }),
  output: z.object({ article: ArticleOut }),
  // A body longer than ZAMMAD_MAX_BODY_CHARS is read from `offset` (characters as stored) and only
  // the part shown is kept; a shorter one is read whole and `offset` counts characters of its text.
  entities: { article: article('article_id', { offset: 'offset' }) },
  // 1 request (GET /ticket_articles/{id}); 2 under a group scope.
  async handler(a, ctx, { article: art }) {
    const w = art.body_window;
    const length = w ? w.total : articleBodyText(art).length;
    if (a.offset > 0 && a.offset >= length) {
      throw new UserInputError(
        `offset ${a.offset} is past the end of article ${a.article_id}, whose body has ${length} characters.`,
      );
    }
    const maxBodyChars = Math.max(1000, budgetCharsOf(ctx) - 1000);
    const article = articleOut(art, { maxBodyChars, ...(w ? {} : { offset: a.offset }) });
    return { text: `Ticket ${art.ticket_id}\n${articleText(article)}`, structured: { article } };
  },
});
