/**
 * Articles: list_ticket_articles, get_ticket_article, download_attachment.
 */
import { z } from 'zod';
import { htmlToText } from '../content/index.js';
import { NotFoundError, PolicyError, UserInputError } from '../errors.js';
import type { Article, Attachment } from '../zammad/schemas.js';
import { ZammadError } from '../zammad/errors.js';
import { budgetCharsOf } from './budget.js';
import { forTicket, resolveTicketId } from './common.js';
import { defineTool, type ExtraContent, type ToolContext } from './define.js';
import { recordId, ticketId, ticketRef } from './params.js';
import { cut } from './render/format.js';
import { articleBodyText, articleOut, ArticleOut, articleText, fmtSize } from './render/ticket.js';
import { refOf } from './ticket-access.js';

export const listTicketArticles = defineTool({
  name: 'list_ticket_articles',
  title: 'List ticket articles',
  description:
    'Articles (emails, notes, calls, web messages) of a ticket, a page at a time, oldest or newest first. Quoted history in replies is omitted and long bodies are cut; get_ticket_article has the full text.',
  category: 'tickets',
  risk: 'read',
  input: z.object({
    ...ticketRef,
    offset: z.number().int().min(0).max(100_000).default(0).describe('Articles to skip'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(10)
      .describe('Articles to return (default 10, at most 50)'),
    order: z.enum(['oldest', 'newest']).default('oldest'),
    include_internal: z.boolean().default(true).describe('Include internal notes'),
  }),
  output: z.object({
    ticket_id: z.number(),
    articles: z.array(ArticleOut),
    total: z.number(),
    offset: z.number(),
    next_offset: z.number().optional(),
  }),
  // 1 request by ticket_id (GET /ticket_articles/by_ticket/{id}, which checks access); +1 by number or under a group scope.
  async handler(a, ctx) {
    const ref = refOf(a);
    const id = await resolveTicketId(ref, ctx);
    const all = await forTicket(ref, () => ctx.zammad.articles(id, ctx.signal));
    const visible = all.filter((x) => a.include_internal || !x.internal);
    const ordered = a.order === 'newest' ? [...visible].reverse() : visible;
    const page = ordered.slice(a.offset, a.offset + a.limit);
    const budget = budgetCharsOf(ctx);
    const perBody = Math.max(400, Math.floor((budget * 0.85) / Math.max(1, page.length)) - 200);
    const articles = page.map((x) => articleOut(x, { maxBodyChars: perBody, dropQuotes: true }));
    const next = a.offset + page.length < ordered.length ? a.offset + page.length : undefined;
    const head =
      ordered.length === 0
        ? `Ticket ${id} has no articles${a.include_internal ? '' : ' other than internal notes'}.`
        : page.length === 0
          ? `No articles at offset ${a.offset}: ticket ${id} has ${ordered.length}.`
          : `Articles ${a.offset + 1}–${a.offset + page.length} of ${ordered.length} of ticket ${id}, ${a.order} first${next !== undefined ? ` (more: offset=${next})` : ''}`;
    return {
      text: [head, ...articles.map((x) => articleText(x))].join('\n'),
      structured: {
        ticket_id: id,
        articles,
        total: ordered.length,
        offset: a.offset,
        ...(next !== undefined ? { next_offset: next } : {}),
      },
    };
  },
});

function articleNotFound(articleId: number, ticketId?: number): NotFoundError {
  return new NotFoundError(
    `Article ${articleId} not found${ticketId !== undefined ? ` on ticket ${ticketId}` : ''}.`,
  );
}

/**
 * The article, checked against the group scope; hidden, missing and out-of-scope articles all answer
 * the same not-found. 1 request; 2 under a group scope (its ticket, for the group).
 */
async function fetchArticle(articleId: number, ctx: ToolContext, ticketId?: number): Promise<Article> {
  const notFound = (): NotFoundError => articleNotFound(articleId, ticketId);
  const hidden = (e: unknown): boolean =>
    e instanceof ZammadError && (e.kind === 'not_found' || e.kind === 'forbidden');
  let art: Article;
  try {
    art = await ctx.zammad.article(articleId, ctx.signal);
  } catch (e) {
    throw hidden(e) ? notFound() : e;
  }
  if (ticketId !== undefined && art.ticket_id !== ticketId) throw notFound();
  if (ctx.scope.restricted) {
    let groupId: number | null | undefined;
    try {
      groupId = (await ctx.zammad.ticket(art.ticket_id, ctx.signal)).group_id;
    } catch (e) {
      throw hidden(e) ? notFound() : e;
    }
    if (!(await ctx.scope.allowsGroup(groupId, ctx.signal))) throw notFound();
  }
  return art;
}

export const getTicketArticle = defineTool({
  name: 'get_ticket_article',
  title: 'Get an article',
  description:
    'One article with its full body (quoted history kept), headers and attachment list. Long bodies are cut at the output budget with an `offset` to continue from.',
  category: 'tickets',
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
  // 1 request (GET /ticket_articles/{id}); 2 under a group scope.
  async handler(a, ctx) {
    const art = await fetchArticle(a.article_id, ctx);
    const length = articleBodyText(art).length;
    if (a.offset > 0 && a.offset >= length) {
      throw new UserInputError(
        `offset ${a.offset} is past the end of article ${a.article_id}, whose body has ${length} characters.`,
      );
    }
    const maxBodyChars = Math.max(1000, budgetCharsOf(ctx) - 1000);
    const article = articleOut(art, { maxBodyChars, offset: a.offset });
    return { text: `Ticket ${art.ticket_id}\n${articleText(article)}`, structured: { article } };
  },
});

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  htm: 'text/html',
  md: 'text/markdown',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

function prefString(p: Attachment['preferences'], ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = p?.[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/** The attachment's MIME type (lower case, no parameters) and charset, from its metadata or else its file name. */
export function attachmentType(att: Attachment): { type: string; charset: string | undefined } {
  const raw = prefString(att.preferences, 'Content-Type', 'Mime-Type', 'content_type');
  const type = raw?.split(';')[0]?.trim().toLowerCase();
  const charset =
    prefString(att.preferences, 'Charset', 'charset') ?? /charset="?([\w.:-]+)/i.exec(raw ?? '')?.[1];
  const ext = /\.([a-z0-9]+)$/i.exec(att.filename)?.[1]?.toLowerCase();
  const guessed = ext ? BY_EXTENSION[ext] : undefined;
  const known =
    type && type !== 'application/octet-stream' ? type : (guessed ?? type ?? 'application/octet-stream');
  return { type: known, charset };
}

function isText(type: string): boolean {
  return (
    type.startsWith('text/') ||
    [
      'application/json',
      'application/xml',
      'application/csv',
      'application/x-csv',
      'application/x-ndjson',
    ].includes(type) ||
    type.endsWith('+json') ||
    type.endsWith('+xml')
  );
}

/** `application/*`, `*\/*` or an exact type. */
export function typeAllowed(type: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    const re = new RegExp(
      `^${p
        .toLowerCase()
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')}$`,
    );
    return re.test(type);
  });
}

function decode(data: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(data);
  } catch {
    return new TextDecoder('utf-8').decode(data);
  }
}

