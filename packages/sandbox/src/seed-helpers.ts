/** Small helpers shared by the ticket seed files. */
import { createHash } from 'node:crypto';
import { iso } from './clock.js';
import type { Prng } from './prng.js';
import type { Scenario } from './seed-scenarios.js';
import { HELPDESK_DOMAIN, LOG_EXCERPT, TINY_PNG, tinyPdf } from './seed-text.js';
import type { NewArticle, SandboxStore } from './store.js';
import type { TicketRecord, UserRecord } from './types.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export type SeedCtx = { store: SandboxStore; rng: Prng };

/** Agents with full access to a group (owner candidates). */
export function agentsFor(store: SandboxStore, groupId: number): UserRecord[] {
  return [...store.users.values()].filter((u) =>
    (store.userExtras.get(u.id)?.group_ids[String(groupId)] ?? []).includes('full'),
  );
}

export const addressOf = (u: UserRecord): string => `${u.firstname} ${u.lastname} <${u.email}>`;

export function messageId(seed: string): string {
  const domain = seed.includes('agent') ? HELPDESK_DOMAIN : 'mail.example';
  return `<${createHash('md5').update(seed).digest('hex').slice(0, 20)}@${domain}>`;
}

export function attachmentFor(
  kind: Scenario['attachment'] | 'none',
  title: string,
): NonNullable<NewArticle['attachments']> {
  switch (kind) {
    case 'log':
      return [{ filename: 'worker.log', mimeType: 'text/plain', data: Buffer.from(LOG_EXCERPT, 'utf8') }];
    case 'screenshot':
      return [{ filename: 'screenshot.png', mimeType: 'image/png', data: TINY_PNG }];
    case 'pdf': {
      const name = title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 40);
      return [{ filename: `${name}.pdf`, mimeType: 'application/pdf', data: tinyPdf(title) }];
    }
    default:
      return [];
  }
}

export const fill = (text: string, ref: string, product: string): string =>
  text.replace(/\{ref\}/g, ref).replace(/\{product\}/g, product);

export function setState(ctx: SeedCtx, t: TicketRecord, stateId: number, by: number, at: number): void {
  if (t.state_id === stateId) return;
  const { store } = ctx;
  store.addHistory({
    o_id: t.id,
    object: 'Ticket',
    type: 'updated',
    attribute: 'state',
    value_from: store.lookupName(store.states, t.state_id),
    value_to: store.lookupName(store.states, stateId),
    id_from: t.state_id,
    id_to: stateId,
    created_by_id: by,
    created_at: iso(at),
  });
  t.state_id = stateId;
  store.touchTicket(t, by, iso(at));
}
