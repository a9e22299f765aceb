/** The conversation on a seeded ticket after its first article: replies, follow-ups, internal notes. */
import { BASE_NOW, iso } from './clock.js';
import { agentReply, customerBody, htmlWithQuote, type Party } from './seed-bodies.js';
import { MIN, addressOf, attachmentFor, fill, messageId, setState, type SeedCtx } from './seed-helpers.js';
import type { Scenario } from './seed-scenarios.js';
import { CUSTOMER_FOLLOW_UPS, INTERNAL_NOTES, SUPPORT_ADDRESS } from './seed-text.js';
import type { TicketRecord, UserRecord } from './types.js';

export type ThreadSpec = {
  t: TicketRecord;
  scenario: Scenario;
  customer: UserRecord;
  party: Party;
  owner: UserRecord;
  cc: string | null;
  html: boolean;
  ref: string;
  product: string;
  /** Number of articles including the opener. */
  count: number;
  opener: { text: string; at: number };
};

const GENERIC_REPLY = 'Thank you for the details. We are looking into it and will get back to you shortly.';

/** Adds articles 2..count; returns the time of the last one. */
export function seedThread(ctx: SeedCtx, s: ThreadSpec): number {
  const { store, rng } = ctx;
  const { t, owner, customer } = s;
  const limit = BASE_NOW - 15 * MIN;
  const contentType = s.html ? 'text/html' : 'text/plain';
  let cursor = s.opener.at;
  let last = { text: s.opener.text, author: s.party.name, at: iso(s.opener.at) };
  for (let n = 1; n < s.count; n += 1) {
    cursor = Math.min(cursor + rng.int(20, 60 * 36) * MIN, limit - (s.count - n) * MIN);
    const at = iso(cursor);
    const roll = rng.next();
    if (n === 1) {
      store.addHistory({
        o_id: t.id,
        object: 'Ticket',
        type: 'updated',
        attribute: 'owner',
        value_from: '-',
        value_to: store.fullname(owner),
        id_from: 1,
        id_to: owner.id,
        created_by_id: owner.id,
        created_at: at,
      });
      t.owner_id = owner.id;
      t.last_owner_update_at = at;
    }
    if (roll < 0.2) {
      const body = rng.pick(INTERNAL_NOTES);
      const from = store.fullname(owner);
      store.addArticle({
        ticket_id: t.id,
        type: 'note',
        internal: true,
        created_by_id: owner.id,
        created_at: at,
        from,
        body,
      });
      if (rng.chance(0.35)) {
        const minutes = rng.pick([5, 10, 15, 30, 45, 60, 90]);
        store.addTimeAccounting(t.id, minutes, owner.id, { typeId: rng.int(1, 5), at });
      }
      continue;
    }
    const agentTurn = n % 2 === 1 ? roll < 0.85 : roll < 0.3;
    if (agentTurn) {
      const core = fill(rng.chance(0.6) ? rng.pick(s.scenario.replies) : GENERIC_REPLY, s.ref, s.product);
      const text = agentReply(rng, core, customer.firstname, store.fullname(owner));
      const viaEmail = s.scenario.channel !== 'web' || rng.chance(0.5);
      const a = store.addArticle({
        ticket_id: t.id,
        type: viaEmail ? 'email' : 'web',
        sender: 'Agent',
        created_by_id: owner.id,
        created_at: at,
        from: `${store.fullname(owner)} via Helpdesk <${SUPPORT_ADDRESS}>`,
        to: addressOf(customer),
        cc: s.cc,
        subject: `RE: ${t.title}`,
        content_type: contentType,
        body: s.html ? htmlWithQuote(text, last) : text,
        message_id: viaEmail ? messageId(`agent${t.id}-${n}`) : null,
        attachments: attachmentFor(rng.chance(0.05) ? 'pdf' : 'none', `Helpdesk ${t.number}`),
      });
      if (rng.chance(0.3)) {
        const minutes = rng.pick([5, 10, 15, 20, 30]);
        store.addTimeAccounting(t.id, minutes, owner.id, {
          articleId: a.id,
          typeId: rng.chance(0.7) ? 3 : null,
          at,
        });
      }
      if (t.state_id === 1) setState(ctx, t, 2, owner.id, cursor);
      last = { text, author: `${store.fullname(owner)} via Helpdesk`, at };
    } else {
      const text = customerBody(rng, rng.pick(CUSTOMER_FOLLOW_UPS), s.party);
      store.addArticle({
        ticket_id: t.id,
        type: s.scenario.channel === 'web' ? 'web' : 'email',
        sender: 'Customer',
        created_by_id: customer.id,
        created_at: at,
        from: addressOf(customer),
        to: `Helpdesk <${SUPPORT_ADDRESS}>`,
        cc: s.cc,
        subject: `Re: ${t.title}`,
        content_type: contentType,
        body: s.html ? htmlWithQuote(text, last) : text,
        message_id: messageId(`c${t.id}-${n}`),
        attachments: attachmentFor(rng.chance(0.08) ? 'screenshot' : 'none', t.title),
      });
      last = { text, author: s.party.name, at };
    }
  }
  return cursor;
}
