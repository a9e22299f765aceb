/** Ticket rendering shared by the ticket routes: show/create/update modes and `all=true`. */
import { agentRead, canReadTicket, canSeeArticle } from '../access.js';
import type { Principal } from '../auth.js';
import { notAuthorized } from '../errors.js';
import { find, flag, idParam, isObject, json, me, type Ctx, type Reply } from '../http.js';
import { Assets, ticketExpanded } from '../render.js';
import type { SandboxStore } from '../store.js';
import type { JsonObject, TicketRecord } from '../types.js';
import { linkList } from './tags-links.js';

export function readTicket(ctx: Ctx, param = 'id'): TicketRecord {
  const p = me(ctx);
  const t = find(ctx.store.tickets, idParam(ctx, param, 'Ticket'), 'Ticket');
  if (!canReadTicket(ctx.store, p, t)) throw notAuthorized();
  return t;
}

/** Whether the principal may see internal articles of this ticket (agent access). */
export const seesInternal = (store: SandboxStore, p: Principal, t: TicketRecord): boolean =>
  agentRead(store, p, t);

function allAssets(ctx: Ctx, p: Principal, t: TicketRecord): JsonObject {
  const { store } = ctx;
  const internal = seesInternal(store, p, t);
  const assets = new Assets(store, internal).ticket(t);
  const articles = store.articlesOf(t.id).filter((a) => canSeeArticle(store, p, t, a));
  for (const a of articles) assets.article(a);
  const links = linkList(store, t.id);
  for (const l of links) {
    const other = store.ticket(l['link_object_value'] as number);
    if (other && canReadTicket(store, p, other)) assets.ticket(other);
  }
  const mentions = [...store.mentions.values()].filter(
    (m) => m.mentionable_type === 'Ticket' && m.mentionable_id === t.id,
  );
  return {
    ticket_id: t.id,
    ticket_article_ids: articles.map((a) => a.id),
    assets: assets.data,
    links,
    tags: store.tagsOf(t.id),
    mentions: mentions.map((m) => ({ ...m })),
    time_accountings: internal ? store.timeAccountingsOf(t.id).map((x) => ({ ...x })) : [],
    form_meta: { filter: {}, dependencies: {} },
  };
}

/** Rendering for show / create / update: expand, full, all, or the given default. */
export function ticketReply(
  ctx: Ctx,
  t: TicketRecord,
  status: number,
  fallback: (t: TicketRecord) => JsonObject,
): Reply {
  const p = me(ctx);
  const internal = seesInternal(ctx.store, p, t);
  if (flag(ctx, 'expand')) return json(ticketExpanded(ctx.store, t, internal), status);
  if (flag(ctx, 'full'))
    return json({ id: t.id, assets: new Assets(ctx.store, internal).ticket(t).data }, status);
  if (flag(ctx, 'all')) return json(allAssets(ctx, p, t), status);
  return json(fallback(t), status);
}

export function articleParams(ctx: Ctx): Record<string, unknown> | undefined {
  const a = ctx.input['article'];
  return isObject(a) ? a : undefined;
}

/** Assets for the current principal: internal article ids only where it has agent access. */
export function assetsFor(ctx: Ctx): Assets {
  const p = ctx.principal;
  return new Assets(ctx.store, (t) => p !== null && seesInternal(ctx.store, p, t));
}
