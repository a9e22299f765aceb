/** /ticket_articles, /ticket_attachment, /ticket_article_plain (ticket_articles_controller.rb). */
import { agentGroupAccess, canReadTicket, canSeeArticle, canUpdateTicket } from '../access.js';
import { createArticle } from '../article-write.js';
import { can, requireAny } from '../auth.js';
import { HttpError, notAuthorized } from '../errors.js';
import {
  find,
  flag,
  idParam,
  isObject,
  json,
  me,
  paginate,
  slice,
  toI,
  truthy,
  type Ctx,
  type Reply,
} from '../http.js';
import { Assets, articleAttrs } from '../render.js';
import type { Route } from '../server.js';
import type { ArticleRecord, TicketRecord } from '../types.js';
import { HELPDESK_DOMAIN } from '../seed-text.js';
import { assetsFor, readTicket } from './ticket-render.js';

function readArticle(ctx: Ctx): { a: ArticleRecord; t: TicketRecord } {
  const p = me(ctx);
  const a = find(ctx.store.articles, idParam(ctx, 'id', 'Ticket::Article'), 'Ticket::Article');
  const t = ctx.store.ticket(a.ticket_id);
  if (!t || !canSeeArticle(ctx.store, p, t, a)) throw notAuthorized();
  return { a, t };
}

function articleReply(ctx: Ctx, a: ArticleRecord, status: number): Reply {
  if (flag(ctx, 'full')) return json({ id: a.id, assets: new Assets(ctx.store).article(a).data }, status);
  return json(articleAttrs(ctx.store, a), status);
}

function byTicket(ctx: Ctx): Reply {
  const p = me(ctx);
  const t = readTicket(ctx);
  const list = ctx.store.articlesOf(t.id).filter((a) => canSeeArticle(ctx.store, p, t, a));
  if (flag(ctx, 'full')) {
    // Zammad's loop does `assets = article.assets({})` per article: the assets hold only the last
    // visible article, with its ticket and users (ticket_articles_controller.rb#index_by_ticket,
    // the same from 5.x to 7.x).
    const last = list[list.length - 1];
    const assets = last ? assetsFor(ctx).ticket(t).article(last).data : {};
    return json({ record_ids: list.map((a) => a.id), assets });
  }
  return json(list.map((a) => articleAttrs(ctx.store, a)));
}

function index(ctx: Ctx): Reply {
  const p = me(ctx);
  requireAny(ctx.store, p, ['admin']);
  const page = paginate(ctx, { default: 500, max: 1000 });
  return json(slice([...ctx.store.articles.values()], page).map((a) => articleAttrs(ctx.store, a)));
}

function show(ctx: Ctx): Reply {
  return articleReply(ctx, readArticle(ctx).a, 200);
}

function create(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const raw = ctx.input['ticket_id'];
  const t = find(store.tickets, toI(raw), 'Ticket');
  const allowed = agentGroupAccess(store, p, t.group_id, 'create') || canUpdateTicket(store, p, t);
  if (!allowed) throw notAuthorized();
  const article = createArticle(store, p, t, ctx.input);
  return articleReply(ctx, article, 201);
}

function update(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const { a, t } = readArticle(ctx);
  if (!can(store, p, 'ticket.agent') || !canUpdateTicket(store, p, t)) throw notAuthorized();
  const internal = ctx.input['internal'];
  if (internal !== undefined && internal !== null && truthy(internal) !== a.internal) {
    const to = truthy(internal);
    store.addHistory({
      o_id: a.id,
      object: 'Ticket::Article',
      type: 'updated',
      attribute: 'internal',
      value_from: String(a.internal),
      value_to: String(to),
      related_o_id: t.id,
      related_object: 'Ticket',
      created_by_id: p.user.id,
    });
    a.internal = to;
  }
  const prefs = ctx.input['preferences'];
  if (isObject(prefs) && prefs['highlight'] !== undefined)
    a.preferences = { ...a.preferences, highlight: String(prefs['highlight']) };
  const at = store.now();
  a.updated_at = at;
  a.updated_by_id = p.user.id;
  store.touchTicket(t, p.user.id, at);
  return articleReply(ctx, a, 200);
}

const SAFE_INLINE = /^(image\/(png|jpe?g|gif|webp)|application\/pdf|text\/plain)$/;

