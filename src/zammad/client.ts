/**
 * The typed Zammad REST client. No MCP knowledge: tools call these methods; errors are ZammadErrors.
 */
import { z } from 'zod';
import type { ZammadConfig } from '../config.js';
import { ZammadError } from './errors.js';
import { ZammadHttp, type RequestOptions } from './http.js';
import { apiPath } from './paths.js';
import { ReferenceCache } from './reference.js';
import {
  ArticleSchema,
  AssetsSchema,
  GroupSchema,
  HistoryItemSchema,
  KbSearchSchema,
  LinkSchema,
  OrganizationSchema,
  PrioritySchema,
  StateSchema,
  TextModuleSchema,
  TicketSchema,
  UserSchema,
  KbAnswerShowSchema,
  type Article,
  type Assets,
  type KbAnswerShow,
  type Organization,
  type Ticket,
  type User,
} from './schemas.js';
import { normalizeSearch } from './search.js';

export interface Page {
  page: number;
  perPage: number;
}

export interface TicketSearch extends Page {
  query: string;
  sortBy?: string;
  orderBy?: 'asc' | 'desc';
}

export interface TicketBundle {
  ticket: Ticket;
  articles: Article[];
  tags: string[];
  links: Array<z.infer<typeof LinkSchema>>;
  assets: Assets;
}

type Signal = AbortSignal | undefined;

// Built once: zod compiles a schema on first use, so a schema made per call costs every call.
const TicketAllSchema = z.object({
  ticket_id: z.number(),
  ticket_article_ids: z.array(z.number()).default([]),
  assets: AssetsSchema,
  links: z.array(LinkSchema).default([]),
  tags: z.array(z.string()).default([]),
});
const ArticlesSchema = z.array(ArticleSchema);
const HistorySchema = z.object({ history: z.array(HistoryItemSchema), assets: AssetsSchema.default({}) });
const LinksSchema = z.object({ links: z.array(LinkSchema), assets: AssetsSchema.default({}) });
const TagsSchema = z.object({ tags: z.array(z.string()) });
const listSchemas = new WeakMap<z.ZodType, z.ZodType>();
function listOf<S extends z.ZodType>(schema: S): z.ZodArray<S> {
  let l = listSchemas.get(schema);
  if (!l) listSchemas.set(schema, (l = z.array(schema)));
  return l as z.ZodArray<S>;
}

export class ZammadClient {
  readonly http: ZammadHttp;
  readonly reference: ReferenceCache;

  constructor(
    cfg: Pick<
      ZammadConfig,
      'apiUrl' | 'auth' | 'timeoutMs' | 'maxRetries' | 'maxConcurrency' | 'cacheTtlMs'
    > & { ca?: string | undefined },
    http?: ZammadHttp,
  ) {
    this.http =
      http ??
      new ZammadHttp({
        apiUrl: cfg.apiUrl,
        auth: cfg.auth,
        timeoutMs: cfg.timeoutMs,
        maxRetries: cfg.maxRetries,
        maxConcurrency: cfg.maxConcurrency,
        ...(cfg.ca ? { ca: cfg.ca } : {}),
      });
    this.reference = new ReferenceCache(
      {
        groups: (s) => this.list('/groups', GroupSchema, s),
        states: (s) => this.list('/ticket_states', StateSchema, s),
        priorities: (s) => this.list('/ticket_priorities', PrioritySchema, s),
      },
      cfg.cacheTtlMs,
    );
  }

