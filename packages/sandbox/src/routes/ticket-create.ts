/** POST /tickets (tickets_controller.rb#create): lookups, customer guessing, tags, links, first article. */
import { createArticle } from '../article-write.js';
import { can, requireAny, type Principal } from '../auth.js';
import { literal, notAuthorized, unprocessable } from '../errors.js';
import { isObject, me, str, type Ctx, type Reply } from '../http.js';
import { blankTicket, blankUser } from '../records.js';
import { ticketWithIds } from '../render.js';
import type { Route } from '../server.js';
import type { SandboxStore } from '../store.js';
import { canCreateIn, checkOwner, checkPending, resolveChanges } from '../ticket-write.js';
import type { LinkType } from '../types.js';
import { articleParams, seesInternal, ticketReply } from './ticket-render.js';

function create(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  requireAny(store, p, ['ticket.agent', 'ticket.customer']);
  const input = { ...ctx.input };
  const isAgent = can(store, p, 'ticket.agent');
  if (isObject(input['customer'])) {
    const c = input['customer'];
    delete input['customer'];
    if (input['customer_id'] === undefined && isAgent)
      input['customer_id'] = String(findOrCreateCustomer(store, p, c));
  }
  const guess = str(input['customer_id']);
  if (guess?.startsWith('guess:') && isAgent)
    input['customer_id'] = String(findOrCreateCustomer(store, p, { email: guess.slice(6) }));
  const c = resolveChanges(store, input);
  if (!isAgent) {
    c.customer_id = p.user.id;
    delete c.owner_id;
  }
  if (c.group_id === undefined) throw unprocessable("The required value 'group_id' is missing.");
  if (c.customer_id === undefined) throw unprocessable("Missing required value for field 'customer_id'!");
  if (c.title === undefined || c.title.trim() === '')
    throw unprocessable("Missing required value for field 'title'!");
  if (!canCreateIn(store, p, c.group_id)) throw notAuthorized();
  const stateId = c.state_id ?? 1;
  checkPending(store, stateId, c.pending_time ?? null);
  if (c.owner_id !== undefined) checkOwner(store, c.owner_id, c.group_id);
  const customer = store.user(c.customer_id);
  const at = store.now();
  const id = store.nextId('ticket');
  const t = blankTicket({
    id,
    group_id: c.group_id,
    priority_id: c.priority_id ?? 2,
    state_id: stateId,
    organization_id:
      c.organization_id !== undefined ? c.organization_id : (customer?.organization_id ?? null),
    title: c.title,
    owner_id: c.owner_id ?? 1,
    customer_id: c.customer_id,
    note: c.note ?? null,
    last_owner_update_at: c.owner_id !== undefined && c.owner_id !== 1 ? at : null,
    pending_time: c.pending_time ?? null,
    created_by_id: p.user.id,
    created_at: at,
  });
  for (const a of [...store.objectAttributes.values()].filter((x) => x.object === 'Ticket' && x.editable))
    t.custom[a.name] = c.custom[a.name] ?? null;
  store.tickets.set(id, t);
  store.addHistory({ o_id: id, object: 'Ticket', type: 'created', created_by_id: p.user.id, created_at: at });
  const tags = str(input['tags']);
  if (tags && isAgent)
    for (const tag of tags
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''))
      store.addTag(id, tag, p.user.id);
  if (Array.isArray(input['mentions'])) {
    for (const uid of input['mentions']) {
      const mid = store.nextId('mention');
      store.mentions.set(mid, {
        id: mid,
        mentionable_type: 'Ticket',
        mentionable_id: id,
        user_id: Number(uid),
        updated_by_id: p.user.id,
        created_by_id: p.user.id,
        created_at: at,
        updated_at: at,
      });
    }
  }
  const links = input['links'];
  if (isObject(links) && isObject(links['Ticket'])) {
    for (const [type, ids] of Object.entries(links['Ticket'])) {
      if (!['normal', 'parent', 'child'].includes(type) || !Array.isArray(ids))
        throw unprocessable('Invalid link structure (Object → LinkType)');
      for (const other of ids)
        if (store.ticket(Number(other))) store.addLink(type as LinkType, id, Number(other));
    }
  }
  const article = articleParams(ctx);
  if (article) createArticle(store, p, t, article);
  return ticketReply(ctx, t, 201, (x) => ticketWithIds(store, x, seesInternal(store, p, x)));
}

function findOrCreateCustomer(store: SandboxStore, p: Principal, c: Record<string, unknown>): number {
  const email = str(c['email'])?.toLowerCase();
  const login = str(c['login'])?.toLowerCase();
  const existing =
    (email ? store.userByLogin(email) : undefined) ?? (login ? store.userByLogin(login) : undefined);
  if (existing) return existing.id;
  if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw literal(422, { error: `Invalid email '${email}' of customer` });
  const at = store.now();
  const id = store.nextId('user');
  const newLogin = email ?? login ?? `customer-${id}`;
  const names = { firstname: str(c['firstname']) ?? '', lastname: str(c['lastname']) ?? '' };
  store.users.set(
    id,
    blankUser(
      id,
      { login: newLogin, ...names, email: email ?? '', created_by_id: p.user.id, updated_by_id: p.user.id },
      at,
    ),
  );
  store.userExtras.set(id, {
    password: '',
    role_ids: [3],
    organization_ids: [],
    group_ids: {},
    two_factor: false,
  });
  return id;
}

export const ticketCreateRoutes: Route[] = [{ method: 'POST', path: '/tickets', handler: create }];
