/** Article insertion: the store side of creating an article (used by the seed, the routes and tests). */
import type { SandboxStore } from './store.js';
import type { ArticleRecord, AttachmentRecord, JsonObject } from './types.js';

export type NewArticle = {
  ticket_id: number;
  body: string;
  type?: string;
  sender?: string;
  content_type?: string;
  internal?: boolean;
  from?: string | null;
  to?: string | null;
  cc?: string | null;
  subject?: string | null;
  created_by_id?: number;
  created_at?: string;
  message_id?: string | null;
  in_reply_to?: string | null;
  reply_to?: string | null;
  origin_by_id?: number | null;
  preferences?: JsonObject;
  attachments?: Array<{ filename: string; mimeType: string; data: Buffer; preferences?: JsonObject }>;
};

export function insertArticle(store: SandboxStore, input: NewArticle): ArticleRecord {
  const t = store.tickets.get(input.ticket_id);
  if (!t) throw new Error(`no ticket ${input.ticket_id}`);
  const at = input.created_at ?? store.now();
  const typeId = store.byName(store.articleTypes, input.type ?? 'note')?.id ?? 10;
  const sender = store.byName(store.articleSenders, input.sender ?? 'Agent') ?? { id: 1, name: 'Agent' };
  const by = input.created_by_id ?? 1;
  const attachments: AttachmentRecord[] = (input.attachments ?? []).map((a) => ({
    id: store.nextId('attachment'),
    store_file_id: store.nextId('storeFile'),
    filename: a.filename,
    size: String(a.data.length),
    preferences: { 'Content-Type': a.mimeType, 'Mime-Type': a.mimeType, ...(a.preferences ?? {}) },
    data: a.data,
  }));
  const article: ArticleRecord = {
    id: store.nextId('article'),
    ticket_id: t.id,
    type_id: typeId,
    sender_id: sender.id,
    from: input.from ?? null,
    to: input.to ?? null,
    cc: input.cc ?? null,
    subject: input.subject ?? null,
    reply_to: input.reply_to ?? null,
    message_id: input.message_id ?? null,
    message_id_md5: null,
    in_reply_to: input.in_reply_to ?? null,
    content_type: input.content_type ?? 'text/plain',
    references: null,
    body: input.body,
    internal: input.internal ?? false,
    preferences: input.preferences ?? {},
    updated_by_id: by,
    created_by_id: by,
    origin_by_id: input.origin_by_id ?? null,
    created_at: at,
    updated_at: at,
    attachments,
  };
  store.articles.set(article.id, article);
  t.article_count += 1;
  if (t.create_article_type_id === null) {
    t.create_article_type_id = typeId;
    t.create_article_sender_id = sender.id;
  }
  if (!article.internal && sender.name === 'Customer') {
    t.last_contact_at = at;
    t.last_contact_customer_at = at;
  } else if (!article.internal && sender.name === 'Agent' && typeId !== 10) {
    t.last_contact_at = at;
    t.last_contact_agent_at = at;
    t.first_response_at ??= at;
  }
  store.touchTicket(t, by, at);
  store.addHistory({
    o_id: article.id,
    object: 'Ticket::Article',
    type: 'created',
    related_o_id: t.id,
    related_object: 'Ticket',
    created_by_id: by,
    created_at: at,
  });
  return article;
}
