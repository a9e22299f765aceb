/**
 * The typed Zammad REST client: a facade over the resources (tickets, articles, people, knowledge,
 * ticket writes). No MCP knowledge: tools call these methods; errors are ZammadErrors. Every answer
 * is read within the limits of ZammadClientOptions (options.ts).
 */
import type { z } from 'zod';
import {
  ArticlesApi,
  type ArticlePage,
  type PageSpec,
  type TicketBundle,
  type TicketView,
} from './articles.js';
import type { BoundedArticle } from './article-types.js';
import { CollaborationApi } from './collaboration.js';
import { ContextApi, type RawSource } from './context.js';
import { ZammadCore, type Page, type Signal } from './core.js';
import { ZammadHttp, type RequestOptions } from './http.js';
import { KnowledgeApi } from './knowledge.js';
import { readLimitsOf, type ReadLimits, type ZammadClientOptions } from './options.js';
import { PeopleApi } from './people.js';
import { ReferenceCache } from './reference.js';
import {
  GroupSchema,
  PrioritySchema,
  StateSchema,
  type Article,
  type Assets,
  type HistoryItem,
  type Link,
  type Macro,
  type MassResult,
  type MergeResult,
  type ObjectAttribute,
  type Organization,
  type SharedDraft,
  type TagHit,
  type TagItem,
  type Ticket,
  type TimeAccounting,
  type TimeAccountingExpanded,
  type TimeAccountingType,
  type User,
} from './schemas.js';
import { type KbAnswerShow, type KbSearch, type TextModule } from './schemas-knowledge.js';
import { TicketsApi, type TicketSearch } from './tickets.js';
import { TicketWritesApi } from './ticket-writes.js';
import { WorklistApi } from './worklist.js';

export type { Page } from './core.js';
export type { RawSource } from './context.js';
export type { TicketSearch } from './tickets.js';
export type { ArticleGuard, ArticlePage, PageSpec, TicketBundle, TicketView } from './articles.js';
export type { Overview, OverviewTickets } from './worklist.js';
export type { ArticleHead, BodyWindow, BoundedArticle } from './article-types.js';
export type {
  Checklist,
  ChecklistItem,
  ChecklistTemplate,
  Notification,
  NotificationList,
} from './collaboration.js';

export class ZammadClient {
  readonly http: ZammadHttp;
  readonly reference: ReferenceCache;
  readonly limits: ReadLimits;
  readonly tickets: TicketsApi;
  readonly articlesApi: ArticlesApi;
  readonly people: PeopleApi;
  readonly knowledge: KnowledgeApi;
  readonly writes: TicketWritesApi;
  /** Checklists, templates, mentions and online notifications. */
  readonly collab: CollaborationApi;
  /** Overviews, related and customer tickets, searches by condition (worklist.ts). */
  readonly worklist: WorklistApi;
  readonly context: ContextApi;
  private readonly core: ZammadCore;

  constructor(cfg: ZammadClientOptions, http?: ZammadHttp) {
    this.limits = readLimitsOf(cfg);
    this.http =
      http ??
      new ZammadHttp({
        apiUrl: cfg.apiUrl,
        auth: cfg.auth,
        timeoutMs: cfg.timeoutMs,
        maxRetries: cfg.maxRetries,
        maxConcurrency: cfg.maxConcurrency,
        maxResponseBytes: this.limits.maxResponseBytes,
        ...(cfg.ca ? { ca: cfg.ca } : {}),
      });
    const core = (this.core = new ZammadCore(this.http, this.limits));
    this.tickets = new TicketsApi(core);
    this.articlesApi = new ArticlesApi(core);
    this.people = new PeopleApi(core);
    this.knowledge = new KnowledgeApi(core);
    this.writes = new TicketWritesApi(core);
    this.collab = new CollaborationApi(core);
    this.worklist = new WorklistApi(core);
    this.context = new ContextApi(core, cfg.cacheTtlMs);
    this.reference = new ReferenceCache(
      {
        groups: (s) => core.list('/groups', GroupSchema, s),
        states: (s) => core.list('/ticket_states', StateSchema, s),
        priorities: (s) => core.list('/ticket_priorities', PrioritySchema, s),
      },
      cfg.cacheTtlMs,
    );
  }

