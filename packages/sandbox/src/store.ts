/**
 * The sandbox's in-memory data: typed collections plus the few helpers the routes
 * and the tests need. Tests may read and write it directly (e.g. plant a title).
 */
import { Clock } from './clock.js';
import { insertArticle, type NewArticle } from './store-articles.js';
import type {
  ArticleRecord,
  ChecklistItemRecord,
  ChecklistRecord,
  ChecklistTemplateItemRecord,
  ChecklistTemplateRecord,
  OnlineNotificationRecord,
  GroupRecord,
  HistoryRecord,
  KbAnswerRecord,
  KbLocaleRecord,
  KbCategoryRecord,
  LinkRecord,
  LinkType,
  MacroRecord,
  MentionRecord,
  NamedLookup,
  ObjectAttributeRecord,
  OrganizationRecord,
  PriorityRecord,
  RoleRecord,
  SharedDraftRecord,
  StoredFileRecord,
  SystemLocaleRecord,
  StateRecord,
  TextModuleRecord,
  TicketRecord,
  TimeAccountingRecord,
  TimeAccountingTypeRecord,
  TokenRecord,
  UserExtra,
  UserRecord,
  ZammadVersion,
} from './types.js';

export type SandboxSettings = {
  version: ZammadVersion;
  elasticsearch: boolean;
  /** Zammad setting `api_token_access`; false → 403 `API token access disabled!`. */
  api_token_access: boolean;
  /** Zammad setting `api_password_access`; false → 403 `API password access disabled!`. */
  api_password_access: boolean;
  /** Zammad setting `checklist` (6.4+, on by default); off → the checklist policies refuse (403). */
  checklist?: boolean;
};

type Counter =
  | 'user'
  | 'organization'
  | 'group'
  | 'ticket'
  | 'article'
  | 'attachment'
  | 'storeFile'
  | 'link'
  | 'history'
  | 'timeAccounting'
  | 'mention'
  | 'textModule'
  | 'macro'
  | 'sharedDraft'
  | 'tag'
  | 'objectAttribute'
  | 'kbAnswer'
  | 'checklist'
  | 'checklistItem'
  | 'checklistTemplate'
  | 'checklistTemplateItem'
  | 'onlineNotification';

export type { NewArticle } from './store-articles.js';

export class SandboxStore {
  readonly clock = new Clock();
  readonly settings: SandboxSettings;
  readonly seed: number;

  readonly users = new Map<number, UserRecord>();
  readonly userExtras = new Map<number, UserExtra>();
  readonly organizations = new Map<number, OrganizationRecord>();
  readonly groups = new Map<number, GroupRecord>();
  readonly roles = new Map<number, RoleRecord>();
  /** Role id → permission names (hierarchical: `admin` grants `admin.user`). */
  readonly rolePermissions = new Map<number, string[]>();
  readonly states = new Map<number, StateRecord>();
  readonly priorities = new Map<number, PriorityRecord>();
  readonly articleTypes = new Map<number, NamedLookup>();
  readonly articleSenders = new Map<number, NamedLookup>();
  readonly tickets = new Map<number, TicketRecord>();
  readonly articles = new Map<number, ArticleRecord>();
  /** Ticket id → tag names, in the order they were added. */
  readonly tags = new Map<number, string[]>();
  /** Lower-cased tag name → tag item (id, name). */
  readonly tagItems = new Map<string, { id: number; name: string }>();
  readonly links: LinkRecord[] = [];
  readonly history: HistoryRecord[] = [];
  readonly timeAccountings = new Map<number, TimeAccountingRecord>();
  readonly timeAccountingTypes = new Map<number, TimeAccountingTypeRecord>();
  readonly mentions = new Map<number, MentionRecord>();
  readonly textModules = new Map<number, TextModuleRecord>();
  readonly macros = new Map<number, MacroRecord>();
  /** Ticket id → its shared draft (at most one per ticket, as in Zammad). */
  readonly sharedDrafts = new Map<number, SharedDraftRecord>();
  /** Form id → the files uploaded for that form (UploadCache), in upload order. */
  readonly uploadCaches = new Map<string, StoredFileRecord[]>();
  readonly objectAttributes = new Map<number, ObjectAttributeRecord>();
  /**
   * Article id → its raw RFC 5322 source, as Zammad keeps it (Store object `Ticket::Article::Mail`,
   * served by /ticket_article_plain/:id). An email article without one gets a source made from its
   * fields; other articles have none.
   */
  readonly rawMails = new Map<number, string>();
  readonly kbCategories = new Map<number, KbCategoryRecord>();
  readonly kbAnswers = new Map<number, KbAnswerRecord>();
  readonly systemLocales = new Map<number, SystemLocaleRecord>();
  readonly kbLocales = new Map<number, KbLocaleRecord>();
  readonly tokens: TokenRecord[] = [];
  readonly checklists = new Map<number, ChecklistRecord>();
  readonly checklistItems = new Map<number, ChecklistItemRecord>();
  readonly checklistTemplates = new Map<number, ChecklistTemplateRecord>();
  readonly checklistTemplateItems = new Map<number, ChecklistTemplateItemRecord>();
  readonly onlineNotifications = new Map<number, OnlineNotificationRecord>();

