/** /tickets index, show, update, destroy and /ticket_history (tickets_controller.rb). */
import { canUpdateTicket, readableTickets } from '../access.js';
import { createArticle } from '../article-write.js';
import { can, requireAny } from '../auth.js';
import { notAuthorized, unprocessable } from '../errors.js';
import { find, flag, idParam, json, me, paginate, slice, toI, type Ctx, type Reply } from '../http.js';
import { ticketBareFor, ticketExpanded, ticketWithIds } from '../render.js';
import type { Route } from '../server.js';
import {
  applyChanges,
  checkOwner,
  checkPending,
  resolveChanges,
  restrictForCustomer,
} from '../ticket-write.js';
import type { JsonObject } from '../types.js';
import { assetsFor, articleParams, readTicket, seesInternal, ticketReply } from './ticket-render.js';

function index(ctx: Ctx): Reply {
  const p = me(ctx);
  const page = paginate(ctx, { default: 100, max: 100 });
  const list = slice(readableTickets(ctx.store, p), page);
  if (flag(ctx, 'expand'))
    return json(list.map((t) => ticketExpanded(ctx.store, t, seesInternal(ctx.store, p, t))));
  if (flag(ctx, 'full')) {
    const assets = assetsFor(ctx);
    list.forEach((t) => assets.ticket(t));
    return json({ record_ids: list.map((t) => t.id), assets: assets.data });
  }
  return json(list.map((t) => ticketBareFor(ctx.store, t)));
}

function show(ctx: Ctx): Reply {
  const t = readTicket(ctx);
  return ticketReply(ctx, t, 200, (x) => ticketBareFor(ctx.store, x));
}

function update(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const t = find(store.tickets, idParam(ctx, 'id', 'Ticket'), 'Ticket');
  if (!canUpdateTicket(store, p, t)) throw notAuthorized();
  const c = resolveChanges(store, ctx.input);
  restrictForCustomer(store, p, c);
  const groupId = c.group_id ?? t.group_id;
  const stateId = c.state_id ?? t.state_id;
  checkPending(store, stateId, c.pending_time !== undefined ? c.pending_time : t.pending_time);
  if (c.owner_id !== undefined || c.group_id !== undefined)
    checkOwner(store, c.owner_id ?? t.owner_id, groupId);
  if (c.customer_id !== undefined && c.organization_id === undefined)
    c.organization_id = store.user(c.customer_id)?.organization_id ?? null;
  // `ticket.with_lock` runs the update and the article in one transaction: an article Zammad refuses
  // (a bad time type, a missing body) undoes the ticket's changes too.
  const undo = {
    ticket: structuredClone(t),
    history: store.history.length,
    articles: new Set(store.articles.keys()),
    times: new Set(store.timeAccountings.keys()),
    drafts: new Map(store.sharedDrafts),
  };
  try {
    applyChanges(store, t, c, p.user);
    const article = articleParams(ctx);
    if (article) {
      // sending a shared draft's content consumes the draft (tickets_controller.rb#update)
      const draftId = article['shared_draft_id'];
      if (draftId !== undefined && draftId !== null) {
        const draft = [...store.sharedDrafts.values()].find((d) => d.id === toI(draftId));
        if (draft && draft.ticket_id !== t.id)
          throw unprocessable('Shared draft cannot be selected for this ticket.');
        if (draft) store.sharedDrafts.delete(t.id);
      }
      createArticle(store, p, t, article);
    }
  } catch (e) {
    Object.assign(t, undo.ticket);
    store.history.length = undo.history;
    for (const id of [...store.articles.keys()]) if (!undo.articles.has(id)) store.articles.delete(id);
    for (const id of [...store.timeAccountings.keys()])
      if (!undo.times.has(id)) store.timeAccountings.delete(id);
    store.sharedDrafts.clear();
    for (const [k, v] of undo.drafts) store.sharedDrafts.set(k, v);
    throw e;
  }
  return ticketReply(ctx, t, 200, (x) => ticketWithIds(store, x, seesInternal(store, p, x)));
}

function destroy(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const t = find(store.tickets, idParam(ctx, 'id', 'Ticket'), 'Ticket');
  if (!can(store, p, 'admin')) throw notAuthorized();
  for (const a of store.articlesOf(t.id)) store.articles.delete(a.id);
  for (const x of store.timeAccountingsOf(t.id)) store.timeAccountings.delete(x.id);
  for (const [id, m] of store.mentions)
    if (m.mentionable_type === 'Ticket' && m.mentionable_id === t.id) store.mentions.delete(id);
  store.links.splice(
    0,
    store.links.length,
    ...store.links.filter((l) => l.source_id !== t.id && l.target_id !== t.id),
  );
  store.tags.delete(t.id);
  store.sharedDrafts.delete(t.id);
  store.tickets.delete(t.id);
  return { status: 200, empty: true };
}

function history(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  requireAny(store, p, ['ticket.agent']);
  const t = readTicket(ctx);
  const articleIds = new Set(store.articlesOf(t.id).map((a) => a.id));
  const rows = store.history.filter(
    (h) =>
      (h.object === 'Ticket' && h.o_id === t.id) ||
      (h.object === 'Ticket::Article' && (h.related_o_id === t.id || articleIds.has(h.o_id))),
  );
  const assets = assetsFor(ctx).ticket(t);
  const list = rows.map((h) => {
    assets.userById(h.created_by_id);
    const out: JsonObject = {
      id: h.id,
      o_id: h.o_id,
      object: h.object,
      type: h.type,
      attribute: h.attribute,
    };
    if (h.value_from !== null || h.value_to !== null)
      Object.assign(out, { value_from: h.value_from, value_to: h.value_to });
    if (h.id_from !== null || h.id_to !== null) Object.assign(out, { id_from: h.id_from, id_to: h.id_to });
    Object.assign(out, {
      sourceable_type: null,
      sourceable_id: null,
      sourceable_name: null,
      related_o_id: h.related_o_id,
      related_object: h.related_object,
      related_history_object_id: null,
      created_by_id: h.created_by_id,
      created_at: h.created_at,
    });
    return out;
  });
  return json({ history: list, assets: assets.data });
}

export const ticketRoutes: Route[] = [
  { method: 'GET', path: '/tickets', handler: index },
  { method: 'GET', path: '/tickets/:id', handler: show },
  { method: 'PUT', path: '/tickets/:id', handler: update },
  { method: 'DELETE', path: '/tickets/:id', handler: destroy },
  { method: 'GET', path: '/ticket_history/:id', handler: history },
];