  get host(): string {
    return this.http.host;
  }

  /** Every answer's parsed body is shown to `fn` (src/privacy/ learns customers from them). */
  observe(fn: (body: unknown) => void): void {
    this.core.observer = fn;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  get<S extends z.ZodType>(path: string, schema: S, o: RequestOptions = {}): Promise<z.infer<S>> {
    return this.core.get(path, schema, o);
  }

  // --- tickets
  ticket = (id: number, signal?: Signal): Promise<Ticket> => this.tickets.ticket(id, signal);
  searchTickets = (
    s: TicketSearch,
    signal?: Signal,
  ): Promise<{ tickets: Ticket[]; total: number | undefined }> => this.tickets.searchTickets(s, signal);
  ticketByNumber = (number: string, signal?: Signal): Promise<Ticket | undefined> =>
    this.tickets.ticketByNumber(number, signal);
  countTickets = (query: string, signal?: Signal): Promise<number | undefined> =>
    this.tickets.countTickets(query, signal);
  history = (ticketId: number, signal?: Signal): Promise<{ history: HistoryItem[]; assets: Assets }> =>
    this.tickets.history(ticketId, signal);
  links = (ticketId: number, signal?: Signal): Promise<{ links: Link[]; assets: Assets }> =>
    this.tickets.links(ticketId, signal);
  tags = (ticketId: number, signal?: Signal): Promise<string[]> => this.tickets.tags(ticketId, signal);

  // --- articles (bounded: see articles.ts)
  ticketView = (
    id: number,
    o: { articles: number; includeInternal: boolean },
    signal?: Signal,
  ): Promise<TicketView> => this.articlesApi.ticketView(id, o, signal);
  ticketArticlesPage = (ticketId: number, page: PageSpec, signal?: Signal): Promise<ArticlePage> =>
    this.articlesApi.ticketArticlesPage(ticketId, page, signal);
  article = (
    id: number,
    signal?: Signal,
    at?: { offset?: number; chars?: number },
  ): Promise<BoundedArticle> => this.articlesApi.article(id, signal, at);
  /** @deprecated use ticketView */
  ticketBundle = (id: number, signal?: Signal): Promise<TicketBundle> =>
    this.articlesApi.ticketBundle(id, signal);
  /** @deprecated use ticketArticlesPage */
  articles = (ticketId: number, signal?: Signal): Promise<BoundedArticle[]> =>
    this.articlesApi.articles(ticketId, signal);
  attachment = (
    ticketId: number,
    articleId: number,
    attachmentId: number,
    maxBytes: number,
    signal?: Signal,
  ): Promise<{ data: Buffer; contentType: string }> =>
    this.articlesApi.attachment(ticketId, articleId, attachmentId, maxBytes, signal);
  createArticle = (body: Record<string, unknown>, signal?: Signal): Promise<Article> =>
    this.articlesApi.createArticle(body, signal);

  // --- users and organizations
  me = (signal?: Signal): Promise<User> => this.people.me(signal);
  user = (id: number, signal?: Signal): Promise<User> => this.people.user(id, signal);
  searchUsers = (
    query: string,
    p: Page,
    signal?: Signal,
  ): Promise<{ users: User[]; total: number | undefined }> => this.people.searchUsers(query, p, signal);
  searchOrganizations = (
    query: string,
    p: Page,
    signal?: Signal,
  ): Promise<{ organizations: Organization[]; total: number | undefined }> =>
    this.people.searchOrganizations(query, p, signal);
  findOrganization = (id: number, signal?: Signal): Promise<Organization | undefined> =>
    this.people.findOrganization(id, signal);
  createUser = (body: Record<string, unknown>, signal?: Signal): Promise<User> =>
    this.people.createUser(body, signal);
  updateUser = (id: number, body: Record<string, unknown>, signal?: Signal): Promise<User> =>
    this.people.updateUser(id, body, signal);
  deleteUser = (id: number, signal?: Signal): Promise<void> => this.people.deleteUser(id, signal);
  createOrganization = (body: Record<string, unknown>, signal?: Signal): Promise<Organization> =>
    this.people.createOrganization(body, signal);
  updateOrganization = (id: number, body: Record<string, unknown>, signal?: Signal): Promise<Organization> =>
    this.people.updateOrganization(id, body, signal);
  deleteOrganization = (id: number, signal?: Signal): Promise<void> =>
    this.people.deleteOrganization(id, signal);

  // --- knowledge
  textModules = (query: string, limit: number, signal?: Signal): Promise<TextModule[]> =>
    this.knowledge.textModules(query, limit, signal);
  kbSearchAnswers = (query: string, limit: number, signal?: Signal): Promise<KbSearch> =>
    this.knowledge.kbSearchAnswers(query, limit, signal);
  kbAnswer = (
    kbId: number,
    answerId: number,
    contentIds: readonly number[],
    signal?: Signal,
  ): Promise<KbAnswerShow> => this.knowledge.kbAnswer(kbId, answerId, contentIds, signal);

  // --- ticket writes and the reads they need
  createTicket = (body: Record<string, unknown>, signal?: Signal): Promise<Ticket> =>
    this.writes.createTicket(body, signal);
  updateTicket = (id: number, body: Record<string, unknown>, signal?: Signal): Promise<Ticket> =>
    this.writes.updateTicket(id, body, signal);
  deleteTicket = (id: number, signal?: Signal): Promise<void> => this.writes.deleteTicket(id, signal);
  sharedDraft = (ticketId: number, signal?: Signal): Promise<SharedDraft> =>
    this.writes.sharedDraft(ticketId, signal);
  saveSharedDraft = (
    ticketId: number,
    body: {
      new_article: Record<string, unknown>;
      ticket_attributes: Record<string, unknown>;
      form_id?: string;
    },
    signal?: Signal,
  ): Promise<SharedDraft> => this.writes.saveSharedDraft(ticketId, body, signal);
  uploadToCache = (
    formId: string,
    file: { filename: string; contentType: string; data: Buffer },
    signal?: Signal,
  ): Promise<{ id: number; filename: string }> => this.writes.uploadToCache(formId, file, signal);
  addTag = (ticketId: number, tag: string, signal?: Signal): Promise<void> =>
    this.writes.addTag(ticketId, tag, signal);
  removeTag = (ticketId: number, tag: string, signal?: Signal): Promise<void> =>
    this.writes.removeTag(ticketId, tag, signal);
  addLink = (
    l: { linkType: string; sourceNumber: string; targetId: number },
    signal?: Signal,
  ): Promise<void> => this.writes.addLink(l, signal);
  removeLink = (
    l: { linkType: string; sourceId: number; targetId: number },
    signal?: Signal,
  ): Promise<void> => this.writes.removeLink(l, signal);
  timeAccountingTypes = (signal?: Signal): Promise<TimeAccountingType[]> =>
    this.writes.timeAccountingTypes(signal);
  addTimeAccounting = (
    ticketId: number,
    body: { time_unit: string; type_id?: number },
    signal?: Signal,
  ): Promise<TimeAccounting> => this.writes.addTimeAccounting(ticketId, body, signal);
  /** Cached for the reference TTL (they change rarely); needs admin.object. */
  objectAttributes = (signal?: Signal): Promise<ObjectAttribute[]> => this.context.objectAttributes(signal);
  macros = (signal?: Signal): Promise<Macro[]> => this.writes.macros(signal);

  // --- context (src/zammad/context.ts)
  articleSource = (id: number, maxBytes: number, signal?: Signal): Promise<RawSource> =>
    this.context.articleSource(id, maxBytes, signal);
  tagSearch = (term: string, limit: number, signal?: Signal): Promise<TagHit[]> =>
    this.context.tagSearch(term, limit, signal);
  tagList = (limit: number, signal?: Signal): Promise<TagItem[]> => this.context.tagList(limit, signal);
  timeAccountings = (ticketId: number, signal?: Signal): Promise<TimeAccountingExpanded[]> =>
    this.context.timeAccountings(ticketId, signal);
  applyMacro = (macroId: number, ticketIds: number[], signal?: Signal): Promise<MassResult> =>
    this.writes.applyMacro(macroId, ticketIds, signal);
  mergeTickets = (sourceId: number, targetNumber: string, signal?: Signal): Promise<MergeResult> =>
    this.writes.mergeTickets(sourceId, targetNumber, signal);
}
