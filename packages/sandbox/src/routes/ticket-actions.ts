/** Merge (PUT /ticket_merge) and mass actions (tickets_mass_controller.rb). */
import { agentUpdate, canUpdateTicket } from '../access.js';
import { createArticle } from '../article-write.js';
import { requireAny } from '../auth.js';
import { HttpError, literal, notAuthorized, unprocessable } from '../errors.js';
import { find, isObject, json, me, toI, type Ctx, type Reply } from '../http.js';
import { applyMacro } from '../macro.js';
import { ticketBare } from '../render.js';
import type { Route } from '../server.js';
import { applyChanges, checkPending, resolveChanges } from '../ticket-write.js';
import type { TicketRecord } from '../types.js';
import { assetsFor } from './ticket-render.js';

function merge(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  requireAny(store, p, ['ticket.agent']);
  const target = store.ticketByNumber(ctx.params['target_ticket_number'] ?? '');
  if (!target) return json({ result: 'failed', message: 'The target ticket number could not be found.' });
  const sourceRaw = ctx.params['source_ticket_id'] ?? '';
  const source = /^\d+$/.test(sourceRaw) ? store.ticket(Number(sourceRaw)) : undefined;
  if (!source) return json({ result: 'failed', message: 'The source ticket could not be found.' });
  if (!agentUpdate(store, p, source) || !agentUpdate(store, p, target)) throw notAuthorized();
  if (target.state_id === 5)
    throw unprocessable('It is not possible to merge into an already merged ticket.');
  if (source.id === target.id) throw unprocessable('A ticket cannot be merged into itself.');

  const at = store.now();
  for (const a of store.articlesOf(source.id)) {
    a.ticket_id = target.id;
    source.article_count -= 1;
    target.article_count += 1;
  }
  for (const m of store.mentions.values())
    if (m.mentionable_type === 'Ticket' && m.mentionable_id === source.id) m.mentionable_id = target.id;
  for (const l of store.links) {
    if (l.source_id === source.id) l.source_id = target.id;
    if (l.target_id === source.id) l.target_id = target.id;
  }
  store.links.splice(0, store.links.length, ...store.links.filter((l) => l.source_id !== l.target_id));
  store.addArticle({
    ticket_id: source.id,
    type: 'note',
    sender: 'Agent',
    body: 'merged',
    internal: false,
    created_by_id: p.user.id,
    created_at: at,
    from: store.fullname(p.user),
  });
  store.addLink('parent', target.id, source.id, at);
  store.addHistory({
    o_id: source.id,
    object: 'Ticket',
    type: 'merged_into',
    id_from: source.id,
    id_to: target.id,
    value_from: source.number,
    value_to: target.number,
    created_by_id: p.user.id,
    created_at: at,
  });
  store.addHistory({
    o_id: target.id,
    object: 'Ticket',
    type: 'received_merge',
    id_from: source.id,
    id_to: target.id,
    value_from: source.number,
    value_to: target.number,
    created_by_id: p.user.id,
    created_at: at,
  });
  applyChanges(store, source, { state_id: 5, owner_id: 1, custom: {} }, p.user, at);
  store.touchTicket(target, p.user.id, at);
  return json({ result: 'success', target_ticket: ticketBare(target), source_ticket: ticketBare(source) });
}

/** tickets_mass_controller.rb fetch_tickets: every ticket must exist and be updatable. */
function massTickets(ctx: Ctx): TicketRecord[] {
  const p = me(ctx);
  const ids = ctx.input['ticket_ids'];
  const list = (Array.isArray(ids) ? ids : ids === undefined ? [] : [ids]).map((x) => toI(x));
  const tickets = list.map((id) => find(ctx.store.tickets, id, 'Ticket'));
  for (const t of tickets)
    if (!canUpdateTicket(ctx.store, p, t)) throw literal(422, { error: true, ticket_id: t.id });
  return tickets;
}

function massResult(ctx: Ctx, tickets: TicketRecord[]): Reply {
  const assets = assetsFor(ctx);
  tickets.forEach((t) => assets.ticket(t));
  return json({ ticket_ids: tickets.map((t) => t.id), assets: assets.data });
}

function massMacro(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const tickets = massTickets(ctx);
  const macro = find(store.macros, toI(ctx.input['macro_id']), 'Macro');
  if (macro.group_ids.length > 0) {
    const blocking = tickets.filter((t) => !macro.group_ids.includes(t.group_id)).map((t) => t.id);
    if (blocking.length > 0)
      throw literal(422, {
        error: 'Macro group restrictions do not cover all tickets',
        blocking_tickets: blocking,
      });
  }
  for (const t of tickets) {
    try {
      applyMacro(store, p, t, macro);
    } catch (e) {
      if (e instanceof HttpError && e.status === 422) throw literal(422, { error: true, ticket_id: t.id });
      throw e;
    }
  }
  return massResult(ctx, tickets);
}

function massUpdate(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const tickets = massTickets(ctx);
  const attrs = isObject(ctx.input['attributes']) ? ctx.input['attributes'] : {};
  const clean = Object.fromEntries(
    Object.entries(attrs).filter(([k, v]) => v !== '' && v !== null && k !== 'number'),
  );
  const changes = resolveChanges(store, clean);
  for (const t of tickets) {
    checkPending(
      store,
      changes.state_id ?? t.state_id,
      changes.pending_time !== undefined ? changes.pending_time : t.pending_time,
    );
    applyChanges(store, t, changes, p.user);
    const article = ctx.input['article'];
    if (isObject(article)) createArticle(store, p, t, article);
  }
  return massResult(ctx, tickets);
}

export const ticketActionRoutes: Route[] = [
  { method: 'PUT', path: '/ticket_merge/:source_ticket_id/:target_ticket_number', handler: merge },
  { method: 'POST', path: '/tickets/mass_macro', handler: massMacro },
  { method: 'POST', path: '/tickets/mass_update', handler: massUpdate },
];
