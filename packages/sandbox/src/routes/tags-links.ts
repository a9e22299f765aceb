/** Tags (tags_controller.rb), links (links_controller.rb) and mentions (mentions_controller.rb). */
import { agentRead, agentUpdate, canReadTicket } from '../access.js';
import { requireAny } from '../auth.js';
import { HttpError, literal, notAuthorized, unprocessable } from '../errors.js';
import { find, flag, json, me, str, toI, type Ctx, type Reply } from '../http.js';
import type { Route } from '../server.js';
import type { SandboxStore } from '../store.js';
import type { JsonObject, LinkRecord, LinkType, TicketRecord } from '../types.js';
import { assetsFor } from './ticket-render.js';

const LINK_TYPE_IDS: Record<LinkType, number> = { normal: 1, parent: 2, child: 3 };
const OPPOSITE: Record<LinkType, LinkType> = { normal: 'normal', parent: 'child', child: 'parent' };

/** Link.list: links from the queried ticket's point of view. */
export function linkList(store: SandboxStore, ticketId: number): JsonObject[] {
  const out: JsonObject[] = [];
  for (const l of store.links)
    if (l.source_id === ticketId)
      out.push({ link_type: OPPOSITE[l.link_type], link_object: 'Ticket', link_object_value: l.target_id });
  for (const l of store.links)
    if (l.target_id === ticketId)
      out.push({ link_type: l.link_type, link_object: 'Ticket', link_object_value: l.source_id });
  return out;
}

function linkRecord(l: LinkRecord): JsonObject {
  return {
    id: l.id,
    link_type_id: LINK_TYPE_IDS[l.link_type],
    link_object_source_id: 1,
    link_object_source_value: l.source_id,
    link_object_target_id: 1,
    link_object_target_value: l.target_id,
    created_at: l.created_at,
    updated_at: l.updated_at,
  };
}

function tagTicket(ctx: Ctx, forUpdate: boolean): TicketRecord {
  const p = me(ctx);
  const object = str(ctx.input['object']);
  if (object !== 'Ticket') throw unprocessable(`Invalid object '${object ?? ''}'`);
  const t = find(ctx.store.tickets, toI(ctx.input['o_id']), 'Ticket');
  if (forUpdate ? !agentUpdate(ctx.store, p, t) : !canReadTicket(ctx.store, p, t)) throw notAuthorized();
  return t;
}

function tagItem(ctx: Ctx): string {
  const item = str(ctx.input['item'])?.trim();
  if (!item) throw unprocessable("Need at least an 'item' field.");
  return item;
}

function tags(ctx: Ctx): Reply {
  const t = tagTicket(ctx, false);
  return json({ tags: ctx.store.tagsOf(t.id) });
}

function tagAdd(ctx: Ctx): Reply {
  const t = tagTicket(ctx, true);
  const p = me(ctx);
  if (ctx.store.addTag(t.id, tagItem(ctx), p.user.id)) ctx.store.touchTicket(t, p.user.id);
  return json(true, 201);
}

function tagRemove(ctx: Ctx): Reply {
  const t = tagTicket(ctx, true);
  const p = me(ctx);
  if (ctx.store.removeTag(t.id, tagItem(ctx), p.user.id)) ctx.store.touchTicket(t, p.user.id);
  return json(true, 200);
}

/** Tag name (lower-cased) → on how many objects it is. */
function tagCounts(ctx: Ctx): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of ctx.store.tags.values())
    for (const n of list) counts.set(n.toLowerCase(), (counts.get(n.toLowerCase()) ?? 0) + 1);
  return counts;
}

/**
 * `GET /tag_search?term=&limit=` (tags_controller.rb#search): tags whose name contains the term,
 * by name; a blank term gives the most used first. `limit` defaults to 10.
 */
function tagSearch(ctx: Ctx): Reply {
  requireAny(ctx.store, me(ctx), ['ticket.agent', 'admin.tag']);
  const term = (str(ctx.input['term']) ?? '').trim().toLowerCase();
  const limit = ctx.input['limit'] === undefined ? 10 : toI(ctx.input['limit']);
  const items = [...ctx.store.tagItems.values()];
  let hits: typeof items;
  if (term === '') {
    const counts = tagCounts(ctx);
    const n = (x: { name: string }): number => counts.get(x.name.toLowerCase()) ?? 0;
    hits = items.sort((a, b) => n(b) - n(a) || a.name.localeCompare(b.name));
  } else {
    hits = items.filter((t) => t.name.toLowerCase().includes(term));
    hits.sort((a, b) => a.name.localeCompare(b.name));
  }
  return json(hits.slice(0, Math.max(0, limit)).map((t) => ({ id: t.id, value: t.name })));
}

/** `GET /tag_list` (admin.tag): every tag by name with its count; `limit` defaults to 1000. */
function tagList(ctx: Ctx): Reply {
  requireAny(ctx.store, me(ctx), ['admin.tag']);
  const counts = tagCounts(ctx);
  const limit = ctx.input['limit'] === undefined ? 1000 : toI(ctx.input['limit']);
  const items = [...ctx.store.tagItems.values()].sort((a, b) => a.name.localeCompare(b.name));
  return json(
    items
      .slice(0, Math.max(0, limit))
      .map((t) => ({ id: t.id, name: t.name, count: counts.get(t.name.toLowerCase()) ?? 0 })),
  );
}

