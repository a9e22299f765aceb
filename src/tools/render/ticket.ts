/**
 * Model-facing rendering of tickets and articles: compact lines, names over ids, dates once.
 */
import { ticketNames } from '../names.js';
import { z } from 'zod';
import { htmlToText } from '../../content/index.js';
import { ARTICLE_SENDERS, ARTICLE_TYPES, type ReferenceSnapshot } from '../../zammad/reference.js';
import type { BoundedArticle } from '../../zammad/client.js';
import type { Article, Assets, Ticket } from '../../zammad/schemas.js';
import { TicketSchema } from '../../zammad/schemas.js';
import { compact, cut, fmtDate, kv } from './format.js';
import { assetOrgName, assetUser, personName, personShort } from './people.js';

/** Ticket columns that are not custom object attributes. */
const CORE_FIELDS = new Set([
  ...Object.keys(TicketSchema.shape),
  'note',
  'first_response_in_min',
  'first_response_diff_in_min',
  'close_in_min',
  'close_diff_in_min',
  'update_in_min',
  'update_diff_in_min',
  'last_close_at',
  'last_contact_agent_at',
  'last_contact_customer_at',
  'last_owner_update_at',
  'create_article_type_id',
  'create_article_sender_id',
  'type',
  'preferences',
  'updated_by_id',
  'created_by_id',
  'checklist_id',
  'ticket_time_accounting_ids',
  'referencing_checklist_ids',
  'ai_stored_result_ids',
  'created_by',
  'updated_by',
  'create_article_type',
  'create_article_sender',
  'organization',
  'article_ids',
  'mention_user_ids',
]);

/** Custom object attributes: fields Zammad sent that are not core columns, with a value. */
export function customAttributes(t: Ticket): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(t)) {
    if (CORE_FIELDS.has(k) || v === null || v === undefined || v === '') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    // a multiselect's value: its keys
    else if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) out[k] = v.join(', ');
  }
  return out;
}