  private readonly counters = new Map<Counter, number>();

  constructor(seed: number, settings: SandboxSettings) {
    this.seed = seed;
    this.settings = settings;
  }

  nextId(kind: Counter): number {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return n;
  }

  /** Makes sure the next id of `kind` is above `id` (after inserting records with explicit ids). */
  reserveId(kind: Counter, id: number): void {
    if ((this.counters.get(kind) ?? 0) < id) this.counters.set(kind, id);
  }

  now(): string {
    return this.clock.nowIso();
  }

  // ---- lookups -------------------------------------------------------------------------------

  ticket(id: number): TicketRecord | undefined {
    return this.tickets.get(id);
  }

  ticketByNumber(number: string | number): TicketRecord | undefined {
    const n = String(number);
    for (const t of this.tickets.values()) if (t.number === n) return t;
    return undefined;
  }

  /** Articles of a ticket ordered by created_at, id (as `by_ticket` returns them). */
  articlesOf(ticketId: number): ArticleRecord[] {
    const list = [...this.articles.values()].filter((a) => a.ticket_id === ticketId);
    return list.sort((a, b) =>
      a.created_at === b.created_at ? a.id - b.id : a.created_at < b.created_at ? -1 : 1,
    );
  }

  user(id: number): UserRecord | undefined {
    return this.users.get(id);
  }

  extra(id: number): UserExtra {
    const e = this.userExtras.get(id);
    if (!e) throw new Error(`no user extra for ${id}`);
    return e;
  }

  /** Login first, then email; case-insensitive. */
  userByLogin(value: string): UserRecord | undefined {
    const v = value.toLowerCase();
    for (const u of this.users.values()) if (u.login.toLowerCase() === v) return u;
    for (const u of this.users.values()) if (u.email !== '' && u.email.toLowerCase() === v) return u;
    return undefined;
  }

  fullname(u: UserRecord): string {
    const n = `${u.firstname} ${u.lastname}`.trim();
    return n === '' ? u.email || u.login : n;
  }

  byName<T extends { name: string }>(map: Map<number, T>, name: string): T | undefined {
    for (const r of map.values()) if (r.name === name) return r;
    return undefined;
  }

  lookupName(map: Map<number, { name: string }>, id: number | null): string | null {
    return id === null ? null : (map.get(id)?.name ?? null);
  }

  tagsOf(ticketId: number): string[] {
    return this.tags.get(ticketId) ?? [];
  }

  timeAccountingsOf(ticketId: number): TimeAccountingRecord[] {
    return [...this.timeAccountings.values()].filter((t) => t.ticket_id === ticketId);
  }

  linksOf(ticketId: number): LinkRecord[] {
    return this.links.filter((l) => l.source_id === ticketId || l.target_id === ticketId);
  }

  // ---- mutations -----------------------------------------------------------------------------