function links(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const t =
    str(ctx.input['link_object']) === 'Ticket'
      ? store.ticket(toI(ctx.input['link_object_value']))
      : undefined;
  // a missing or unsupported object denies like an unauthorised one (no existence oracle)
  if (!t || !agentRead(store, p, t)) throw notAuthorized();
  const list = linkList(store, t.id);
  const assets = assetsFor(ctx);
  for (const l of list) {
    const other = store.ticket(l['link_object_value'] as number);
    if (other) assets.ticket(other);
  }
  return json({ links: list, assets: assets.data });
}

function linkType(ctx: Ctx): LinkType {
  const type = str(ctx.input['link_type']) ?? '';
  if (type !== 'normal' && type !== 'parent' && type !== 'child')
    throw unprocessable(`Invalid link type '${type}'`);
  return type;
}

function linkAdd(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  if (str(ctx.input['link_object_target']) !== 'Ticket' || str(ctx.input['link_object_source']) !== 'Ticket')
    throw unprocessable('Only Ticket links are supported by the sandbox.');
  const target = find(store.tickets, toI(ctx.input['link_object_target_value']), 'Ticket');
  if (!agentUpdate(store, p, target)) throw notAuthorized();
  const source = store.ticketByNumber(str(ctx.input['link_object_source_number']) ?? '');
  if (!source) throw literal(422, { error: 'The object could not be found.' });
  if (!agentRead(store, p, source)) throw notAuthorized();
  const type = linkType(ctx);
  const link = store.addLink(type, source.id, target.id);
  for (const t of [source, target]) {
    store.addHistory({
      o_id: t.id,
      object: 'Ticket',
      type: 'added',
      attribute: 'link',
      value_to: t === source ? target.number : source.number,
      created_by_id: p.user.id,
    });
    store.touchTicket(t, p.user.id);
  }
  return json(linkRecord(link), 201);
}

function linkRemove(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const target = find(store.tickets, toI(ctx.input['link_object_target_value']), 'Ticket');
  if (!agentUpdate(store, p, target)) throw notAuthorized();
  const sourceId = toI(ctx.input['link_object_source_value']);
  const type = linkType(ctx);
  const removed = store.links.filter(
    (l) =>
      (l.link_type === type && l.source_id === sourceId && l.target_id === target.id) ||
      (l.link_type === OPPOSITE[type] && l.source_id === target.id && l.target_id === sourceId),
  );
  store.links.splice(0, store.links.length, ...store.links.filter((l) => !removed.includes(l)));
  for (const id of [sourceId, target.id]) {
    const t = store.ticket(id);
    if (t && removed.length > 0) {
      store.addHistory({
        o_id: t.id,
        object: 'Ticket',
        type: 'removed',
        attribute: 'link',
        created_by_id: p.user.id,
      });
      store.touchTicket(t, p.user.id);
    }
  }
  return json(removed.map(linkRecord), 201);
}

function mentions(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const t = find(store.tickets, toI(ctx.input['mentionable_id']), 'Ticket');
  if (!canReadTicket(store, p, t)) throw notAuthorized();
  // fill_condition_user: `user_id` narrows to that user's mention.
  const userId = ctx.input['user_id'];
  const list = [...store.mentions.values()].filter(
    (m) =>
      m.mentionable_type === 'Ticket' &&
      m.mentionable_id === t.id &&
      (userId === undefined || userId === '' || m.user_id === toI(userId)),
  );
  if (flag(ctx, 'full')) {
    const assets = assetsFor(ctx);
    list.forEach((m) => assets.raw('Mention', m.id, { ...m }).userById(m.user_id));
    return json({ record_ids: list.map((m) => m.id), assets: assets.data });
  }
  return json({ mentions: list.map((m) => ({ ...m })) });
}

function mentionAdd(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  if (str(ctx.input['mentionable_type']) !== 'Ticket')
    throw unprocessable("The parameter 'mentionable_type' is invalid.");
  const t = find(store.tickets, toI(ctx.input['mentionable_id']), 'Ticket');
  if (!agentRead(store, p, t)) throw notAuthorized();
  const exists = [...store.mentions.values()].some(
    (m) => m.mentionable_id === t.id && m.user_id === p.user.id,
  );
  if (exists) throw new HttpError(422, 'User is already mentioned.');
  const at = store.now();
  const id = store.nextId('mention');
  store.mentions.set(id, {
    id,
    mentionable_type: 'Ticket',
    mentionable_id: t.id,
    user_id: p.user.id,
    updated_by_id: p.user.id,
    created_by_id: p.user.id,
    created_at: at,
    updated_at: at,
  });
  return json(true, 201);
}

function mentionDelete(ctx: Ctx): Reply {
  const p = me(ctx);
  const m = find(ctx.store.mentions, toI(ctx.params['id']), 'Mention');
  if (m.user_id !== p.user.id) throw notAuthorized();
  ctx.store.mentions.delete(m.id);
  return json(true);
}

export const tagLinkRoutes: Route[] = [
  { method: 'GET', path: '/tags', handler: tags },
  { method: 'POST', path: '/tags/add', handler: tagAdd },
  { method: 'DELETE', path: '/tags/remove', handler: tagRemove },
  { method: 'GET', path: '/tag_search', handler: tagSearch },
  { method: 'GET', path: '/tag_list', handler: tagList },
  { method: 'GET', path: '/links', handler: links },
  { method: 'POST', path: '/links/add', handler: linkAdd },
  { method: 'DELETE', path: '/links/remove', handler: linkRemove },
  { method: 'GET', path: '/mentions', handler: mentions },
  { method: 'POST', path: '/mentions', handler: mentionAdd },
  { method: 'DELETE', path: '/mentions/:id', handler: mentionDelete },
];