export const TicketOut = z.object({
  id: z.number(),
  number: z.string(),
  title: z.string(),
  state: z.string().optional(),
  priority: z.string().optional(),
  group: z.string().optional(),
  owner: z.string().optional(),
  customer: z.string().optional(),
  organization: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string(),
  pending_time: z.string().optional(),
  escalation_at: z.string().optional(),
  first_response_escalation_at: z.string().optional(),
  update_escalation_at: z.string().optional(),
  close_escalation_at: z.string().optional(),
  close_at: z.string().optional(),
  article_count: z.number().optional(),
  tags: z.array(z.string()).optional(),
  custom: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type TicketOut = z.infer<typeof TicketOut>;

export interface Names {
  ref: ReferenceSnapshot;
  assets?: Assets;
}

/** The ticket in structured form, names resolved from expand fields, assets or the reference cache. */
export function ticketOut(t: Ticket, n: Names, tags?: string[]): TicketOut {
  const a = n.assets ?? {};
  const owner = personName(assetUser(a, t.owner_id)) ?? (t.owner && t.owner !== '-' ? t.owner : undefined);
  const custom = customAttributes(t);
  return compact({
    id: t.id,
    number: t.number,
    title: t.title,
    ...ticketNames(t, n.ref),
    owner,
    customer: personName(assetUser(a, t.customer_id)) ?? t.customer ?? undefined,
    organization: t.organization ?? assetOrgName(a, t.organization_id),
    created_at: t.created_at,
    updated_at: t.updated_at,
    pending_time: t.pending_time ?? undefined,
    escalation_at: t.escalation_at ?? undefined,
    first_response_escalation_at: t.first_response_escalation_at ?? undefined,
    update_escalation_at: t.update_escalation_at ?? undefined,
    close_escalation_at: t.close_escalation_at ?? undefined,
    close_at: t.close_at ?? undefined,
    article_count: t.article_count ?? undefined,
    tags,
    custom: Object.keys(custom).length ? custom : undefined,
  }) as TicketOut;
}

/** Header block of one ticket. */
export function ticketText(t: TicketOut): string {
  const lines = [
    `Ticket #${t.number} (id ${t.id}): ${t.title}`,
    kv([
      ['state', t.state],
      ['priority', t.priority],
      ['group', t.group],
      ['owner', t.owner ?? 'unassigned'],
    ]),
    kv([
      ['customer', t.customer],
      ['org', t.organization],
    ]),
    kv([
      ['created', fmtDate(t.created_at)],
      ['updated', fmtDate(t.updated_at)],
      ['pending until', fmtDate(t.pending_time)],
      ['closed', fmtDate(t.close_at)],
    ]),
    kv([
      ['escalation', fmtDate(t.escalation_at)],
      ['first response due', fmtDate(t.first_response_escalation_at)],
      ['update due', fmtDate(t.update_escalation_at)],
      ['solution due', fmtDate(t.close_escalation_at)],
    ]),
  ];
  if (t.tags?.length) lines.push(`tags: ${t.tags.join(', ')}`);
  if (t.custom)
    lines.push(
      `fields: ${Object.entries(t.custom)
        .map(([k, v]) => `${k}=${v}`)
        .join(' · ')}`,
    );
  return lines.filter((l) => l.length > 0).join('\n');
}

/** One line per ticket in lists. */
export function ticketRow(t: TicketOut): string {
  const who = kv([
    ['owner', t.owner],
    ['cust', t.customer],
  ]);
  return `#${t.number} id ${t.id} · ${[t.state, t.priority, t.group].filter(Boolean).join(' · ')}${who ? ` · ${who}` : ''} · upd ${fmtDate(t.updated_at)}\n  ${t.title}`;
}

export const AttachmentOut = z.object({
  id: z.number(),
  filename: z.string(),
  size: z.number(),
  content_type: z.string().optional(),
});

export const ArticleOut = z.object({
  id: z.number(),
  ticket_id: z.number(),
  created_at: z.string(),
  type: z.string().optional(),
  sender: z.string().optional(),
  internal: z.boolean(),
  from: z.string().optional(),
  to: z.string().optional(),
  cc: z.string().optional(),
  subject: z.string().optional(),
  created_by: z.string().optional(),
  body: z.string(),
  /** Total length of the body as text; `body` may be a part of it. */
  body_length: z.number(),
  /** Where `body` starts in the full text (get_ticket_article offset). */
  body_offset: z.number().optional(),
  body_truncated: z.boolean().optional(),
  /**
   * For a body too long to be read whole (ZAMMAD_MAX_BODY_CHARS): where get_ticket_article's
   * `offset` continues, counted in characters as Zammad stores the body (`body_length` likewise).
   */
  body_next_offset: z.number().optional(),
  quoted_omitted: z.number().optional(),
  attachments: z.array(AttachmentOut).optional(),
});
export type ArticleOut = z.infer<typeof ArticleOut>;

/** The article body as readable text: HTML through the HTML converter. */
export function articleBodyText(a: Article): string {
  const html = (a.content_type ?? '').toLowerCase().includes('html');
  return (html ? htmlToText(a.body) : a.body.replace(/\r\n?/g, '\n')).trim();
}

/** Drops the quoted history at the end of a reply ("On … wrote:" then "> " lines), which repeats earlier articles. */
export function dropTrailingQuote(text: string): { text: string; omitted: number } {
  const lines = text.split('\n');
  let i = lines.length;
  while (i > 0 && (lines[i - 1]?.startsWith('>') || lines[i - 1]?.trim() === '')) i--;
  const quoted = lines.length - i;
  if (quoted < 3) return { text, omitted: 0 };
  if (i > 0 && /(wrote|schrieb|a écrit|escribió)\s*:\s*$/i.test(lines[i - 1] ?? '')) i--;
  if (i === 0) return { text, omitted: 0 }; // nothing but a quote: keep it
  return { text: lines.slice(0, i).join('\n').trimEnd(), omitted: lines.length - i };
}

export interface ArticleRenderOptions {
  maxBodyChars: number;
  offset?: number;
  dropQuotes?: boolean;
  assets?: Assets;
}

export function articleOut(a: BoundedArticle, o: ArticleRenderOptions): ArticleOut {
  const full = articleBodyText(a);
  const w = a.body_window;
  let body = full;
  let omitted = 0;
  const offset = w ? 0 : (o.offset ?? 0);
  if (o.dropQuotes && offset === 0 && !w) ({ text: body, omitted } = dropTrailingQuote(full));
  body = body.slice(offset);
  const c = cut(body, o.maxBodyChars);
  const creator = personName(assetUser(o.assets ?? {}, a.created_by_id)) ?? a.created_by ?? undefined;
  // A part of a body too long to read whole: lengths and offsets count the body as stored. Where
  // the text shown is cut again, reading goes on from the start of this part (nothing is skipped).
  const part = w
    ? {
        body_length: w.total,
        body_offset: w.offset || undefined,
        body_truncated: c.cut || w.offset + a.body.length < w.total || undefined,
        body_next_offset: c.cut ? w.offset : w.offset + a.body.length,
      }
    : { body_length: full.length, body_offset: offset || undefined, body_truncated: c.cut || undefined };
  const out = compact({
    id: a.id,
    ticket_id: a.ticket_id,
    created_at: a.created_at,
    type: a.type ?? (a.type_id ? ARTICLE_TYPES[a.type_id] : undefined),
    sender: a.sender ?? (a.sender_id ? ARTICLE_SENDERS[a.sender_id] : undefined),
    internal: a.internal,
    from: a.from ?? undefined,
    to: a.to ?? undefined,
    cc: a.cc ?? undefined,
    subject: a.subject ?? undefined,
    created_by: creator && creator !== '-' ? creator : undefined,
    body: c.text,
    ...part,
    quoted_omitted: omitted || undefined,
    attachments: a.attachments.map((x) =>
      compact({
        id: x.id,
        filename: x.filename,
        size: x.size,
        content_type: contentTypeOf(x.preferences),
      }),
    ),
  }) as ArticleOut;
  // An article without text (an image-only mail) has an empty body, which compact() would drop.
  return out.body === undefined ? { ...out, body: '' } : out;
}

function contentTypeOf(p: Record<string, unknown> | null | undefined): string | undefined {
  const v = p?.['Content-Type'] ?? p?.['Mime-Type'] ?? p?.['content_type'];
  return typeof v === 'string' ? v.split(';')[0]?.trim() : undefined;
}

export function fmtSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const REPLY_PREFIX = /^\s*((re|aw|fw|fwd|wg|sv|antw|tr)\s*(\[\d+\])?\s*:\s*)+/i;

/** A subject without reply/forward prefixes, for comparing. */
export function baseSubject(s: string | undefined): string {
  return (s ?? '').replace(REPLY_PREFIX, '').trim().toLowerCase();
}

/**
 * One article as text. `context.previousSubject` (the thread's last subject, or the ticket title)
 * lets a thread omit subjects that only repeat it with "Re:".
 */
export function articleText(a: ArticleOut, context: { previousSubject?: string } = {}): string {
  const head = [
    `— article ${a.id} · ${fmtDate(a.created_at)} · ${[a.type, a.sender].filter(Boolean).join('/')}${a.internal ? ' · INTERNAL' : ''}`,
  ];
  const addr = kv([
    ['from', a.from ?? a.created_by],
    ['to', a.to],
    ['cc', a.cc],
  ]);
  if (addr) head.push(addr);
  const repeats =
    context.previousSubject !== undefined && baseSubject(a.subject) === baseSubject(context.previousSubject);
  if (a.subject && !repeats) head.push(`subject: ${a.subject}`);
  const lines = [...head, a.body];
  if (a.body_truncated && a.body_next_offset !== undefined) {
    lines.push(
      `(cut: the body has ${a.body_length} characters as stored; get_ticket_article article_id=${a.id} offset=${a.body_next_offset} reads on)`,
    );
  } else if (a.body_truncated) {
    const next = (a.body_offset ?? 0) + a.body.length;
    lines.push(
      `(cut at ${next} of ${a.body_length} chars; get_ticket_article article_id=${a.id} offset=${next})`,
    );
  } else if (a.quoted_omitted) {
    lines.push(`(${a.quoted_omitted} quoted lines omitted)`);
  }
  if (a.attachments?.length) {
    lines.push(
      `attachments: ${a.attachments.map((x) => `${x.filename} (${fmtSize(x.size)}${x.content_type ? `, ${x.content_type}` : ''}, id ${x.id})`).join('; ')}`,
    );
  }
  return lines.join('\n');
}

/** A thread of articles; subjects that only repeat the previous one (or the title) are left out. */
export function threadText(articles: readonly ArticleOut[], title: string): string[] {
  let previous = title;
  return articles.map((a) => {
    const t = articleText(a, { previousSubject: previous });
    if (a.subject) previous = a.subject;
    return t;
  });
}

export { personShort };
