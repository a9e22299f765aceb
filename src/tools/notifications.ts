/**
 * The caller's online notifications: list_notifications, mark_notifications_read. A notification
 * about a ticket outside the group scope (or one the caller can no longer read, under a scope) is
 * neither shown nor marked.
 */
import { z } from 'zod';
import { UserInputError } from '../errors.js';
import type { Notification, NotificationList } from '../zammad/client.js';
import { defineTool, type ToolContext } from './define.js';
import { limit, recordId } from './params.js';
import { fmtDate } from './render/format.js';

/** The ticket notifications the caller may see: their ticket's group in scope. */
async function visibleOf(list: NotificationList, ctx: ToolContext): Promise<Notification[]> {
  const aboutTickets = list.notifications.filter((n) => n.object === 'Ticket');
  return ctx.scope.visible(aboutTickets, (n) => list.tickets.get(n.o_id)?.group_id);
}

const NotificationOut = z.object({
  id: z.number(),
  ticket_id: z.number(),
  number: z.string().optional(),
  title: z.string().optional(),
  type: z.string(),
  seen: z.boolean(),
  by: z.string().optional(),
  at: z.string(),
});

function describe(n: Notification, list: NotificationList): z.infer<typeof NotificationOut> {
  const t = list.tickets.get(n.o_id);
  const by = n.created_by_id ? list.users.get(n.created_by_id) : undefined;
  return {
    id: n.id,
    ticket_id: n.o_id,
    ...(t ? { number: t.number, title: t.title } : {}),
    type: n.type ?? 'update',
    seen: n.seen,
    ...(by ? { by } : {}),
    at: n.created_at,
  };
}

const show = (n: z.infer<typeof NotificationOut>): string =>
  `- ${n.id}${n.seen ? '' : ' [unread]'} ${n.number ? `#${n.number} "${n.title}"` : `ticket id ${n.ticket_id} (not readable)`} — ${n.type.replace(/_/g, ' ')}${n.by ? ` by ${n.by}` : ''}, ${fmtDate(n.at) ?? n.at}`;

export const listNotifications = defineTool({
  name: 'list_notifications',
  title: 'My notifications',
  description: "The caller's Zammad notifications about tickets, newest first.",
  category: 'system',
  toolset: 'worklist',
  risk: 'read',
  input: z.object({
    unread_only: z.boolean().default(true),
    limit: limit(20, 100),
  }),
  output: z.object({
    unread: z.number(),
    total: z.number(),
    more: z.boolean(),
    notifications: z.array(NotificationOut),
  }),
  // 1 request: GET /online_notifications?full=true (the tickets come with it).
  async handler(a, ctx) {
    const list = await ctx.zammad.collab.notifications(ctx.signal);
    const visible = await visibleOf(list, ctx);
    const unread = visible.filter((n) => !n.seen).length;
    const wanted = a.unread_only ? visible.filter((n) => !n.seen) : visible;
    const shown = wanted.slice(0, a.limit).map((n) => describe(n, list));
    const more = wanted.length > shown.length;
    const head = a.unread_only
      ? `${unread} unread notification${unread === 1 ? '' : 's'} (${visible.length} in all)`
      : `${visible.length} notification${visible.length === 1 ? '' : 's'}, ${unread} unread`;
    const hint = more ? `\n${wanted.length - shown.length} more: raise limit (at most 100).` : '';
    return {
      text: `${head}${shown.length ? ':' : '.'}\n${shown.map(show).join('\n')}${hint}`.trim(),
      structured: { unread, total: visible.length, more, notifications: shown },
    };
  },
});

export const markNotificationsRead = defineTool({
  name: 'mark_notifications_read',
  title: 'Mark notifications read',
  description:
    "Mark the caller's notifications read: those with the given ids (list_notifications shows them), or all when none are given.",
  category: 'system',
  toolset: 'worklist',
  risk: 'write',
  input: z.object({
    notification_ids: z.array(recordId('Notification')).max(100).optional(),
  }),
  output: z.object({ marked: z.array(z.number()), already_read: z.number() }),
  // GET /online_notifications?full=true, then: all of them without a group scope →
  // POST /online_notifications/mark_all_as_read; otherwise one PUT /online_notifications/{id}
  // {seen: true} per unread one in scope. Nothing is sent when nothing is unread.
  async handler(a, ctx) {
    const list = await ctx.zammad.collab.notifications(ctx.signal);
    const visible = await visibleOf(list, ctx);
    const ids = [...new Set(a.notification_ids ?? [])];
    let chosen = visible;
    if (ids.length) {
      const known = new Map(visible.map((n) => [n.id, n]));
      const unknown = ids.filter((i) => !known.has(i));
      if (unknown.length)
        throw new UserInputError(
          `Unknown notification id${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}: list_notifications shows the ids of your notifications.`,
        );
      chosen = ids.map((i) => known.get(i) as Notification);
    }
    const unread = chosen.filter((n) => !n.seen);
    const already = chosen.length - unread.length;
    if (unread.length === 0)
      return {
        text: `Nothing to mark: ${chosen.length ? 'already read' : 'no notifications'}.`,
        structured: { marked: [], already_read: already },
      };
    const collab = ctx.zammad.collab;
    const everyUnread = list.notifications.filter((n) => !n.seen).length === unread.length;
    if (!ids.length && ctx.scope.groups === undefined && everyUnread)
      await collab.markAllNotificationsSeen(ctx.signal);
    else
      await collab.sequence(
        unread.map((n) => () => collab.markNotificationSeen(n.id, ctx.signal)),
        (k) => `${k} of ${unread.length} notifications had been marked read`,
      );
    const tickets = unread.map((n) => describe(n, list).number).filter(Boolean);
    return {
      text: `Marked ${unread.length} notification${unread.length === 1 ? '' : 's'} read${tickets.length ? ` (tickets ${[...new Set(tickets)].map((x) => `#${x}`).join(', ')})` : ''}${already ? `; ${already} already were` : ''}.`,
      structured: { marked: unread.map((n) => n.id), already_read: already },
    };
  },
});

export const notificationReadTools = [listNotifications];
export const notificationWriteTools = [markNotificationsRead];
