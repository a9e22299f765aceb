/**
 * Online notifications (online_notifications_controller.rb, its policy, OnlineNotification):
 * the caller's own, newest first, at most 200; `expand` adds names, `full` gives
 * `{record_ids, assets}` with the notified objects (tickets the caller may read) and the users.
 * show/update/destroy of another user's notification → 403, of none → 404.
 */
import { canReadTicket } from '../access.js';
import { notAuthorized } from '../errors.js';
import { find, flag, idParam, json, me, type Ctx, type Reply } from '../http.js';
import { Assets } from '../render.js';
import type { Route } from '../server.js';
import type { JsonObject, OnlineNotificationRecord } from '../types.js';

/** ObjectLookup / TypeLookup ids as a fresh Zammad assigns them (first use first). */
const OBJECT_IDS: Record<string, number> = { Ticket: 2, User: 3, Organization: 4 };
const TYPE_IDS: Record<string, number> = {
  create: 1,
  update: 2,
  reminder_reached: 3,
  escalation: 4,
  escalation_warning: 5,
};

function withIds(n: OnlineNotificationRecord): JsonObject {
  return {
    id: n.id,
    o_id: n.o_id,
    object_lookup_id: OBJECT_IDS[n.object] ?? 1,
    type_lookup_id: TYPE_IDS[n.type] ?? 6,
    seen: n.seen,
    user_id: n.user_id,
    created_by_id: n.created_by_id,
    updated_by_id: n.updated_by_id,
    created_at: n.created_at,
    updated_at: n.updated_at,
  };
}

function own(ctx: Ctx): OnlineNotificationRecord[] {
  const p = me(ctx);
  return [...ctx.store.onlineNotifications.values()]
    .filter((n) => n.user_id === p.user.id)
    .sort((a, b) => (a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1))
    .slice(0, 200);
}

function index(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const list = own(ctx);
  const login = (id: number): string | null => store.user(id)?.login ?? null;
  if (flag(ctx, 'expand'))
    return json(
      list.map((n) => ({
        ...withIds(n),
        object: n.object,
        type: n.type,
        user: login(n.user_id),
        created_by: login(n.created_by_id),
        updated_by: login(n.updated_by_id),
      })),
    );
  if (flag(ctx, 'full')) {
    const a = new Assets(store);
    for (const n of list) {
      a.raw('OnlineNotification', n.id, { ...withIds(n), object: n.object, type: n.type });
      const t = n.object === 'Ticket' ? store.ticket(n.o_id) : undefined;
      if (t && canReadTicket(store, p, t)) a.ticket(t);
      a.userById(n.created_by_id).userById(n.updated_by_id);
    }
    return json({ record_ids: list.map((n) => n.id), assets: a.data });
  }
  return json(list.map(withIds));
}

function ownOne(ctx: Ctx): OnlineNotificationRecord {
  const n = find(
    ctx.store.onlineNotifications,
    idParam(ctx, 'id', 'OnlineNotification'),
    'OnlineNotification',
  );
  if (n.user_id !== me(ctx).user.id) throw notAuthorized();
  return n;
}

function show(ctx: Ctx): Reply {
  return json(withIds(ownOne(ctx)));
}

function update(ctx: Ctx): Reply {
  const n = ownOne(ctx);
  const seen = ctx.input['seen'];
  if (seen !== undefined) n.seen = seen === true || seen === 'true';
  n.updated_by_id = me(ctx).user.id;
  n.updated_at = ctx.store.now();
  return json(withIds(n));
}

function destroy(ctx: Ctx): Reply {
  const n = ownOne(ctx);
  ctx.store.onlineNotifications.delete(n.id);
  return json({});
}

function markAllAsRead(ctx: Ctx): Reply {
  const at = ctx.store.now();
  const userId = me(ctx).user.id;
  for (const n of own(ctx)) {
    if (n.seen) continue;
    n.seen = true;
    n.updated_by_id = userId;
    n.updated_at = at;
  }
  return json({});
}

export const notificationRoutes: Route[] = [
  { method: 'GET', path: '/online_notifications', handler: index },
  { method: 'POST', path: '/online_notifications/mark_all_as_read', handler: markAllAsRead },
  { method: 'GET', path: '/online_notifications/:id', handler: show },
  { method: 'PUT', path: '/online_notifications/:id', handler: update },
  { method: 'DELETE', path: '/online_notifications/:id', handler: destroy },
];