const DeliveredAs = z.enum(['text', 'image', 'resource']);

export const downloadAttachment = defineTool({
  name: 'download_attachment',
  title: 'Download an attachment',
  description:
    'One attachment of an article (ids from get_ticket or get_ticket_article). Text files come back as text (cut at the output budget), png/jpeg/gif/webp as images, other types only if MCP_ATTACHMENT_TYPES allows them. Files over MCP_ATTACHMENT_MAX_BYTES are refused before download.',
  category: 'tickets',
  risk: 'read',
  input: z.object({
    ticket_id: ticketId,
    article_id: recordId('Article'),
    attachment_id: recordId('Attachment'),
  }),
  output: z.object({
    ticket_id: z.number(),
    article_id: z.number(),
    attachment_id: z.number(),
    filename: z.string(),
    content_type: z.string(),
    size: z.number(),
    delivered_as: DeliveredAs,
    text: z.string().optional(),
    text_length: z.number().optional(),
    truncated: z.boolean().optional(),
  }),
  // 2 requests: the article (its attachment list and sizes), then the file; +1 under a group scope.
  // A refused file (size or type) costs only the first.
  async handler(a, ctx) {
    const art = await fetchArticle(a.article_id, ctx, a.ticket_id);
    const att = art.attachments.find((x) => x.id === a.attachment_id);
    if (!att) {
      const list = art.attachments.map((x) => `${x.filename} (id ${x.id})`).join(', ');
      throw new NotFoundError(
        `Attachment ${a.attachment_id} not found on article ${a.article_id}. ${list ? `Its attachments: ${list}.` : 'It has no attachments.'}`,
      );
    }
    const { type, charset } = attachmentType(att);
    const max = ctx.config.output.attachmentMaxBytes;
    const tooBig = (): PolicyError =>
      new PolicyError(
        `Attachment ${att.filename} is ${fmtSize(att.size)} (${att.size} bytes), over this server's limit of ${fmtSize(max)} (${max} bytes, MCP_ATTACHMENT_MAX_BYTES).`,
      );
    if (att.size > max) throw tooBig();
    const kind: z.infer<typeof DeliveredAs> | undefined = isText(type)
      ? 'text'
      : IMAGE_TYPES.has(type)
        ? 'image'
        : typeAllowed(type, ctx.config.output.attachmentTypes)
          ? 'resource'
          : undefined;
    if (!kind) {
      throw new PolicyError(
        `Attachment ${att.filename} is of type ${type}, which this server does not return. Text and png/jpeg/gif/webp images are always returned; other types only when listed in MCP_ATTACHMENT_TYPES (e.g. ${type} or ${type.split('/')[0]}/*).`,
      );
    }
    let file: { data: Buffer; contentType: string };
    try {
      file = await ctx.zammad.attachment(a.ticket_id, a.article_id, a.attachment_id, max, ctx.signal);
    } catch (e) {
      if (e instanceof ZammadError && e.kind === 'too_large') throw tooBig();
      if (e instanceof ZammadError && (e.kind === 'not_found' || e.kind === 'forbidden')) {
        throw new NotFoundError(`Attachment ${a.attachment_id} not found on article ${a.article_id}.`);
      }
      throw e;
    }
    const base = {
      ticket_id: a.ticket_id,
      article_id: a.article_id,
      attachment_id: a.attachment_id,
      filename: att.filename,
      content_type: type,
      size: file.data.length,
    };
    const label = `Attachment ${att.filename} (${fmtSize(file.data.length)}, ${type}) of article ${a.article_id}, ticket ${a.ticket_id}`;
    if (kind === 'text') {
      const raw = decode(file.data, charset);
      const full = type === 'text/html' ? htmlToText(raw) : raw.replace(/\r\n?/g, '\n');
      const c = cut(full, Math.max(500, budgetCharsOf(ctx) - 400));
      const note = c.cut ? `\n(cut at ${c.text.length} of ${full.length} characters: the output budget)` : '';
      return {
        text: `${label}${type === 'text/html' ? ', as text' : ''}:\n${c.text}${note}`,
        structured: {
          ...base,
          delivered_as: kind,
          text: c.text,
          text_length: full.length,
          ...(c.cut ? { truncated: true } : {}),
        },
      };
    }
    const data = file.data.toString('base64');
    const extra: ExtraContent[] =
      kind === 'image'
        ? [{ type: 'image', data, mimeType: type }]
        : [
            {
              type: 'resource',
              resource: {
                uri: `zammad://attachment/${a.ticket_id}/${a.article_id}/${a.attachment_id}`,
                mimeType: type,
                blob: data,
              },
            },
          ];
    return {
      text: `${label}: returned as ${kind === 'image' ? 'an image' : 'an embedded resource'}.`,
      structured: { ...base, delivered_as: kind },
      extra,
    };
  },
});

export const articleTools = [listTicketArticles, getTicketArticle, downloadAttachment];
