/**
 * What the search index holds per record (zammad-documentation
 * install/elasticsearch/indexed-attributes.rst, simplified), and the SQL fallback columns.
 */
import type { Doc, FieldKinds } from './search.js';
import type { SandboxStore } from './store.js';
import type { ArticleRecord, OrganizationRecord, TicketRecord, UserRecord } from './types.js';

const TICKET_DATES = [
  'created_at',
  'updated_at',
  'close_at',
  'pending_time',
  'first_response_at',
  'escalation_at',
  'last_contact_at',
  'last_contact_agent_at',
  'last_contact_customer_at',
  'last_close_at',
];
const TICKET_NUMBERS = [
  'id',
  'group_id',
  'state_id',
  'priority_id',
  'owner_id',
  'customer_id',
  'organization_id',
  'article_count',
  'create_article_type_id',
  'create_article_sender_id',
  'mention_user_ids',
];

export const TICKET_KINDS: FieldKinds = { dates: new Set(TICKET_DATES), numbers: new Set(TICKET_NUMBERS) };
export const USER_KINDS: FieldKinds = {
  dates: new Set(['created_at', 'updated_at', 'last_login']),
  numbers: new Set(['id', 'organization_id', 'role_ids', 'login_failed']),
};
export const ORG_KINDS: FieldKinds = {
  dates: new Set(['created_at', 'updated_at']),
  numbers: new Set(['id', 'member_ids']),
};

/** HTML to indexable text (tags dropped, common entities decoded). */
const textCache = new Map<string, string>();

export function htmlToText(html: string): string {
  const cached = textCache.get(html);
  if (cached !== undefined) return cached;
  const text = html
    .replace(/<(br|\/div|\/p|\/li|\/blockquote)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  if (textCache.size > 10_000) textCache.clear();
  textCache.set(html, text);
  return text;
}

function put(doc: Doc, field: string, ...values: Array<string | number | boolean | null | undefined>): void {
  for (const v of values) {
    if (v === null || v === undefined || v === '') continue;
    const list = doc.get(field);
    if (list) list.push(String(v));
    else doc.set(field, [String(v)]);
  }
}

function putUser(doc: Doc, prefix: string, u: UserRecord | undefined): void {
  if (!u) return;
  put(doc, `${prefix}.login`, u.login);
  put(doc, `${prefix}.email`, u.email);
  put(doc, `${prefix}.firstname`, u.firstname);
  put(doc, `${prefix}.lastname`, u.lastname);
  put(doc, `${prefix}.fullname`, `${u.firstname} ${u.lastname}`.trim());
  put(doc, `${prefix}.phone`, u.phone);
}

export function ticketDoc(
  store: SandboxStore,
  t: TicketRecord,
  articles: ArticleRecord[] = store.articlesOf(t.id),
): Doc {
  const doc: Doc = new Map();
  for (const f of ['number', 'title', 'note', ...TICKET_DATES, ...TICKET_NUMBERS] as const) {
    const v = (t as unknown as Record<string, unknown>)[f];
    if (typeof v === 'string' || typeof v === 'number') put(doc, f, v);
  }
  for (const [k, v] of Object.entries(t.custom))
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') put(doc, k, v);
  put(doc, 'state.name', store.lookupName(store.states, t.state_id));
  put(doc, 'priority.name', store.lookupName(store.priorities, t.priority_id));
  put(doc, 'group.name', store.lookupName(store.groups, t.group_id));
  put(doc, 'organization.name', store.lookupName(store.organizations, t.organization_id));
  putUser(doc, 'owner', store.user(t.owner_id));
  putUser(doc, 'customer', store.user(t.customer_id));
  put(doc, 'tags', ...store.tagsOf(t.id));
  for (const m of store.mentions.values())
    if (m.mentionable_type === 'Ticket' && m.mentionable_id === t.id) put(doc, 'mention_user_ids', m.user_id);
  for (const a of articles) {
    put(doc, 'article.body', a.content_type === 'text/html' ? htmlToText(a.body) : a.body);
    put(doc, 'article.from', a.from);
    put(doc, 'article.to', a.to);
    put(doc, 'article.cc', a.cc);
    put(doc, 'article.subject', a.subject);
    put(doc, 'article.internal', a.internal);
    for (const att of a.attachments) put(doc, 'article.attachment.title', att.filename);
  }
  return doc;
}

/** Zammad's SQL fallback for tickets: title, number and article body/from/to/subject. */
export function ticketSqlColumns(t: TicketRecord, articles: ArticleRecord[]): Array<string | null> {
  const cols: Array<string | null> = [t.title, t.number];
  for (const a of articles) cols.push(a.body, a.from, a.to, a.subject);
  return cols;
}

export function userDoc(store: SandboxStore, u: UserRecord): Doc {
  const doc: Doc = new Map();
  for (const f of [
    'id',
    'login',
    'firstname',
    'lastname',
    'email',
    'phone',
    'mobile',
    'fax',
    'web',
    'note',
    'department',
    'street',
    'zip',
    'city',
    'country',
    'organization_id',
    'created_at',
    'updated_at',
    'last_login',
    'vip',
    'active',
    'verified',
  ] as const) {
    put(doc, f, u[f]);
  }
  put(doc, 'fullname', `${u.firstname} ${u.lastname}`.trim());
  put(doc, 'organization.name', store.lookupName(store.organizations, u.organization_id));
  put(doc, 'role_ids', ...(store.userExtras.get(u.id)?.role_ids ?? []));
  return doc;
}

export function userSqlColumns(u: UserRecord): Array<string | null> {
  return [u.firstname, u.lastname, `${u.firstname} ${u.lastname}`, u.email, u.login, u.phone, u.mobile];
}

export function orgDoc(store: SandboxStore, o: OrganizationRecord): Doc {
  const doc: Doc = new Map();
  for (const f of [
    'id',
    'name',
    'domain',
    'note',
    'shared',
    'vip',
    'active',
    'created_at',
    'updated_at',
  ] as const)
    put(doc, f, o[f]);
  for (const u of store.users.values()) if (u.organization_id === o.id) put(doc, 'member_ids', u.id);
  return doc;
}

export function orgSqlColumns(o: OrganizationRecord): Array<string | null> {
  return [o.name, o.domain, o.note];
}

/** All articles grouped by ticket, in one pass (for searches over many tickets). */
export function articlesByTicket(store: SandboxStore): Map<number, ArticleRecord[]> {
  const out = new Map<number, ArticleRecord[]>();
  for (const a of store.articles.values()) {
    const list = out.get(a.ticket_id);
    if (list) list.push(a);
    else out.set(a.ticket_id, [a]);
  }
  return out;
}