  addHistory(
    h: Omit<
      HistoryRecord,
      | 'id'
      | 'created_at'
      | 'attribute'
      | 'value_from'
      | 'value_to'
      | 'id_from'
      | 'id_to'
      | 'related_o_id'
      | 'related_object'
    > &
      Partial<HistoryRecord>,
  ): HistoryRecord {
    const rec: HistoryRecord = {
      id: this.nextId('history'),
      o_id: h.o_id,
      object: h.object,
      type: h.type,
      attribute: h.attribute ?? null,
      value_from: h.value_from ?? null,
      value_to: h.value_to ?? null,
      id_from: h.id_from ?? null,
      id_to: h.id_to ?? null,
      related_o_id: h.related_o_id ?? null,
      related_object: h.related_object ?? null,
      created_by_id: h.created_by_id,
      created_at: h.created_at ?? this.now(),
    };
    this.history.push(rec);
    return rec;
  }

  /** Marks a ticket as changed by `userId` (every write does this). */
  touchTicket(t: TicketRecord, userId: number, at: string = this.now()): void {
    t.updated_at = at;
    t.updated_by_id = userId;
  }

  /** Adds an article and updates the ticket (counters, contact times, updated_at) and history. */
  addArticle(input: NewArticle): ArticleRecord {
    return insertArticle(this, input);
  }

  /** Adds a tag (case-insensitive de-duplication); returns false when the ticket already had it. */
  addTag(ticketId: number, name: string, userId: number, at: string = this.now()): boolean {
    const list = this.tags.get(ticketId) ?? [];
    if (list.some((x) => x.toLowerCase() === name.toLowerCase())) return false;
    const key = name.toLowerCase();
    if (!this.tagItems.has(key)) this.tagItems.set(key, { id: this.nextId('tag'), name });
    list.push(name);
    this.tags.set(ticketId, list);
    this.addHistory({
      o_id: ticketId,
      object: 'Ticket',
      type: 'added',
      attribute: 'tag',
      value_to: name,
      created_by_id: userId,
      created_at: at,
    });
    return true;
  }

  removeTag(ticketId: number, name: string, userId: number): boolean {
    const list = this.tags.get(ticketId) ?? [];
    const i = list.findIndex((x) => x.toLowerCase() === name.toLowerCase());
    if (i < 0) return false;
    const [removed] = list.splice(i, 1);
    this.addHistory({
      o_id: ticketId,
      object: 'Ticket',
      type: 'removed',
      attribute: 'tag',
      value_to: removed ?? name,
      created_by_id: userId,
    });
    return true;
  }

  addLink(linkType: LinkType, sourceId: number, targetId: number, at: string = this.now()): LinkRecord {
    const existing = this.links.find(
      (l) => l.link_type === linkType && l.source_id === sourceId && l.target_id === targetId,
    );
    if (existing) return existing;
    const rec: LinkRecord = {
      id: this.nextId('link'),
      link_type: linkType,
      source_id: sourceId,
      target_id: targetId,
      created_at: at,
      updated_at: at,
    };
    this.links.push(rec);
    return rec;
  }

  addTimeAccounting(
    ticketId: number,
    timeUnit: number,
    userId: number,
    opts: { typeId?: number | null; articleId?: number | null; at?: string } = {},
  ): TimeAccountingRecord {
    const at = opts.at ?? this.now();
    const rec: TimeAccountingRecord = {
      id: this.nextId('timeAccounting'),
      ticket_id: ticketId,
      ticket_article_id: opts.articleId ?? null,
      time_unit: timeUnit.toFixed(1),
      type_id: opts.typeId ?? null,
      created_by_id: userId,
      created_at: at,
      updated_at: at,
    };
    this.timeAccountings.set(rec.id, rec);
    this.recalcTimeUnit(ticketId);
    return rec;
  }

  recalcTimeUnit(ticketId: number): void {
    const t = this.tickets.get(ticketId);
    if (!t) return;
    const list = this.timeAccountingsOf(ticketId);
    t.time_unit = list.length === 0 ? null : list.reduce((s, r) => s + Number(r.time_unit), 0).toFixed(1);
  }
}
