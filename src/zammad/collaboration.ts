/**
 * Collaboration: ticket checklists (Zammad 6.4+), checklist templates, following tickets
 * (mentions) and the caller's online notifications. Writes are never retried; a sequence of
 * writes that fails part-way says how far it got.
 */
import { z } from 'zod';
import type { Signal, ZammadCore } from './core.js';
import { ZammadError } from './errors.js';
import { apiPath } from './paths.js';
import { AssetsSchema, TicketSchema, UserSchema, type Assets, type Ticket } from './schemas.js';

const id = z.number().int();
const sortedIds = z
  .array(z.union([z.string(), z.number()]))
  .nullish()
  .transform((v) => (v ?? []).map(Number));

const ChecklistSchema = z.object({
  id,
  name: z.string().nullish(),
  /** 6.4: the checklist carries its ticket; from 6.5 the ticket carries `checklist_id`. */
  ticket_id: id.nullish(),
  sorted_item_ids: sortedIds,
});

export const ChecklistItemSchema = z.object({
  id,
  text: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  checked: z.boolean().nullish().transform(Boolean),
  checklist_id: id,
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

const TemplateSchema = z.object({
  id,
  name: z.string(),
  active: z.boolean().nullish(),
  sorted_item_ids: sortedIds,
});
const TemplateItemSchema = z.object({ id, text: z.string().nullish(), checklist_template_id: id });

const MentionSchema = z.object({ id, user_id: id, mentionable_id: id });
const MentionsSchema = z.object({ mentions: z.array(MentionSchema) });
const ShowSchema = z.object({ id, assets: AssetsSchema.default({}) });
const ListSchema = z.object({ record_ids: z.array(id).default([]), assets: AssetsSchema.default({}) });

const NotificationSchema = z.object({
  id,
  o_id: id,
  object: z.string().nullish(),
  type: z.string().nullish(),
  seen: z.boolean().nullish().transform(Boolean),
  created_by_id: id.nullish(),
  created_at: z.string(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export interface Checklist {
  id: number;
  name: string;
  /** The ticket it belongs to, where Zammad says (6.4: the checklist; 6.5+: its ticket asset). */
  ticketId: number | undefined;
  /** In the checklist's own order. */
  items: ChecklistItem[];
}

export interface ChecklistTemplate {
  id: number;
  name: string;
  active: boolean;
  items: string[];
}

export interface NotificationList {
  /** Newest first, as Zammad lists them (at most 200). */
  notifications: Notification[];
  /** The notified tickets the caller may read, by id. */
  tickets: Map<number, Ticket>;
  /** Names of the users who caused them, by id. */
  users: Map<number, string>;
}

const records = (assets: Assets, model: string): unknown[] => Object.values(assets[model] ?? {});

function inOrder<T extends { id: number }>(rows: T[], order: number[]): T[] {
  const pos = (r: T): number => {
    const at = order.indexOf(r.id);
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  return [...rows].sort((a, b) => pos(a) - pos(b) || a.id - b.id);
}

export class CollaborationApi {
  private meId: Promise<number> | undefined;

  constructor(private readonly c: ZammadCore) {}

  private checklistFrom(checklistId: number, assets: Assets): Checklist {
    const raw = assets['Checklist']?.[String(checklistId)];
    const cl = this.c.parse(ChecklistSchema, raw, 'a checklist');
    const items = records(assets, 'ChecklistItem')
      .map((r) => this.c.parse(ChecklistItemSchema, r, 'a checklist item'))
      .filter((i) => i.checklist_id === cl.id);
    const owner = records(assets, 'Ticket').find(
      (t) => (t as { checklist_id?: unknown }).checklist_id === cl.id,
    ) as { id?: unknown } | undefined;
    const ticketId = cl.ticket_id ?? (typeof owner?.id === 'number' ? owner.id : undefined);
    return { id: cl.id, name: cl.name ?? '', ticketId, items: inOrder(items, cl.sorted_item_ids) };
  }

  /** `GET /checklists/{id}?full=true`: the checklist with its items (and, from 6.5, its ticket). */
  async checklist(checklistId: number, signal?: Signal): Promise<Checklist> {
    const r = await this.c.get(apiPath`/checklists/${checklistId}`, ShowSchema, {
      query: { full: true },
      signal,
    });
    return this.checklistFrom(r.id, r.assets);
  }

  /** `GET /checklist_items/{id}`: 403 for an item that does not exist as for one out of reach. */
  checklistItem(itemId: number, signal?: Signal): Promise<ChecklistItem> {
    return this.c.get(apiPath`/checklist_items/${itemId}`, ChecklistItemSchema, { signal });
  }

  /** `GET /checklist_templates?full=true`: every template with its items' texts, in order. */
  async checklistTemplates(signal?: Signal): Promise<ChecklistTemplate[]> {
    const r = await this.c.get('/checklist_templates', ListSchema, { query: { full: true }, signal });
    const items = records(r.assets, 'ChecklistTemplateItem').map((x) =>
      this.c.parse(TemplateItemSchema, x, 'a checklist template item'),
    );
    return records(r.assets, 'ChecklistTemplate')
      .map((x) => this.c.parse(TemplateSchema, x, 'a checklist template'))
      .sort((a, b) => a.id - b.id)
      .map((t) => ({
        id: t.id,
        name: t.name,
        active: t.active !== false,
        items: inOrder(
          items.filter((i) => i.checklist_template_id === t.id),
          t.sorted_item_ids,
        ).map((i) => i.text ?? ''),
      }));
  }

  /** `POST /checklists {ticket_id, template_id?}` → 201: from the template, or with one empty item. */
  async createChecklist(
    ticketId: number,
    templateId: number | undefined,
    signal?: Signal,
  ): Promise<Checklist> {
    const r = await this.c.send('POST', '/checklists', ShowSchema, {
      body:
        templateId === undefined ? { ticket_id: ticketId } : { ticket_id: ticketId, template_id: templateId },
      signal,
    });
    return this.checklistFrom(r.id, r.assets);
  }

  /** `POST /checklist_items {checklist_id, text}` → 201, the new item (last in the checklist). */
  addChecklistItem(checklistId: number, text: string, signal?: Signal): Promise<ChecklistItem> {
    return this.c.send('POST', '/checklist_items', ChecklistItemSchema, {
      body: { checklist_id: checklistId, text },
      signal,
    });
  }

  /** `PATCH /checklist_items/{id} {text?, checked?}`. */
  async updateChecklistItem(
    itemId: number,
    change: { text?: string; checked?: boolean },
    signal?: Signal,
  ): Promise<ChecklistItem> {
    const res = await this.c.request('PATCH', apiPath`/checklist_items/${itemId}`, { body: change, signal });
    return this.c.parse(ChecklistItemSchema, res.body, `the answer to PATCH /checklist_items/${itemId}`);
  }

  /**
   * Writes one after another, never retried. When one fails after others succeeded, the error says
   * how many were made (`made(n)`), so the caller does not repeat them.
   */
  async sequence<T>(steps: Array<() => Promise<T>>, made: (n: number) => string): Promise<T[]> {
    const out: T[] = [];
    for (const step of steps) {
      try {
        out.push(await step());
      } catch (e) {
        if (out.length === 0 || !(e instanceof ZammadError)) throw e;
        throw new ZammadError(
          e.kind,
          `${e.message} Before that, ${made(out.length)}.`,
          e.status,
          e.detail,
          e.retryAfter,
        );
      }
    }
    return out;
  }

  /** The id of the user this client acts as (`GET /users/me` once per client, i.e. per identity). */
  myUserId(signal?: Signal): Promise<number> {
    const p = (this.meId ??= this.c.get('/users/me', UserSchema, { signal }).then((u) => u.id));
    p.catch(() => {
      if (this.meId === p) this.meId = undefined;
    });
    return p;
  }

  /** `GET /mentions?mentionable_type=Ticket&mentionable_id=&user_id=`: that user's mentions of the ticket. */
  async mentionsOf(ticketId: number, userId: number, signal?: Signal): Promise<Array<{ id: number }>> {
    const r = await this.c.get('/mentions', MentionsSchema, {
      query: { mentionable_type: 'Ticket', mentionable_id: ticketId, user_id: userId },
      signal,
    });
    return r.mentions.filter((m) => m.user_id === userId && m.mentionable_id === ticketId);
  }

  /** `POST /mentions {mentionable_type, mentionable_id}`: the caller follows the ticket. */
  async addMention(ticketId: number, signal?: Signal): Promise<void> {
    await this.c.request('POST', '/mentions', {
      body: { mentionable_type: 'Ticket', mentionable_id: ticketId },
      signal,
    });
  }

  /** `DELETE /mentions/{id}`: only the caller's own. */
  async removeMention(mentionId: number, signal?: Signal): Promise<void> {
    await this.c.request('DELETE', apiPath`/mentions/${mentionId}`, { signal });
  }

  /** `GET /online_notifications?full=true`: the caller's notifications with the tickets they are about. */
  async notifications(signal?: Signal): Promise<NotificationList> {
    const r = await this.c.get('/online_notifications', ListSchema, { query: { full: true }, signal });
    const byId = new Map(
      records(r.assets, 'OnlineNotification').map((x) => {
        const n = this.c.parse(NotificationSchema, x, 'an online notification');
        return [n.id, n] as const;
      }),
    );
    const notifications = r.record_ids
      .map((i) => byId.get(i))
      .filter((n): n is Notification => n !== undefined);
    const tickets = new Map<number, Ticket>();
    for (const x of records(r.assets, 'Ticket')) {
      const t = TicketSchema.safeParse(x);
      if (t.success) tickets.set(t.data.id, t.data);
    }
    const users = new Map<number, string>();
    for (const x of records(r.assets, 'User')) {
      const u = UserSchema.safeParse(x);
      if (!u.success) continue;
      const name = [u.data.firstname, u.data.lastname].filter((s) => s && s.trim()).join(' ');
      users.set(u.data.id, name || u.data.login || `user ${u.data.id}`);
    }
    return { notifications, tickets, users };
  }

  /** `PUT /online_notifications/{id} {seen: true}` (own notifications only). */
  async markNotificationSeen(notificationId: number, signal?: Signal): Promise<void> {
    await this.c.request('PUT', apiPath`/online_notifications/${notificationId}`, {
      body: { seen: true },
      signal,
    });
  }

  /** `POST /online_notifications/mark_all_as_read`: every one of the caller's 200 newest. */
  async markAllNotificationsSeen(signal?: Signal): Promise<void> {
    await this.c.request('POST', '/online_notifications/mark_all_as_read', { body: {}, signal });
  }
}
