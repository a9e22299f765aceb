import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './index.js';
import { api, arr, asToken, obj } from './test-client.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const byGroup = (name: string) => {
  const g = [...sb.store.groups.values()].find((x) => x.name === name);
  if (!g) throw new Error(name);
  const t = [...sb.store.tickets.values()].find((x) => x.group_id === g.id);
  if (!t) throw new Error(`no ticket in ${name}`);
  return t;
};

describe('errors and visibility', () => {
  it("missing ticket → 404 with Zammad's message; unknown route → 404", async () => {
    const call = api(sb, asToken(sb.credentials.admin));
    expect((await call('GET', '/tickets/999')).body).toEqual({
      error: "Couldn't find Ticket with 'id'=999",
      error_human: "Couldn't find Ticket with 'id'=999",
    });
    expect(obj((await call('GET', '/tickets/abc')).body)['error']).toBe("Couldn't find Ticket with 'id'=abc");
    const r = await call('GET', '/no_such_thing');
    expect(r.status).toBe(404);
    expect(obj(r.body)['error']).toBe("This page doesn't exist.");
  });

  it('the group-limited agent sees Sales and Billing tickets only, and gets 403 Not authorized elsewhere', async () => {
    const call = api(sb, asToken(sb.credentials.agent));
    const list = arr((await call('GET', '/tickets?per_page=100&page=1')).body).concat(
      arr((await call('GET', '/tickets?per_page=100&page=2')).body),
    );
    expect(list.length).toBeGreaterThan(0);
    for (const t of list) expect([2, 6]).toContain(t['group_id']);
    const support = byGroup('Support › 2nd Level');
    const r = await call('GET', `/tickets/${support.id}`);
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'Not authorized', error_human: 'Not authorized' });
  });

  it('read-only group access: can read, cannot update', async () => {
    const call = api(sb, asToken(sb.credentials.agent));
    const billing = byGroup('Billing');
    expect((await call('GET', `/tickets/${billing.id}`)).status).toBe(200);
    const r = await call('PUT', `/tickets/${billing.id}`, { title: 'changed' });
    expect(r.status).toBe(403);
    expect(sb.store.ticket(billing.id)?.title).not.toBe('changed');
  });

  it('a grant on a parent group does not cover its subgroups', async () => {
    sb.store.userExtras.set(6, { ...sb.store.extra(6), group_ids: { '3': ['full'] } });
    sb.store.tokens.push({
      token: 'support-parent-only',
      user_id: 6,
      kind: 'api',
      permissions: ['ticket.agent'],
      expires_at: null,
    });
    const call = api(sb, { token: 'support-parent-only' });
    expect((await call('GET', `/tickets/${byGroup('Support › 1st Level').id}`)).status).toBe(403);
    expect((await call('GET', `/tickets/${byGroup('Support').id}`)).status).toBe(200);
  });

  it('a customer sees own and shared-organization tickets, never internal articles', async () => {
    const { customer } = sb.credentials;
    const call = api(sb, asToken(customer));
    const list = arr((await call('GET', '/tickets?per_page=100')).body);
    expect(list.length).toBeGreaterThan(5);
    let sawInternalElsewhere = false;
    for (const t of list) {
      const mine = t['customer_id'] === customer.userId || t['organization_id'] === 1;
      expect(mine).toBe(true);
      const articles = arr((await call('GET', `/ticket_articles/by_ticket/${String(t['id'])}`)).body);
      for (const a of articles) expect(a['internal']).toBe(false);
      if (sb.store.articlesOf(t['id'] as number).some((a) => a.internal)) sawInternalElsewhere = true;
    }
    expect(sawInternalElsewhere).toBe(true);
  });

  it("a customer gets 403 on an internal article, on other customers' tickets, and all=true hides internals", async () => {
    const { customer } = sb.credentials;
    const call = api(sb, asToken(customer));
    const own = [...sb.store.tickets.values()].find(
      (t) => t.customer_id === customer.userId && sb.store.articlesOf(t.id).some((a) => a.internal),
    );
    if (!own) throw new Error('fixture: customer ticket with internal note');
    const internal = sb.store.articlesOf(own.id).find((a) => a.internal);
    expect((await call('GET', `/ticket_articles/${String(internal?.id)}`)).status).toBe(403);
    const all = obj((await call('GET', `/tickets/${own.id}?all=true`)).body);
    const ids = all['ticket_article_ids'] as number[];
    expect(ids).not.toContain(internal?.id);
    const assets = obj(all['assets']);
    for (const a of Object.values(obj(assets['TicketArticle']))) expect(obj(a)['internal']).toBe(false);
    const other = [...sb.store.tickets.values()].find(
      (t) => t.customer_id !== customer.userId && t.organization_id !== 1,
    );
    expect((await call('GET', `/tickets/${String(other?.id)}`)).status).toBe(403);
  });

  it('customer search only returns visible tickets (and does not see internal article ids)', async () => {
    const { customer } = sb.credentials;
    const list = arr((await api(sb, asToken(customer))('GET', '/tickets/search?query=*&per_page=200')).body);
    expect(list.length).toBeGreaterThan(0);
    for (const t of list) {
      expect(t['customer_id'] === customer.userId || t['organization_id'] === 1).toBe(true);
      for (const id of t['article_ids'] as number[]) expect(sb.store.articles.get(id)?.internal).toBe(false);
    }
  });

  it('a customer may read users of the shared organization but not others', async () => {
    const call = api(sb, asToken(sb.credentials.customer));
    expect((await call('GET', '/users/10')).status).toBe(200); // same organization
    expect((await call('GET', '/users/20')).status).toBe(403);
    expect((await call('GET', '/users/search?query=a')).status).toBe(403);
    expect(obj((await call('GET', '/organizations/2')).body)['error']).toBe('Not authorized');
    expect(obj((await call('GET', '/organizations/1')).body)['name']).toBe('Northwind Traders');
  });

  it('a customer without organization gets {} for any organization', async () => {
    const noOrg = [...sb.store.users.values()].find(
      (u) => u.organization_id === null && sb.store.extra(u.id).role_ids.includes(3),
    );
    if (!noOrg) throw new Error('fixture');
    sb.store.tokens.push({
      token: 'no-org-customer',
      user_id: noOrg.id,
      kind: 'api',
      permissions: ['ticket.customer'],
      expires_at: null,
    });
    const r = await api(sb, { token: 'no-org-customer' })('GET', '/organizations/1');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({});
  });
});

