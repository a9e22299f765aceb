/**
 * The typed Zammad REST client. No MCP knowledge: tools call these methods; errors are ZammadErrors.
 */
import { z } from 'zod';
import type { ZammadConfig } from './options.js';
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
  MacroSchema,
  MassResultSchema,
  MergeResultSchema,
  ObjectAttributeSchema,
  SharedDraftSchema,
  TimeAccountingSchema,
  TimeAccountingTypeSchema,
  type Article,
  type Assets,
  type KbAnswerShow,
  type Macro,
  type MassResult,
  type MergeResult,
  type ObjectAttribute,
  type Organization,
  type SharedDraft,
  type TimeAccounting,
  type TimeAccountingType,
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

  // --- writes (never retried: a write that times out raises `unknown_outcome`) and the reads they need

  private async send<S extends z.ZodType>(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    schema: S,
    o: RequestOptions,
  ): Promise<z.infer<S>> {
    const res = await this.http.request(method, path, o);
    return this.parse(schema, res.body, `the answer to ${method} ${path}`);
  }

  /** `POST /tickets?expand=true` → the new ticket with names. */
  createTicket(body: Record<string, unknown>, signal?: Signal): Promise<Ticket> {
    return this.send('POST', '/tickets', TicketSchema, { query: { expand: true }, body, signal });
  }

  /** `PUT /tickets/{id}?expand=true` → the updated ticket with names. */
  updateTicket(id: number, body: Record<string, unknown>, signal?: Signal): Promise<Ticket> {
    return this.send('PUT', apiPath`/tickets/${id}`, TicketSchema, { query: { expand: true }, body, signal });
  }

  /** `DELETE /tickets/{id}` (admin): 200 with an empty body. */
  async deleteTicket(id: number, signal?: Signal): Promise<void> {
    await this.http.request('DELETE', apiPath`/tickets/${id}`, { signal });
  }

  /** `POST /ticket_articles` → the new article. */
  createArticle(body: Record<string, unknown>, signal?: Signal): Promise<Article> {
    return this.send('POST', '/ticket_articles', ArticleSchema, { body, signal });
  }

  /** `GET /tickets/{id}/shared_draft` → `{shared_draft_id: null}` when the ticket has none. */
  sharedDraft(ticketId: number, signal?: Signal): Promise<SharedDraft> {
    return this.get(apiPath`/tickets/${ticketId}/shared_draft`, SharedDraftSchema, { signal });
  }

  /** `PUT /tickets/{id}/shared_draft {new_article, ticket_attributes}`: creates or replaces the ticket's one shared draft. */
  saveSharedDraft(
    ticketId: number,
    body: { new_article: Record<string, unknown>; ticket_attributes: Record<string, unknown> },
    signal?: Signal,
  ): Promise<SharedDraft> {
    return this.send('PUT', apiPath`/tickets/${ticketId}/shared_draft`, SharedDraftSchema, { body, signal });
  }

  /** `POST /tags/add` → 201 `true`. */
  async addTag(ticketId: number, tag: string, signal?: Signal): Promise<void> {
    await this.http.request('POST', '/tags/add', {
      body: { object: 'Ticket', o_id: ticketId, item: tag },
      signal,
    });
  }

  /** `DELETE /tags/remove` with the same body as add → 200 `true`. */
  async removeTag(ticketId: number, tag: string, signal?: Signal): Promise<void> {
    await this.http.request('DELETE', '/tags/remove', {
      body: { object: 'Ticket', o_id: ticketId, item: tag },
      signal,
    });
  }

  /**
   * `POST /links/add`: the source is named by its **number**, the target by its **id**. Seen from the
   * target, the link has `linkType` (a `parent` link makes the source the target's parent).
   */
  async addLink(
    l: { linkType: string; sourceNumber: string; targetId: number },
    signal?: Signal,
  ): Promise<void> {
    await this.http.request('POST', '/links/add', {
      body: {
        link_type: l.linkType,
        link_object_source: 'Ticket',
        link_object_source_number: l.sourceNumber,
        link_object_target: 'Ticket',
        link_object_target_value: l.targetId,
      },
      signal,
    });
  }

  /** `DELETE /links/remove`: both tickets by id. */
  async removeLink(
    l: { linkType: string; sourceId: number; targetId: number },
    signal?: Signal,
  ): Promise<void> {
    await this.http.request('DELETE', '/links/remove', {
      body: {
        link_type: l.linkType,
        link_object_source: 'Ticket',
        link_object_source_value: l.sourceId,
        link_object_target: 'Ticket',
        link_object_target_value: l.targetId,
      },
      signal,
    });
  }

  timeAccountingTypes(signal?: Signal): Promise<TimeAccountingType[]> {
    return this.list('/time_accounting/types', TimeAccountingTypeSchema, signal);
  }

  /** `POST /tickets/{id}/time_accountings {time_unit, type_id?}`. */
  addTimeAccounting(
    ticketId: number,
    body: { time_unit: string; type_id?: number },
    signal?: Signal,
  ): Promise<TimeAccounting> {
    return this.send('POST', apiPath`/tickets/${ticketId}/time_accountings`, TimeAccountingSchema, {
      body,
      signal,
    });
  }

  /** `GET /object_manager_attributes` (needs admin.object; other tokens get 403). */
  objectAttributes(signal?: Signal): Promise<ObjectAttribute[]> {
    return this.get('/object_manager_attributes', listOf(ObjectAttributeSchema), { signal });
  }

  macros(signal?: Signal): Promise<Macro[]> {
    return this.list('/macros', MacroSchema, signal);
  }

  /** `POST /tickets/mass_macro {macro_id, ticket_ids}`: how Zammad applies a macro. */
  applyMacro(macroId: number, ticketIds: number[], signal?: Signal): Promise<MassResult> {
    return this.send('POST', '/tickets/mass_macro', MassResultSchema, {
      body: { macro_id: macroId, ticket_ids: ticketIds },
      signal,
    });
  }

  /**
   * `PUT /ticket_merge/{source_id}/{target_number}`. Zammad answers some failures with 200 and
   * `result: "failed"`: those raise a `conflict`, never pass as success.
   */
  async mergeTickets(sourceId: number, targetNumber: string, signal?: Signal): Promise<MergeResult> {
    const r = await this.send('PUT', apiPath`/ticket_merge/${sourceId}/${targetNumber}`, MergeResultSchema, {
      signal,
    });
    if (r.result !== 'success') {
      const why = r.message && r.message.length <= 300 ? r.message : 'no reason given';
      throw new ZammadError(
        'conflict',
        `Zammad did not merge the tickets: ${why}`,
        200,
        r.message ?? r.result,
      );
    }
    return r;
  }

  /** Tickets Zammad finds for `query` (search syntax), counted without loading them; undefined where the version cannot count. */
  async countTickets(query: string, signal?: Signal): Promise<number | undefined> {
    const res = await this.http.request('GET', '/tickets/search', {
      query: { query, only_total_count: true, per_page: 1 },
      signal,
    });
    const b = res.body as { total_count?: unknown } | undefined;
    return typeof b?.total_count === 'number' ? b.total_count : undefined;
  }

  createUser(body: Record<string, unknown>, signal?: Signal): Promise<User> {
    return this.send('POST', '/users', UserSchema, { query: { expand: true }, body, signal });
  }

  updateUser(id: number, body: Record<string, unknown>, signal?: Signal): Promise<User> {
    return this.send('PUT', apiPath`/users/${id}`, UserSchema, { query: { expand: true }, body, signal });
  }

  async deleteUser(id: number, signal?: Signal): Promise<void> {
    await this.http.request('DELETE', apiPath`/users/${id}`, { signal });
  }

  createOrganization(body: Record<string, unknown>, signal?: Signal): Promise<Organization> {
    return this.send('POST', '/organizations', OrganizationSchema, { body, signal });
  }

  updateOrganization(id: number, body: Record<string, unknown>, signal?: Signal): Promise<Organization> {
    return this.send('PUT', apiPath`/organizations/${id}`, OrganizationSchema, { body, signal });
  }

  async deleteOrganization(id: number, signal?: Signal): Promise<void> {
    await this.http.request('DELETE', apiPath`/organizations/${id}`, { signal });
  }
}
