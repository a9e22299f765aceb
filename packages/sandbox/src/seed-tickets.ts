/** One seeded ticket: scenario, customer, owner, opener, thread, final state, escalation, tags. */
import { BASE_NOW, iso } from './clock.js';
import { blankTicket } from './records.js';
import { customerBody, htmlWithQuote } from './seed-bodies.js';
import {
  DAY,
  HOUR,
  MIN,
  addressOf,
  agentsFor,
  attachmentFor,
  fill,
  messageId,
  setState,
  type SeedCtx,
} from './seed-helpers.js';
import { PRODUCTS, SCENARIOS } from './seed-scenarios.js';
import { SUPPORT_ADDRESS } from './seed-text.js';
import { seedThread } from './seed-thread.js';
import type { TicketRecord, UserRecord } from './types.js';

const EXTRA_TAGS = [
  'follow-up',
  'callback',
  'feedback',
  'documentation',
  'priority-customer',
  'q3',
  'known-issue',
  'needs-info',
  'workaround',
];

// state weights: recent tickets are mostly new/open, older ones mostly closed
const RECENT_STATES: Array<[number, number]> = [
  [1, 30],
  [2, 40],
  [3, 10],
  [6, 5],
  [4, 15],
];
const OLDER_STATES: Array<[number, number]> = [
  [1, 4],
  [2, 22],
  [3, 8],
  [6, 6],
  [4, 60],
];
const THREAD_LENGTHS: Array<[number, number]> = [
  [1, 10],
  [2, 14],
  [3, 18],
  [4, 14],
  [5, 10],
  [6, 8],
  [7, 7],
  [8, 5],
  [10, 5],
  [12, 4],
  [15, 5],
];

export function createTicket(
  ctx: SeedCtx,
  id: number,
  createdAt: number,
  forcedCustomer: number | null,
): void {
  const { store, rng } = ctx;
  const scenario = rng.pick(SCENARIOS);
  const customers = [...store.users.values()].filter((u) => store.userExtras.get(u.id)?.role_ids.includes(3));
  const customer = (forcedCustomer !== null ? store.user(forcedCustomer) : undefined) ?? rng.pick(customers);
  const org =
    customer.organization_id === null ? undefined : store.organizations.get(customer.organization_id);
  const group = store.byName(store.groups, scenario.group) ?? store.groups.get(1);
  if (!group) throw new Error('seed: no group');
  const candidates = agentsFor(store, group.id);
  const owner = rng.pick(candidates.length > 0 ? candidates : [store.user(2) as UserRecord]);
  const invoice = scenario.title.includes('Invoice') || scenario.opener.includes('invoice {ref}');
  const ref = invoice ? `INV-2025-${rng.int(1000, 9999)}` : `ORD-${rng.int(100000, 999999)}`;
  const product = rng.pick(PRODUCTS);
  const ageDays = (BASE_NOW - createdAt) / DAY;
  const finalState = scenario.tags.includes('spam')
    ? 4
    : rng.weighted<number>(ageDays < 10 ? RECENT_STATES : OLDER_STATES);
  const at0 = iso(createdAt);
  const t: TicketRecord = blankTicket({
    id,
    group_id: group.id,
    priority_id: rng.weighted<number>([
      [1, 20],
      [2, 60],
      [3, 20],
    ]),
    state_id: 1,
    organization_id: customer.organization_id,
    title: fill(scenario.title, ref, product),
    customer_id: customer.id,
    updated_by_id: customer.id,
    created_by_id: scenario.channel === 'phone' ? owner.id : customer.id,
    created_at: at0,
    custom: {
      customer_ref: rng.chance(0.4) ? `PO-${rng.int(10000, 99999)}` : null,
      product: rng.chance(0.6) ? product.toLowerCase().replace(/[^a-z]+/g, '_') : null,
    },
  });
  store.tickets.set(id, t);
  store.addHistory({
    o_id: id,
    object: 'Ticket',
    type: 'created',
    created_by_id: t.created_by_id,
    created_at: at0,
  });

  const party = {
    name: `${customer.firstname} ${customer.lastname}`,
    first: customer.firstname,
    org: org?.name ?? '',
  };
  const colleague = org
    ? [...store.users.values()].find((u) => u.organization_id === org.id && u.id !== customer.id)
    : undefined;
  const cc = colleague && rng.chance(0.25) ? addressOf(colleague) : null;
  const html = scenario.channel === 'email' && rng.chance(0.55);
  const openerText = customerBody(rng, fill(scenario.opener, ref, product), party);
  store.addArticle({
    ticket_id: id,
    type: scenario.channel,
    sender: 'Customer',
    subject: t.title,
    created_at: at0,
    created_by_id: scenario.channel === 'phone' ? owner.id : customer.id,
    from: scenario.channel === 'web' ? party.name : addressOf(customer),
    to: scenario.channel === 'email' ? `Helpdesk <${SUPPORT_ADDRESS}>` : group.name,
    cc,
    content_type: html ? 'text/html' : 'text/plain',
    body: html ? htmlWithQuote(openerText, null) : openerText,
    message_id: scenario.channel === 'email' ? messageId(`c${id}`) : null,
    attachments: attachmentFor(scenario.attachment, t.title),
  });

  const threadLength = rng.weighted<number>(THREAD_LENGTHS);
  const count = finalState === 1 ? 1 : threadLength;
  const last = seedThread(ctx, {
    t,
    scenario,
    customer,
    party,
    owner,
    cc,
    html,
    ref,
    product,
    count,
    opener: { text: openerText, at: createdAt },
  });

  // final state, pending times, escalations
  const endAt = Math.min(last + rng.int(10, 600) * MIN, BASE_NOW - 15 * MIN);
  if (finalState !== 1) {
    if (t.owner_id === 1) {
      t.owner_id = owner.id;
      t.last_owner_update_at = iso(endAt);
    }
    setState(ctx, t, finalState, owner.id, endAt);
  }
  if (finalState === 3 || finalState === 6) t.pending_time = iso(BASE_NOW + rng.int(-3 * 24, 7 * 24) * HOUR);
  if (finalState === 4) {
    t.close_at = iso(endAt);
    t.last_close_at = iso(endAt);
  }
  if ((finalState === 1 || finalState === 2) && t.priority_id === 3) {
    t.update_escalation_at = iso(Date.parse(t.last_contact_customer_at ?? at0) + 8 * HOUR);
    if (t.first_response_at === null) t.first_response_escalation_at = iso(createdAt + 4 * HOUR);
    const candidates = [t.first_response_escalation_at, t.update_escalation_at].filter(
      (x): x is string => x !== null,
    );
    t.escalation_at = candidates.sort()[0] ?? null;
  }

  const tags = rng.sample(scenario.tags, rng.int(1, Math.min(scenario.tags.length, 3)));
  if (org?.vip && rng.chance(0.6)) tags.push('vip');
  if (rng.chance(0.3)) tags.push(rng.pick(EXTRA_TAGS));
  tags.forEach((tag, i) => store.addTag(id, tag, owner.id, iso(createdAt + (i + 1) * MIN)));
}