describe('response shapes', () => {
  it('GET /tickets/:id renders bare columns; expand adds names; full gives assets keyed by string id', async () => {
    const call = api(sb, asToken(sb.credentials.admin));
    const bare = obj((await call('GET', '/tickets/3')).body);
    expect(bare['number']).toBe('31003');
    expect(bare).not.toHaveProperty('article_ids');
    expect(bare).toHaveProperty('customer_ref');
    expect(Object.keys(bare).slice(0, 6)).toEqual([
      'id',
      'group_id',
      'priority_id',
      'state_id',
      'organization_id',
      'number',
    ]);
    const expanded = obj((await call('GET', '/tickets/3?expand=true')).body);
    for (const k of [
      'group',
      'state',
      'priority',
      'owner',
      'customer',
      'created_by',
      'create_article_type',
      'article_ids',
    ])
      expect(expanded).toHaveProperty(k);
    const full = obj((await call('GET', '/tickets/3?full=true')).body);
    expect(full['id']).toBe(3);
    const assets = obj(full['assets']);
    expect(Object.keys(obj(assets['Ticket']))).toEqual(['3']);
    expect(assets).toHaveProperty('User');
    expect(assets).toHaveProperty('Group');
    const u = obj(obj(assets['User'])['2'] ?? obj(assets['User'])[Object.keys(obj(assets['User']))[0] ?? '']);
    expect(u).not.toHaveProperty('password');
  });

  it('articles carry names, attachments with string sizes, and time_unit', async () => {
    const art = [...sb.store.articles.values()].find((a) => a.attachments.length > 0);
    if (!art) throw new Error('fixture');
    const a = obj((await api(sb, asToken(sb.credentials.admin))('GET', `/ticket_articles/${art.id}`)).body);
    for (const k of ['type', 'sender', 'created_by', 'updated_by', 'time_unit', 'attachments'])
      expect(a).toHaveProperty(k);
    const att = obj(arr(a['attachments'])[0]);
    expect(typeof att['size']).toBe('string');
    expect(att).toHaveProperty('store_file_id');
    expect(obj(att['preferences'])['Content-Type']).toBeTypeOf('string');
  });

  it('timestamps are ISO with milliseconds, decimals are strings, groups are hierarchical', async () => {
    const call = api(sb, asToken(sb.credentials.admin));
    const t = [...sb.store.tickets.values()].find((x) => x.time_unit !== null);
    const bare = obj((await call('GET', `/tickets/${String(t?.id)}`)).body);
    expect(bare['created_at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(bare['time_unit']).toMatch(/^\d+\.\d$/);
    const groups = arr((await call('GET', '/groups')).body);
    const first = groups.find((g) => g['name'] === 'Support › 1st Level');
    expect(first).toMatchObject({ name_last: '1st Level', parent_id: 3 });
  });
});
