/**
 * Articles, read within limits: a body past ZAMMAD_MAX_BODY_CHARS is cut while it streams in (the
 * article then says which part of how long a body it holds), and the reads for a page of articles
 * keep only that page. Zammad has no paged article list (`by_ticket` and `tickets/:id?all=true` send
 * every visible article, bodies included; `by_ticket?full=true` sends all ids but only the last
 * article): so one request streams the list, and only articles of the page that could not be held
 * cost a request of their own.
 */
import { z } from 'zod';
import { ArticlePicker, type PageSpec } from './article-picker.js';
import { takeBody, type ArticleHead, type BoundedArticle } from './article-types.js';
import { listOf, type Signal, type ZammadCore } from './core.js';
import type { RequestOptions } from './http.js';
import type { CharRange, ReadPlan } from './json-plan.js';
import { ARTICLE_STREAM_FACTOR } from './options.js';
import { apiPath } from './paths.js';
import {
  ArticleSchema,
  AssetsSchema,
  LinkSchema,
  TicketSchema,
  type Article,
  type Assets,
  type Link,
  type Ticket,
} from './schemas.js';

export type { PageSpec } from './article-picker.js';

/** A ticket with the latest articles asked for (oldest first) and what the page needs around them. */
export interface TicketView {
  ticket: Ticket;
  articles: BoundedArticle[];
  /** Articles visible under the view's `includeInternal`. */
  articlesTotal: number;
  /** Every visible article, without its body, in ticket order. */
  heads: ArticleHead[];
  tags: string[];
  links: Link[];
  assets: Assets;
}

export interface ArticlePage {
  /** In the order asked for. */
  articles: BoundedArticle[];
  total: number;
  heads: ArticleHead[];
}

/** @deprecated use TicketView (ZammadClient.ticketView). */
export interface TicketBundle {
  ticket: Ticket;
  articles: BoundedArticle[];
  tags: string[];
  links: Link[];
  assets: Assets;
}

const TicketAllSchema = z.object({
  ticket_id: z.number(),
  ticket_article_ids: z.array(z.number()).default([]),
  assets: AssetsSchema,
  links: z.array(LinkSchema).default([]),
  tags: z.array(z.string()).default([]),
});

const ALL_ARTICLES = ['assets', 'TicketArticle', '*'];
const LIST_ITEMS = ['*'];

/**
 * What the client does to every article before handing it out, installed by the app
 * (src/privacy/review.ts): spoofing warnings, lockdown of strangers' articles.
 */
export interface ArticleGuard {
  review(articles: BoundedArticle[], signal: Signal): Promise<BoundedArticle[]>;
  /** Rejects when the attachments of this article may not be downloaded. */
  attachable(ticketId: number, articleId: number, signal: Signal): Promise<void>;
}

export class ArticlesApi {
  /** Every article read passes it; undefined: articles as Zammad sent them. */
  guard: ArticleGuard | undefined;

  constructor(private readonly c: ZammadCore) {}

  private async reviewed(articles: BoundedArticle[], signal: Signal): Promise<BoundedArticle[]> {
    return this.guard ? this.guard.review(articles, signal) : articles;
  }

  /** Read options for an answer carrying article bodies: bodies cut to `keep`, the rest streamed through. */
  private read(
    at: readonly string[],
    keep: readonly CharRange[],
    sink?: ArticlePicker,
  ): NonNullable<RequestOptions['read']> {
    const { maxResponseBytes } = this.c.limits;
    const plan: ReadPlan = {
      windows: [{ at: [...at, 'body'], keep }],
      ...(sink ? { sinks: [{ at, take: (v: unknown, bytes: number) => sink.take(v, bytes) }] } : {}),
    };
    return { maxKeptBytes: maxResponseBytes, maxRawBytes: maxResponseBytes * ARTICLE_STREAM_FACTOR, plan };
  }

  private get head(): CharRange {
    return [0, this.c.limits.maxBodyChars];
  }

  private bounded(raw: unknown, part = 0): BoundedArticle {
    if (typeof raw !== 'object' || raw === null) return this.c.parse(ArticleSchema, raw, 'an article');
    const { value, window } = takeBody(raw as Record<string, unknown>, part);
    const a: BoundedArticle = this.c.parse(ArticleSchema, value, 'an article');
    if (window) a.body_window = window;
    return a;
  }

  /**
   * `GET /ticket_articles/{id}`. The body is whole when it is within ZAMMAD_MAX_BODY_CHARS; a longer
   * one holds the `chars` characters from `offset` (default: from 0, ZAMMAD_MAX_BODY_CHARS of them)
   * and says so in `body_window`.
   */
  async article(
    id: number,
    signal?: Signal,
    at: { offset?: number; chars?: number } = {},
  ): Promise<BoundedArticle> {
    const [a] = await this.reviewed([await this.fetchArticle(id, signal, at)], signal);
    return a as BoundedArticle;
  }

