/** Article creation as creates_ticket_articles.rb does it (also used by ticket create/update and macros). */
import { createHash } from 'node:crypto';
import { can, type Principal } from './auth.js';
import { unprocessable } from './errors.js';
import { isObject, str, toI, truthy } from './http.js';
import { HELPDESK_DOMAIN, SUPPORT_ADDRESS } from './seed-text.js';
import type { NewArticle, SandboxStore } from './store.js';
import type { ArticleRecord, JsonObject, TicketRecord } from './types.js';

const noLookup = (key: string, value: string) =>
  unprocessable(`No lookup value found for '${key}': ${JSON.stringify(value)}`);

/**
 * `attachments` params as article_create_attachments_params checks them: mime-type, filename and
 * data are required; data is strict base64 once line breaks are removed.
 */
function decodeAttachments(list: unknown): NonNullable<NewArticle['attachments']> {
  if (!Array.isArray(list)) return [];
  return list.map((item: unknown, index) => {
    const a = isObject(item) ? item : {};
    for (const key of ['mime-type', 'filename', 'data'])
      if (a[key] === undefined || a[key] === null || a[key] === false)
        throw unprocessable(`Attachment needs '${key}' param for attachment with index '${index}'`);
    const data = String(a['data']).replace(/[\r\n]/g, '');
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(data))
      throw unprocessable(`Invalid base64 for attachment with index '${index}'`);
    return {
      filename: String(a['filename']),
      mimeType: String(a['mime-type']),
      data: Buffer.from(data, 'base64'),
    };
  });
}

/** The files uploaded for `form_id` (article_create_attachments_form_id); the cache is emptied once the article exists. */
function formAttachments(
  store: SandboxStore,
  formId: string | undefined,
): NonNullable<NewArticle['attachments']> {
  if (!formId) return [];
  return (store.uploadCaches.get(formId) ?? []).map((f) => ({
    filename: f.filename,
    mimeType: String(f.preferences['Content-Type'] ?? 'application/octet-stream'),
    data: f.data,
  }));
}

/** `data:` URIs in HTML bodies become inline attachments; the body then points at them. */
function extractInlineImages(body: string): {
  body: string;
  inline: Array<{ placeholder: string; mimeType: string; data: Buffer; n: number }>;
} {
  const inline: Array<{ placeholder: string; mimeType: string; data: Buffer; n: number }> = [];
  const out = body.replace(
    /src="data:([\w/+.-]+);base64,([A-Za-z0-9+/=\s]+)"/g,
    (_m, mime: string, data: string) => {
      const placeholder = `__sandbox_inline_${inline.length}__`;
      inline.push({
        placeholder,
        mimeType: mime,
        data: Buffer.from(data.replace(/\s+/g, ''), 'base64'),
        n: inline.length + 1,
      });
      return `src="${placeholder}"`;
    },
  );
  return { body: out, inline };
}

