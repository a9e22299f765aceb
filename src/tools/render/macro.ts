/**
 * What a macro does, in words, from its `perform` (the changes Zammad applies in order):
 * "state → closed", "adds tag spam", "emails the customer: …".
 */
import type { ReferenceSnapshot } from '../../zammad/reference.js';
import { cut } from './format.js';

export interface PerformSummary {
  lines: string[];
  /** Whether it writes or sends something a customer or third party sees. */
  reachesOutside: boolean;
  /** Group ids it moves the ticket to. */
  groupIds: number[];
}

/** Recipients of notification.email that are staff; anything else may be a customer or third party. */
const STAFF_RECIPIENTS = new Set(['ticket_owner', 'ticket_agents', 'ticket_responsible']);
const RECIPIENT_WORDS: Record<string, string> = {
  ticket_customer: 'the customer',
  ticket_owner: 'the owner',
  ticket_agents: 'the group’s agents',
  article_last_sender: 'the sender of the last article',
};

function valueOf(v: unknown): string {
  if (Array.isArray(v)) return v.map(valueOf).join(', ');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v === null || v === undefined ? '' : JSON.stringify(v);
}

function short(s: string, max = 120): string {
  const one = s
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const c = cut(one, max);
  return c.cut ? `${c.text}…` : c.text;
}

function recipients(v: unknown): { words: string; outside: boolean } {
  const list = (Array.isArray(v) ? v : [v]).map(valueOf).filter((x) => x !== '');
  const words = list.map((r) => RECIPIENT_WORDS[r] ?? (/^userid_(\d+)$/.test(r) ? `user ${r.slice(7)}` : r));
  return { words: words.join(', ') || 'nobody', outside: list.some((r) => !STAFF_RECIPIENTS.has(r)) };
}

export function describePerform(perform: Record<string, unknown>, ref: ReferenceSnapshot): PerformSummary {
  const lines: string[] = [];
  const groupIds: number[] = [];
  let reachesOutside = false;
  for (const [key, raw] of Object.entries(perform)) {
    const o = (raw && typeof raw === 'object' ? raw : { value: raw }) as Record<string, unknown>;
    const value = valueOf(o['value']);
    const id = Number(value);
    const [object, attr] = key.split('.', 2);
    if (object === 'ticket') {
      switch (attr) {
        case 'state_id':
          lines.push(`state → ${ref.states.name(id) ?? `state ${value}`}`);
          break;
        case 'priority_id':
          lines.push(`priority → ${ref.priorities.name(id) ?? `priority ${value}`}`);
          break;
        case 'group_id':
          groupIds.push(id);
          lines.push(`group → ${ref.groups.name(id) ?? `group ${value}`}`);
          break;
        case 'owner_id': {
          const pre = valueOf(o['pre_condition']);
          lines.push(
            pre === 'current_user.id'
              ? 'owner → the user this server acts as'
              : pre === 'not_set'
                ? 'owner → unassigned'
                : `owner → user ${value}`,
          );
          break;
        }
        case 'pending_time':
          lines.push(
            valueOf(o['operator']) === 'relative'
              ? `pending until: in ${value} ${valueOf(o['range']) || 'day'}(s)`
              : `pending until ${value}`,
          );
          break;
        case 'tags':
          lines.push(`${valueOf(o['operator']) === 'remove' ? 'removes' : 'adds'} tags: ${value}`);
          break;
        case 'title':
          lines.push(`title → "${short(value)}"`);
          break;
        default:
          lines.push(`${attr ?? key} → ${short(value) || '(empty)'}`);
      }
    } else if (key === 'article.note') {
      const internal = valueOf(o['internal'] ?? 'true') !== 'false';
      if (!internal) reachesOutside = true;
      const subject = valueOf(o['subject']);
      lines.push(
        `adds ${internal ? 'an internal' : 'a customer-visible'} note${subject ? ` "${short(subject)}"` : ''}: ${short(valueOf(o['body']))}`,
      );
    } else if (object === 'notification') {
      const r = recipients(o['recipient']);
      if (r.outside || attr !== 'email') reachesOutside = true;
      const subject = valueOf(o['subject']);
      lines.push(
        `sends ${attr === 'email' ? 'an email' : `a ${attr ?? 'notification'} message`} to ${r.words}${subject ? `: "${short(subject)}"` : ''}`,
      );
    } else {
      reachesOutside = true; // an action this summary does not know: assume the worst
      lines.push(`${key} → ${short(value) || JSON.stringify(raw)}`);
    }
  }
  return { lines, reachesOutside, groupIds };
}