  get host(): string {
    return this.http.host;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private parse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
    const r = schema.safeParse(data);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new ZammadError(
        'bad_response',
        `Zammad at ${this.host} sent ${what} in an unexpected shape.`,
        undefined,
        issue ? `${issue.path.join('.')}: ${issue.message}` : undefined,
      );
    }
    return r.data;
  }

  async get<S extends z.ZodType>(path: string, schema: S, o: RequestOptions = {}): Promise<z.infer<S>> {
    const res = await this.http.request('GET', path, o);
    return this.parse(schema, res.body, path.split('?')[0] ?? path);
  }

  private async list<S extends z.ZodType>(
    path: string,
    schema: S,
    signal: Signal,
  ): Promise<Array<z.infer<S>>> {
    // Generic index: default 500, max 1000 (reference §4).
    return this.get(path, listOf(schema), { query: { per_page: 1000 }, signal });
  }

  // --- who am I
  me(signal?: Signal): Promise<User> {
    return this.get('/users/me', UserSchema, { query: { expand: true }, signal });
  }

  // --- tickets
  /** The ticket with its visible articles, tags, links and the users/organizations around it: one request (`all=true`). */
  async ticketBundle(id: number, signal?: Signal): Promise<TicketBundle> {
    const res = await this.http.request('GET', apiPath`/tickets/${id}`, { query: { all: true }, signal });
    const b = this.parse(TicketAllSchema, res.body, 'a ticket');
    const rawTicket = b.assets.Ticket?.[String(id)];
    const ticket = this.parse(TicketSchema, rawTicket, 'a ticket');
    const artAssets = b.assets.TicketArticle ?? {};
    const articles = b.ticket_article_ids
      .map((aid) => artAssets[String(aid)])
      .filter((a) => a !== undefined)
      .map((a) => this.parse(ArticleSchema, a, 'an article'));
    return { ticket, articles, tags: b.tags, links: b.links, assets: b.assets };
  }

  ticket(id: number, signal?: Signal): Promise<Ticket> {
    return this.get(apiPath`/tickets/${id}`, TicketSchema, { query: { expand: true }, signal });
  }

  async searchTickets(
    s: TicketSearch,
    signal?: Signal,
  ): Promise<{ tickets: Ticket[]; total: number | undefined }> {
    const res = await this.http.request('GET', '/tickets/search', {
      query: {
        query: s.query,
        page: s.page,
        per_page: s.perPage,
        expand: true,
        with_total_count: true,
        sort_by: s.sortBy,
        order_by: s.orderBy,
      },
      signal,
    });
    const n = normalizeSearch(res.body, 'Ticket', 'tickets');
    return { tickets: n.records.map((r) => this.parse(TicketSchema, r, 'a ticket')), total: n.total };
  }

  /** Finds a ticket by its number (the one humans see). Works with and without Elasticsearch. */
  async ticketByNumber(number: string, signal?: Signal): Promise<Ticket | undefined> {
    const { tickets } = await this.searchTickets({ query: number, page: 1, perPage: 50 }, signal);
    return tickets.find((t) => t.number === number);
  }

  articles(ticketId: number, signal?: Signal): Promise<Article[]> {
    return this.get(apiPath`/ticket_articles/by_ticket/${ticketId}`, ArticlesSchema, { signal });
  }

  article(id: number, signal?: Signal): Promise<Article> {
    return this.get(apiPath`/ticket_articles/${id}`, ArticleSchema, { signal });
  }

  async history(
    ticketId: number,
    signal?: Signal,
  ): Promise<{ history: Array<z.infer<typeof HistoryItemSchema>>; assets: Assets }> {
    return this.get(apiPath`/ticket_history/${ticketId}`, HistorySchema, { signal });
  }

  links(
    ticketId: number,
    signal?: Signal,
  ): Promise<{ links: Array<z.infer<typeof LinkSchema>>; assets: Assets }> {
    return this.get('/links', LinksSchema, {
      query: { link_object: 'Ticket', link_object_value: ticketId },
      signal,
    });
  }

  async tags(ticketId: number, signal?: Signal): Promise<string[]> {
    const r = await this.get('/tags', TagsSchema, { query: { object: 'Ticket', o_id: ticketId }, signal });
    return r.tags;
  }

  async attachment(
    ticketId: number,
    articleId: number,
    attachmentId: number,
    maxBytes: number,
    signal?: Signal,
  ): Promise<{ data: Buffer; contentType: string }> {
    const res = await this.http.request<Buffer>(
      'GET',
      apiPath`/ticket_attachment/${ticketId}/${articleId}/${attachmentId}`,
      {
        binary: { maxBytes },
        signal,
      },
    );
    return { data: res.body, contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
  }

  // --- users and organizations
  user(id: number, signal?: Signal): Promise<User> {
    return this.get(apiPath`/users/${id}`, UserSchema, { query: { expand: true }, signal });
  }

  async searchUsers(
    query: string,
    p: Page,
    signal?: Signal,
  ): Promise<{ users: User[]; total: number | undefined }> {
    const res = await this.http.request('GET', '/users/search', {
      query: { query, page: p.page, per_page: p.perPage, expand: true, with_total_count: true },
      signal,
    });
    const n = normalizeSearch(res.body, 'User', 'users');
    return { users: n.records.map((r) => this.parse(UserSchema, r, 'a user')), total: n.total };
  }

  async searchOrganizations(
    query: string,
    p: Page,
    signal?: Signal,
  ): Promise<{ organizations: Array<z.infer<typeof OrganizationSchema>>; total: number | undefined }> {
    const res = await this.http.request('GET', '/organizations/search', {
      query: { query, page: p.page, per_page: p.perPage, with_total_count: true },
      signal,
    });
    const n = normalizeSearch(res.body, 'Organization', 'organizations');
    return {
      organizations: n.records.map((r) => this.parse(OrganizationSchema, r, 'an organization')),
      total: n.total,
    };
  }

  // --- knowledge
  async textModules(
    query: string,
    limit: number,
    signal?: Signal,
  ): Promise<Array<z.infer<typeof TextModuleSchema>>> {
    const res = await this.http.request('GET', '/text_modules/search', {
      query: { query, per_page: limit },
      signal,
    });
    const n = normalizeSearch(res.body, 'TextModule', 'text_modules');
    return n.records.map((r) => this.parse(TextModuleSchema, r, 'a text module'));
  }

  /** KB search restricted to answers, with agent URLs (`…/knowledge_bases/{kb}/answers/{id}?include_contents=…`) that carry the answer id. */
  async kbSearchAnswers(
    query: string,
    limit: number,
    signal?: Signal,
  ): Promise<z.infer<typeof KbSearchSchema>> {
    const res = await this.http.request('POST', '/knowledge_bases/search', {
      body: {
        query,
        flavor: 'agent',
        index: 'KnowledgeBase::Answer::Translation',
        limit,
        include_locale: true,
        url_type: 'agent',
      },
      signal,
    });
    return this.parse(KbSearchSchema, res.body, 'knowledge base results');
  }

  /** One KB answer as `{id, assets}`; `contentIds` adds those translation contents (the bodies) to the assets. */
  kbAnswer(
    kbId: number,
    answerId: number,
    contentIds: readonly number[],
    signal?: Signal,
  ): Promise<KbAnswerShow> {
    return this.get(apiPath`/knowledge_bases/${kbId}/answers/${answerId}`, KbAnswerShowSchema, {
      query: { include_contents: contentIds.length ? contentIds.join(',') : undefined },
      signal,
    });
  }

  /** An organization, or undefined where Zammad answers `{}` (a customer without an organization asking for one). */
  async findOrganization(id: number, signal?: Signal): Promise<Organization | undefined> {
    const body = (await this.http.request('GET', apiPath`/organizations/${id}`, { signal })).body;
    if (body && typeof body === 'object' && !('id' in body)) return undefined;
    return this.parse(OrganizationSchema, body, 'an organization');
  }
}