/** Creates an article on `t` from API params. Throws Zammad's 422s for bad input. */
export function createArticle(
  store: SandboxStore,
  p: Principal,
  t: TicketRecord,
  params: Record<string, unknown>,
): ArticleRecord {
  if (params['body'] === undefined || params['body'] === null)
    throw unprocessable("Need at least an 'article body' field.");
  const isAgent = can(store, p, 'ticket.agent');
  const user = p.user;

  let type = str(params['type']);
  if (type === undefined && params['type_id'] !== undefined) {
    type = store.articleTypes.get(toI(params['type_id']))?.name;
    if (type === undefined)
      throw unprocessable(`Invalid value for param 'type_id': ${String(params['type_id'])}`);
  }
  type ??= 'note';
  if (!store.byName(store.articleTypes, type)) throw noLookup('type', type);

  let sender = str(params['sender']);
  if (sender === undefined && params['sender_id'] !== undefined) {
    sender = store.articleSenders.get(toI(params['sender_id']))?.name;
    if (sender === undefined)
      throw unprocessable(`Invalid value for param 'sender_id': ${String(params['sender_id'])}`);
  }
  sender ??= isAgent ? 'Agent' : 'Customer';
  if (!store.byName(store.articleSenders, sender)) throw noLookup('sender', sender);

  let internal = truthy(params['internal']);
  if (!isAgent) {
    sender = 'Customer';
    internal = false;
    if (type !== 'note' && type !== 'web') type = 'web';
  }

  const contentType = str(params['content_type']) ?? 'text/plain';
  const formId = str(params['form_id']);
  const attachments = [...formAttachments(store, formId), ...decodeAttachments(params['attachments'])];
  const rawBody = typeof params['body'] === 'string' ? params['body'] : String(params['body']);
  const { body, inline } =
    contentType === 'text/html' ? extractInlineImages(rawBody) : { body: rawBody, inline: [] };
  const customer = store.user(t.customer_id);
  const fullname = store.fullname(user);
  const isEmail = type === 'email';
  const from =
    str(params['from']) ??
    (isEmail && sender === 'Agent'
      ? `${fullname} via Helpdesk <${SUPPORT_ADDRESS}>`
      : sender === 'Customer' && user.email
        ? `${fullname} <${user.email}>`
        : fullname);
  const to =
    str(params['to']) ?? (isEmail && customer ? `${store.fullname(customer)} <${customer.email}>` : null);
  const preferences: JsonObject = isObject(params['preferences'])
    ? (params['preferences'] as JsonObject)
    : {};
  const originBy = params['origin_by_id'] === undefined ? null : toI(params['origin_by_id']);

  const article = store.addArticle({
    ticket_id: t.id,
    type,
    sender,
    internal,
    content_type: contentType,
    body,
    from,
    to,
    cc: str(params['cc']) ?? null,
    subject: str(params['subject']) ?? (isEmail ? t.title : null),
    created_by_id: user.id,
    origin_by_id: originBy,
    preferences,
    message_id: isEmail
      ? `<${createHash('md5').update(`${t.id}:${store.articles.size}:${body}`).digest('hex').slice(0, 24)}@${HELPDESK_DOMAIN}>`
      : null,
    attachments: [
      ...attachments,
      ...inline.map((i) => ({
        filename: `image${i.n}.${i.mimeType.split('/')[1] ?? 'bin'}`,
        mimeType: i.mimeType,
        data: i.data,
        preferences: { 'Content-Disposition': 'inline', 'Content-ID': `${i.placeholder}@${HELPDESK_DOMAIN}` },
      })),
    ],
  });
  if (inline.length > 0) {
    let html = article.body;
    inline.forEach((i, idx) => {
      const att = article.attachments[attachments.length + idx];
      if (att)
        html = html.replace(
          i.placeholder,
          `/api/v1/ticket_attachment/${t.id}/${article.id}/${att.id}?view=inline`,
        );
    });
    article.body = html;
  }

  if (formId) store.uploadCaches.delete(formId);

  const timeUnit = params['time_unit'];
  if (timeUnit !== undefined && timeUnit !== null && timeUnit !== '') {
    const n = Number(timeUnit);
    if (Number.isNaN(n)) throw unprocessable(`Invalid value for param 'time_unit': ${String(timeUnit)}`);
    // article_create_accounted_time_params: type_id from accounted_time_type_id, or the type by name
    // from accounted_time_type (association_name_to_id_convert: an unknown name is a 422).
    let typeId =
      params['accounted_time_type_id'] === undefined || params['accounted_time_type_id'] === null
        ? null
        : toI(params['accounted_time_type_id']);
    if (typeId !== null && !store.timeAccountingTypes.has(typeId))
      throw unprocessable(`Invalid value for param 'accounted_time_type_id': ${typeId}`);
    const typeName = str(params['accounted_time_type']);
    if (typeId === null && typeName !== undefined) {
      const type = store.byName(store.timeAccountingTypes, typeName);
      if (!type) throw noLookup('type', typeName);
      typeId = type.id;
    }
    store.addTimeAccounting(t.id, n, user.id, { articleId: article.id, typeId });
  }

  // a customer's follow-up reopens a closed or pending ticket
  if (sender === 'Customer' && [3, 4, 6].includes(t.state_id)) {
    const from = t.state_id;
    t.state_id = 2;
    t.pending_time = null;
    store.addHistory({
      o_id: t.id,
      object: 'Ticket',
      type: 'updated',
      attribute: 'state',
      value_from: store.lookupName(store.states, from),
      value_to: 'open',
      id_from: from,
      id_to: 2,
      created_by_id: user.id,
    });
  }
  return article;
}
