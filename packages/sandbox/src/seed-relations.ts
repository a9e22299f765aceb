/** Seeds all tickets, then what connects them: merges, links, a heavily tagged ticket, mentions, drafts. */
import { BASE_NOW, iso } from './clock.js';
import type { Prng } from './prng.js';
import { DAY, MIN, addressOf, setState, type SeedCtx } from './seed-helpers.js';
import { createTicket } from './seed-tickets.js';
import type { SandboxStore } from './store.js';
import type { LinkType, TicketRecord, UserRecord } from './types.js';

const MANY_TAGS = [
  'escalated',
  'vip',
  'api',
  'bug',
  'outage',
  'q3',
  'known-issue',
  'needs-info',
  'callback',
  'documentation',
  'feedback',
  'workaround',
];

/** Ticket#merge_to: articles move, the source gets a `merged` note, state merged, owner 1, parent link. */
function mergeInto(ctx: SeedCtx, source: TicketRecord, target: TicketRecord): void {
  const { store } = ctx;
  const by = target.owner_id === 1 ? 2 : target.owner_id;
  const at = Date.parse(source.updated_at) + 5 * MIN;
  for (const a of store.articlesOf(source.id)) {
    a.ticket_id = target.id;
    source.article_count -= 1;
    target.article_count += 1;
  }
  const from = store.fullname(store.user(by) as UserRecord);
  store.addArticle({
    ticket_id: source.id,
    type: 'note',
    body: 'merged',
    created_by_id: by,
    created_at: iso(at),
    from,
  });
  const numbers = {
    id_from: source.id,
    id_to: target.id,
    value_from: source.number,
    value_to: target.number,
  };
  store.addHistory({
    o_id: source.id,
    object: 'Ticket',
    type: 'merged_into',
    ...numbers,
    created_by_id: by,
    created_at: iso(at),
  });
  store.addHistory({
    o_id: target.id,
    object: 'Ticket',
    type: 'received_merge',
    ...numbers,
    created_by_id: by,
    created_at: iso(at),
  });
  Object.assign(source, {
    owner_id: 1,
    pending_time: null,
    escalation_at: null,
    update_escalation_at: null,
    first_response_escalation_at: null,
  });
  setState(ctx, source, 5, by, at);
  store.addLink('parent', target.id, source.id, iso(at));
  // The target changed too: its articles now include the moved ones.
  if (target.updated_at < iso(at)) target.updated_at = iso(at);
}

export function seedTickets(
  store: SandboxStore,
  rng: Prng,
  count: number,
  opts: { customerId: number },
): void {
  const ctx: SeedCtx = { store, rng };
  const created: number[] = [];
  for (let i = 0; i < count; i += 1) created.push(BASE_NOW - rng.int(2 * 60, 180 * 24 * 60) * MIN);
  created.sort((a, b) => a - b);
  created.forEach((at, i) => {
    const id = i + 1;
    createTicket(ctx, id, at, id % 9 === 1 || id === count ? opts.customerId : null);
  });
  store.reserveId('ticket', count);

  const all = [...store.tickets.values()];
  for (const t of all) {
    if (t.id < 10 || t.state_id === 5 || !rng.chance(0.05)) continue;
    const target = all.find((o) => o.id < t.id && o.customer_id === t.customer_id && o.state_id !== 5);
    if (target) mergeInto(ctx, t, target);
  }
  for (const t of all) {
    if (t.state_id === 5 || !rng.chance(0.12)) continue;
    const other = rng.pick(all);
    if (other.id === t.id || other.state_id === 5) continue;
    const type = rng.weighted<LinkType>([
      ['normal', 6],
      ['parent', 2],
      ['child', 2],
    ]);
    store.addLink(type, t.id, other.id, t.updated_at);
  }
  const busy = all[Math.min(4, all.length - 1)];
  if (busy) for (const tag of MANY_TAGS) store.addTag(busy.id, tag, 2, busy.updated_at);

  for (const t of all.filter((x) => x.state_id === 2).slice(0, 8)) {
    const id = store.nextId('mention');
    const by = t.owner_id;
    store.mentions.set(id, {
      id,
      mentionable_type: 'Ticket',
      mentionable_id: t.id,
      user_id: by,
      updated_by_id: by,
      created_by_id: by,
      created_at: t.updated_at,
      updated_at: t.updated_at,
    });
  }
  for (const t of all.filter((x) => x.state_id === 2 && x.owner_id !== 1).slice(0, 2)) {
    const id = store.nextId('sharedDraft');
    const customer = store.user(t.customer_id);
    const body = `<p>Hello ${customer?.firstname ?? ''},</p><p>we are still working on this and expect a fix by Friday.</p>`;
    store.sharedDrafts.set(t.id, {
      id,
      ticket_id: t.id,
      new_article: {
        body,
        type: 'email',
        internal: false,
        to: customer ? addressOf(customer) : '',
        cc: '',
        subject: `RE: ${t.title}`,
      },
      ticket_attributes: { state_id: '3', pending_time: iso(BASE_NOW + 3 * DAY) },
      created_by_id: t.owner_id,
      updated_by_id: t.owner_id,
      created_at: t.updated_at,
      updated_at: t.updated_at,
    });
  }
}
