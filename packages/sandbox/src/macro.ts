/** Executes a macro's `perform` on a ticket (Ticket#perform_changes, the parts macros use). */
import type { Principal } from './auth.js';
import { createArticle } from './article-write.js';
import { isObject, str, toI, truthy } from './http.js';
import type { SandboxStore } from './store.js';
import { applyChanges, checkOwner, checkPending, type TicketChanges } from './ticket-write.js';
import type { MacroRecord, TicketRecord } from './types.js';

const RANGE_MS: Record<string, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
  month: 2_592_000_000,
  year: 31_536_000_000,
};

function replaceVars(store: SandboxStore, p: Principal, t: TicketRecord, text: string): string {
  const customer = store.user(t.customer_id);
  return text
    .replace(/#\{ticket\.number\}/g, t.number)
    .replace(/#\{ticket\.title\}/g, t.title)
    .replace(/#\{ticket\.customer\.firstname\}/g, customer?.firstname ?? '')
    .replace(/#\{ticket\.customer\.lastname\}/g, customer?.lastname ?? '')
    .replace(/#\{user\.firstname\}/g, p.user.firstname)
    .replace(/#\{user\.lastname\}/g, p.user.lastname);
}

export function applyMacro(store: SandboxStore, p: Principal, t: TicketRecord, macro: MacroRecord): void {
  const changes: TicketChanges = { custom: {} };
  const now = store.clock.peekMs();
  const tagOps: Array<{ op: string; tags: string[] }> = [];
  const articles: Array<Record<string, unknown>> = [];
  for (const [key, raw] of Object.entries(macro.perform)) {
    if (!isObject(raw)) continue;
    const value = raw['value'];
    const [object, attr] = key.split('.', 2);
    if (object === 'ticket') {
      switch (attr) {
        case 'state_id':
          changes.state_id = toI(value);
          break;
        case 'priority_id':
          changes.priority_id = toI(value);
          break;
        case 'group_id':
          changes.group_id = toI(value);
          break;
        case 'title':
          changes.title = str(value) ?? t.title;
          break;
        case 'owner_id':
          changes.owner_id = raw['pre_condition'] === 'current_user.id' ? p.user.id : toI(value);
          break;
        case 'pending_time': {
          if (raw['operator'] === 'relative')
            changes.pending_time = new Date(
              now + toI(value) * (RANGE_MS[str(raw['range']) ?? 'day'] ?? 86_400_000),
            ).toISOString();
          else if (typeof value === 'string')
            changes.pending_time = new Date(Date.parse(value)).toISOString();
          break;
        }
        case 'tags':
          tagOps.push({
            op: str(raw['operator']) ?? 'add',
            tags: (str(value) ?? '')
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          });
          break;
        default:
          if (attr !== undefined && attr in t.custom) changes.custom[attr] = (value ?? null) as string | null;
      }
    } else if (key === 'article.note') {
      articles.push({
        type: 'note',
        internal: truthy(raw['internal'] ?? 'true'),
        subject: str(raw['subject']),
        body: str(raw['body']) ?? '',
        content_type: 'text/html',
      });
    } else if (key === 'notification.email') {
      const customer = store.user(t.customer_id);
      articles.push({
        type: 'email',
        internal: truthy(raw['internal'] ?? 'false'),
        subject: str(raw['subject']),
        body: str(raw['body']) ?? '',
        content_type: 'text/html',
        to: customer ? `${store.fullname(customer)} <${customer.email}>` : undefined,
      });
    }
  }
  const groupId = changes.group_id ?? t.group_id;
  checkPending(
    store,
    changes.state_id ?? t.state_id,
    changes.pending_time !== undefined ? changes.pending_time : t.pending_time,
  );
  if (changes.owner_id !== undefined) checkOwner(store, changes.owner_id, groupId);
  applyChanges(store, t, changes, p.user);
  for (const { op, tags } of tagOps) {
    for (const tag of tags) {
      if (op === 'remove') store.removeTag(t.id, tag, p.user.id);
      else store.addTag(t.id, tag, p.user.id);
    }
  }
  for (const a of articles) {
    createArticle(store, p, t, {
      ...a,
      subject: typeof a['subject'] === 'string' ? replaceVars(store, p, t, a['subject']) : undefined,
      body: replaceVars(store, p, t, String(a['body'])),
    });
  }
}