function attachment(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  let t = find(store.tickets, idParam(ctx, 'ticket_id', 'Ticket'), 'Ticket');
  if (!canReadTicket(store, p, t)) throw notAuthorized();
  const a = find(store.articles, idParam(ctx, 'article_id', 'Ticket::Article'), 'Ticket::Article');
  if (a.ticket_id !== t.id) {
    // a merged source ticket's id is still accepted for its moved articles
    if (t.state_id !== 5) throw new HttpError(403, 'The article does not belong to the specified ticket.');
    const real = store.ticket(a.ticket_id);
    if (!real || !canReadTicket(store, p, real)) throw notAuthorized();
    t = real;
  }
  if (!canSeeArticle(store, p, t, a)) throw notAuthorized();
  const att = a.attachments.find((x) => String(x.id) === ctx.params['id']);
  if (!att) throw new HttpError(403, 'The file does not belong to the specified article.');
  const type = String(att.preferences['Content-Type'] ?? 'application/octet-stream');
  const wanted = ctx.input['disposition'];
  const disposition =
    wanted === 'attachment' || wanted === 'inline'
      ? wanted
      : SAFE_INLINE.test(type)
        ? 'inline'
        : 'attachment';
  return {
    status: 200,
    body: att.data,
    headers: {
      'Content-Type': type,
      'Content-Disposition': `${disposition}; filename="${att.filename.replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(att.filename)}`,
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      'X-Content-Type-Options': 'nosniff',
    },
  };
}

/**
 * `GET /ticket_article_plain/:id` (ticket_articles_controller.rb#article_plain): the stored raw
 * email as `message/rfc822`, inline. An article without one (a note, a phone call, a web form)
 * makes the action return without rendering, which Rails answers with 204 and no body.
 */
function plain(ctx: Ctx): Reply {
  const { a, t } = readArticle(ctx);
  const raw = ctx.store.rawMails.get(a.id) ?? (a.type_id === 1 ? sourceOf(a, t) : undefined);
  if (raw === undefined) return { status: 204, empty: true };
  return {
    status: 200,
    body: Buffer.from(raw, 'utf8'),
    headers: {
      'Content-Type': 'message/rfc822',
      'Content-Disposition': `inline; filename="ticket-${t.number}-${a.id}.eml"`,
    },
  };
}

/** The trace headers a mail gets on its way in: one hop into the helpdesk's MX, authenticated. */
function traceOf(a: ArticleRecord): string[] {
  const address = /<([^<>@\s]+@([^<>\s]+))>/.exec(a.from ?? '') ?? /(\S+@(\S+))/.exec(a.from ?? '');
  if (!address) return [];
  const [, mailbox, domain] = address;
  const date = new Date(a.created_at).toUTCString();
  const incoming = a.sender_id === 2;
  const mx = incoming ? `mx.${HELPDESK_DOMAIN}` : `mail.${HELPDESK_DOMAIN}`;
  return [
    `Return-Path: <${mailbox}>`,
    `Received: from mail.${domain} (mail.${domain} [192.0.2.${(a.id % 250) + 1}]) by ${mx} with ESMTPS id ${a.id.toString(16).padStart(8, '0')}; ${date}`,
    ...(incoming
      ? [
          `Authentication-Results: ${mx}; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass header.from=${domain}`,
        ]
      : []),
  ];
}

/** A source made from an email article's fields (seeded articles have no stored one). */
function sourceOf(a: ArticleRecord, t: TicketRecord): string {
  const lines = [
    ...traceOf(a),
    `From: ${a.from ?? ''}`,
    `To: ${a.to ?? ''}`,
    ...(a.cc ? [`Cc: ${a.cc}`] : []),
    ...(a.reply_to ? [`Reply-To: ${a.reply_to}`] : []),
    `Subject: ${a.subject ?? t.title}`,
    `Date: ${new Date(a.created_at).toUTCString()}`,
    ...(a.message_id ? [`Message-ID: ${a.message_id}`] : []),
    'MIME-Version: 1.0',
    `Content-Type: ${a.content_type}; charset=UTF-8`,
    'Content-Transfer-Encoding: 8bit',
    '',
    a.body,
    '',
  ];
  return lines.join('\r\n');
}

export const articleRoutes: Route[] = [
  { method: 'GET', path: '/ticket_articles', handler: index },
  { method: 'GET', path: '/ticket_articles/by_ticket/:id', handler: byTicket },
  { method: 'GET', path: '/ticket_articles/:id', handler: show },
  { method: 'POST', path: '/ticket_articles', handler: create },
  { method: 'PUT', path: '/ticket_articles/:id', handler: update },
  { method: 'GET', path: '/ticket_attachment/:ticket_id/:article_id/:id', handler: attachment },
  { method: 'GET', path: '/ticket_article_plain/:id', handler: plain },
];