  /** `article`, as Zammad sent it (not reviewed). */
  async fetchArticle(
    id: number,
    signal?: Signal,
    at: { offset?: number; chars?: number } = {},
  ): Promise<BoundedArticle> {
    const offset = at.offset ?? 0;
    const chars = at.chars ?? this.c.limits.maxBodyChars;
    // The head range decides whether the body is whole (so that cut means the same in every read);
    // the second range is the part handed back when it is not.
    const keep: CharRange[] = [this.head, [offset, offset + chars]];
    const res = await this.c.request('GET', apiPath`/ticket_articles/${id}`, {
      read: this.read([], keep),
      signal,
    });
    return this.bounded(res.body, 1);
  }

  /**
   * One page of a ticket's articles from `GET /ticket_articles/by_ticket/{id}`, which checks access
   * to the ticket: one request, plus one per article of the page that could not be held.
   */
  async ticketArticlesPage(ticketId: number, page: PageSpec, signal?: Signal): Promise<ArticlePage> {
    const picker = new ArticlePicker(page, this.c.limits.maxResponseBytes);
    await this.c.request('GET', apiPath`/ticket_articles/by_ticket/${ticketId}`, {
      read: this.read(LIST_ITEMS, [this.head], picker),
      signal,
    });
    const r = picker.result();
    const articles = await this.reviewed(await this.complete(r.ids, r.held, signal), signal);
    return { articles, total: r.total, heads: r.heads };
  }

  /**
   * The ticket (`GET /tickets/{id}?all=true`: one request) with its latest `articles` visible
   * articles, oldest first, its tags, links and the users and organizations around it.
   */
  async ticketView(
    id: number,
    o: { articles: number; includeInternal: boolean },
    signal?: Signal,
  ): Promise<TicketView> {
    const picker = new ArticlePicker(
      { offset: 0, limit: o.articles, order: 'newest', includeInternal: o.includeInternal },
      this.c.limits.maxResponseBytes,
    );
    const res = await this.c.request('GET', apiPath`/tickets/${id}`, {
      query: { all: true },
      read: this.read(ALL_ARTICLES, [this.head], picker),
      signal,
    });
    const b = this.c.parse(TicketAllSchema, res.body, 'a ticket');
    const ticket = this.c.parse(TicketSchema, b.assets.Ticket?.[String(id)], 'a ticket');
    const r = picker.result(b.ticket_article_ids);
    const articles = await this.reviewed((await this.complete(r.ids, r.held, signal)).reverse(), signal);
    return {
      ticket,
      articles,
      articlesTotal: r.total,
      heads: r.heads,
      tags: b.tags,
      links: b.links,
      assets: b.assets,
    };
  }

  /** The page's articles in `ids` order: those held, the others fetched one by one. */
  private async complete(
    ids: readonly number[],
    held: ReadonlyMap<number, Record<string, unknown>>,
    signal: Signal,
  ): Promise<BoundedArticle[]> {
    return Promise.all(
      ids.map((id) => {
        const h = held.get(id);
        return h ? this.bounded(h) : this.fetchArticle(id, signal);
      }),
    );
  }

  /**
   * @deprecated use ticketView. Every visible article (bodies cut to ZAMMAD_MAX_BODY_CHARS), one
   * request; refused (`too_large`) when the articles without their cut parts pass ZAMMAD_MAX_RESPONSE_BYTES.
   */
  async ticketBundle(id: number, signal?: Signal): Promise<TicketBundle> {
    const res = await this.c.request('GET', apiPath`/tickets/${id}`, {
      query: { all: true },
      read: this.read(ALL_ARTICLES, [this.head]),
      signal,
    });
    const b = this.c.parse(TicketAllSchema, res.body, 'a ticket');
    const ticket = this.c.parse(TicketSchema, b.assets.Ticket?.[String(id)], 'a ticket');
    const artAssets = b.assets.TicketArticle ?? {};
    const articles = b.ticket_article_ids
      .map((aid) => artAssets[String(aid)])
      .filter((a) => a !== undefined)
      .map((a) => this.bounded(a));
    return {
      ticket,
      articles: await this.reviewed(articles, signal),
      tags: b.tags,
      links: b.links,
      assets: b.assets,
    };
  }

  /** @deprecated use ticketArticlesPage. Every visible article, bodies cut to ZAMMAD_MAX_BODY_CHARS. */
  async articles(ticketId: number, signal?: Signal): Promise<BoundedArticle[]> {
    const res = await this.c.request('GET', apiPath`/ticket_articles/by_ticket/${ticketId}`, {
      read: this.read(LIST_ITEMS, [this.head]),
      signal,
    });
    const list = this.c.parse(listOf(z.unknown()), res.body, 'articles');
    return this.reviewed(
      list.map((a) => this.bounded(a)),
      signal,
    );
  }

  async attachment(
    ticketId: number,
    articleId: number,
    attachmentId: number,
    maxBytes: number,
    signal?: Signal,
  ): Promise<{ data: Buffer; contentType: string }> {
    await this.guard?.attachable(ticketId, articleId, signal);
    const res = await this.c.http.request<Buffer>(
      'GET',
      apiPath`/ticket_attachment/${ticketId}/${articleId}/${attachmentId}`,
      { binary: { maxBytes }, signal },
    );
    return { data: res.body, contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
  }

  /** `POST /ticket_articles` → the new article. */
  createArticle(body: Record<string, unknown>, signal?: Signal): Promise<Article> {
    return this.c.send('POST', '/ticket_articles', ArticleSchema, { body, signal });
  }
}
