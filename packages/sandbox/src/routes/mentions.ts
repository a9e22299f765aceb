/**
 * Mentions, i.e. following a ticket (mentions_controller.rb, its policy and Mention):
 * only agents with read access to the ticket may list or add them; a user follows a ticket once;
 * `DELETE /mentions/:id` removes the caller's own mention (403 for a missing or foreign one).
 */
import { agentRead } from '../access.js';
import { notAuthorized, notFound, unprocessable } from '../errors.js';
import { flag, json, me, str, toI, type Ctx, type Reply } from '../http.js';
import { Assets } from '../render.js';
import type { Route } from '../server.js';
import type { MentionRecord, TicketRecord } from '../types.js';

function mentionable(ctx: Ctx): TicketRecord {
  if (str(ctx.input['mentionable_type']) !== 'Ticket')
    throw unprocessable("The parameter 'mentionable_type' is invalid.");
  const t = ctx.store.ticket(toI(ctx.input['mentionable_id']));
  if (!t) throw notFound('Ticket', str(ctx.input['mentionable_id']) ?? '');
  if (!agentRead(ctx.store, me(ctx), t)) throw notAuthorized();
  return t;
}

function list(ctx: Ctx): Reply {
  const t = mentionable(ctx);
  const userId = ctx.input['user_id'];
  const id = ctx.input['id'];
  const rows = [...ctx.store.mentions.values()]
    .filter((m) => m.mentionable_type === 'Ticket' && m.mentionable_id === t.id)
    .filter((m) => userId === undefined || userId === '' || m.user_id === toI(userId))
    .filter((m) => id === undefined || id === '' || m.id === toI(id))
    .sort((a, b) => (a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1));
  if (flag(ctx, 'full')) {
    const a = new Assets(ctx.store);
    for (const m of rows) a.raw('Mention', m.id, { ...m }).userById(m.user_id);
    return json({ record_ids: rows.map((m) => m.id), assets: a.data });
  }
  return json({ mentions: rows.map((m) => ({ ...m })) });
}

function create(ctx: Ctx): Reply {
  const t = mentionable(ctx);
  const p = me(ctx);
  const { store } = ctx;
  const dup = [...store.mentions.values()].some(
    (m) => m.mentionable_type === 'Ticket' && m.mentionable_id === t.id && m.user_id === p.user.id,
  );
  if (dup) throw unprocessable('User has already been taken');
  const at = store.now();
  const rec: MentionRecord = {
    id: store.nextId('mention'),
    mentionable_type: 'Ticket',
    mentionable_id: t.id,
    user_id: p.user.id,
    updated_by_id: p.user.id,
    created_by_id: p.user.id,
    created_at: at,
    updated_at: at,
  };
  store.mentions.set(rec.id, rec);
  return json({ ...rec }, 201);
}

function destroy(ctx: Ctx): Reply {
  const p = me(ctx);
  const rec = ctx.store.mentions.get(toI(ctx.params['id']));
  if (!rec || rec.user_id !== p.user.id) throw notAuthorized();
  ctx.store.mentions.delete(rec.id);
  return json({ ...rec });
}

export const mentionRoutes: Route[] = [
  { method: 'GET', path: '/mentions', handler: list },
  { method: 'POST', path: '/mentions', handler: create },
  { method: 'DELETE', path: '/mentions/:id', handler: destroy },
];
