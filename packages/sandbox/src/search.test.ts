import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './index.js';
import { api, arr, asToken, obj } from './test-client.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
  // a planted, unmistakable title
  const t = sb.store.ticket(17);
  if (t) t.title = 'Zebracorn firmware cannot be flashed';
});
afterAll(async () => {
  await sb.close();
});
afterEach(() => {
  sb.setVersion('7.x');
  sb.setElasticsearch(true);
});

const admin = () => api(sb, asToken(sb.credentials.admin));
const ids = (v: unknown) => arr(v).map((t) => t['id'] as number);

describe('ticket search response shapes per version', () => {
  it('6.4: {tickets, tickets_count (page count), assets}; expand gives an array', async () => {
    sb.setVersion('6.4');
    const r = obj((await admin()('GET', '/tickets/search?query=state.name:open&per_page=5')).body);
    expect(Object.keys(r).sort()).toEqual(['assets', 'tickets', 'tickets_count']);
    expect((r['tickets'] as number[]).length).toBe(5);
    expect(r['tickets_count']).toBe(5);
    expect(Object.keys(obj(obj(r['assets'])['Ticket']))).toHaveLength(5);
    const e = await admin()('GET', '/tickets/search?query=state.name:open&per_page=2&expand=true');
    expect(arr(e.body)[0]).toHaveProperty('state', 'open');
  });

  it('6.5: a plain array; with_total_count changes nothing; full and only_total_count', async () => {
    sb.setVersion('6.5');
    const plain = arr((await admin()('GET', '/tickets/search?query=state.name:open&per_page=3')).body);
    expect(plain).toHaveLength(3);
    expect(plain[0]).toHaveProperty('article_ids');
    expect(plain[0]).not.toHaveProperty('ai_stored_result_ids');
    expect(
      Array.isArray(
        (await admin()('GET', '/tickets/search?query=state.name:open&with_total_count=true')).body,
      ),
    ).toBe(true);
    const full = obj(
      (await admin()('GET', '/tickets/search?query=state.name:open&per_page=2&full=true')).body,
    );
    expect(Object.keys(full).sort()).toEqual(['assets', 'record_ids', 'total_count']);
    const count = obj(
      (await admin()('GET', '/tickets/search?query=state.name:open&only_total_count=true')).body,
    );
    const open = [...sb.store.tickets.values()].filter((t) => t.state_id === 2).length;
    expect(count).toEqual({ total_count: open });
    expect(full['total_count']).toBe(open);
  });

  it('7.x: with_total_count wraps default and expand as {records, total_count}', async () => {
    const r = obj(
      (
        await admin()('POST', '/tickets/search', {
          query: 'state.name:open',
          per_page: 4,
          with_total_count: true,
        })
      ).body,
    );
    expect(arr(r['records'])).toHaveLength(4);
    expect(arr(r['records'])[0]).toHaveProperty('ai_stored_result_ids');
    expect(r['total_count']).toBe([...sb.store.tickets.values()].filter((t) => t.state_id === 2).length);
    const e = obj(
      (
        await admin()(
          'GET',
          '/tickets/search?query=state.name:open&expand=true&with_total_count=true&per_page=1',
        )
      ).body,
    );
    expect(arr(e['records'])[0]).toHaveProperty('state', 'open');
  });
});

describe('sorting and pagination', () => {
  it('defaults to updated_at desc and honours sort_by/order_by', async () => {
    const list = arr((await admin()('GET', '/tickets/search?query=*&per_page=200')).body);
    const updated = list.map((t) => t['updated_at'] as string);
    expect([...updated].sort().reverse()).toEqual(updated);
    const byNumber = arr(
      (await admin()('GET', '/tickets/search?query=*&sort_by=number&order_by=asc&per_page=5')).body,
    );
    expect(byNumber.map((t) => t['number'])).toEqual(['31001', '31002', '31003', '31004', '31005']);
  });

  it('invalid sort_by / order_by → 500, raw for admins, masked for others', async () => {
    const r = await admin()('GET', '/tickets/search?query=*&sort_by=foo');
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ error: "Found invalid column 'foo' for sorting." });
    const r2 = await admin()('GET', '/tickets/search?query=*&order_by=sideways');
    expect(obj(r2.body)['error']).toBe("Found invalid order by value sideways. Please use 'asc' or 'desc'.");
    const masked = await api(sb, asToken(sb.credentials.agent))('GET', '/tickets/search?query=*&sort_by=foo');
    expect(masked.status).toBe(500);
    expect(obj(masked.body)['error']).toMatch(/^Error ID [\w-]{8}: Please contact your administrator\.$/);
    expect(masked.body).not.toHaveProperty('error_human');
  });

  it('search: default 50, max 200 (silently clamped); per_page=0 → []; page=0 → 422', async () => {
    expect(arr((await admin()('GET', '/tickets/search?query=*')).body)).toHaveLength(50);
    expect(arr((await admin()('GET', '/tickets/search?query=*&per_page=500')).body)).toHaveLength(200);
    expect(arr((await admin()('GET', '/tickets/search?query=*&limit=7')).body)).toHaveLength(7);
    expect((await admin()('GET', '/tickets/search?query=*&per_page=0')).body).toEqual([]);
    const r = await admin()('GET', '/tickets/search?query=*&page=0');
    expect(r.status).toBe(422);
    const agentPage0 = await api(sb, asToken(sb.credentials.agent))('GET', '/tickets?page=0');
    expect(agentPage0.status).toBe(422);
    expect(obj(agentPage0.body)['error']).toMatch(/^Error ID/);
  });

  it('/tickets: default 100, max 100, id ascending; pages do not overlap', async () => {
    const p1 = ids((await admin()('GET', '/tickets')).body);
    expect(p1).toHaveLength(100);
    expect(ids((await admin()('GET', '/tickets?per_page=1000')).body)).toHaveLength(100);
    const p2 = ids((await admin()('GET', '/tickets?page=2&per_page=100')).body);
    expect(p1[0]).toBe(1);
    expect(p2[0]).toBe(101);
    expect((await admin()('GET', '/organizations?per_page=3')).body).toHaveLength(3);
    expect(arr((await admin()('GET', '/organizations')).body).length).toBe(sb.store.organizations.size);
  });
});

describe('Elasticsearch vs SQL fallback', () => {
  it('ES: field syntax, phrases, OR groups, NOT, tags, ranges, wildcards, implicit prefix', async () => {
    const search = async (q: string) =>
      ids((await admin()('GET', `/tickets/search?per_page=200&query=${encodeURIComponent(q)}`)).body);
    const states = (list: number[]) => new Set(list.map((id) => sb.store.ticket(id)?.state_id));
    expect(states(await search('state.name:open'))).toEqual(new Set([2]));
    expect(states(await search('state.name:(new OR open)'))).toEqual(new Set([1, 2]));
    expect(await search('Zebracorn')).toEqual([17]);
    expect(await search('zebracor')).toEqual([17]);
    expect(await search('title:"firmware cannot"')).toEqual([17]);
    expect(await search('title:"cannot firmware"')).toEqual([]);
    expect(await search('number:31017')).toEqual([17]);
    const vip = await search('tags:vip');
    expect(vip.length).toBeGreaterThan(0);
    for (const id of vip) expect(sb.store.tagsOf(id)).toContain('vip');
    const notClosed = await search('NOT state.name:closed AND NOT state.name:merged');
    expect(notClosed.every((id) => ![4, 5].includes(sb.store.ticket(id)?.state_id ?? 0))).toBe(true);
    const org = await search('organization.name:"Northwind Traders"');
    expect(org.length).toBeGreaterThan(0);
    for (const id of org) expect(sb.store.ticket(id)?.organization_id).toBe(1);
    const email = sb.store.user(9)?.email ?? '';
    const byCustomer = await search(`customer.email:${email}`);
    expect(byCustomer.length).toBe([...sb.store.tickets.values()].filter((t) => t.customer_id === 9).length);
    const recent = await search('created_at:>now-7d');
    for (const id of recent)
      expect(Date.parse(sb.store.ticket(id)?.created_at ?? '')).toBeGreaterThan(
        sb.store.clock.peekMs() - 7 * 86_400_000,
      );
    const range = await search('created_at:[2025-06-01 TO 2025-06-30]');
    for (const id of range) expect(sb.store.ticket(id)?.created_at.startsWith('2025-06')).toBe(true);
    expect(range.length).toBeGreaterThan(0);
    expect((await search('title:zebra*')).includes(17)).toBe(true);
    expect((await search('article.body:"Best regards"')).length).toBeGreaterThan(0);
  });

  it('SQL: substring over title/number/article columns; field syntax matches nothing', async () => {
    sb.setElasticsearch(false);
    const search = async (q: string) =>
      ids((await admin()('GET', `/tickets/search?per_page=200&query=${encodeURIComponent(q)}`)).body);
    expect(await search('state.name:new')).toEqual([]);
    expect(await search('racorn firm')).toEqual([17]);
    expect(await search('ZEBRACORN*')).toEqual([17]);
    expect(await search('31017')).toEqual([17]);
    expect((await search('*')).length).toBe(200);
  });

  it('users and organizations search in both modes', async () => {
    const users = arr((await admin()('GET', '/users/search?query=sarah')).body);
    expect(users.map((u) => u['id'])).toContain(9);
    expect(
      arr(
        (await admin()('GET', '/users/search?query=organization.name:"Northwind Traders"&per_page=100')).body,
      ).every((u) => u['organization_id'] === 1),
    ).toBe(true);
    const orgs = arr((await admin()('GET', '/organizations/search?query=northwind')).body);
    expect(orgs[0]).toMatchObject({ name: 'Northwind Traders' });
    sb.setElasticsearch(false);
    expect(arr((await admin()('GET', '/users/search?query=firstname:sarah')).body)).toEqual([]);
    expect(
      arr((await admin()('GET', '/organizations/search?query=wind tra')).body).map((o) => o['id']),
    ).toEqual([1]);
    const label = arr((await admin()('GET', '/users/search?term=sarah.kim')).body);
    expect(label[0]).toMatchObject({
      id: 9,
      label: 'Sarah Kim <sarah.kim@northwind-traders.example>',
      value: 'sarah.kim@northwind-traders.example',
      inactive: false,
    });
  });

  it('condition selectors filter in both modes', async () => {
    const r = arr(
      (
        await admin()('POST', '/tickets/search', {
          condition: { 'ticket.state_id': { operator: 'is', value: ['1'] } },
          per_page: 200,
        })
      ).body,
    );
    expect(r.length).toBe([...sb.store.tickets.values()].filter((t) => t.state_id === 1).length);
    const bad = await api(sb, asToken(sb.credentials.agent))('POST', '/tickets/search', {
      condition: { 'ticket.nope': { operator: 'is', value: '1' } },
    });
    expect(bad.status).toBe(422);
    expect(obj(bad.body)['error']).toMatch(/^Error ID/);
  });

  it('global search and KB / text module search', async () => {
    const g = obj((await admin()('GET', '/search?query=Zebracorn')).body);
    expect(g['result']).toEqual([{ type: 'Ticket', id: 17 }]);
    const kb = obj(
      (
        await admin()('POST', '/knowledge_bases/search', {
          query: 'password',
          knowledge_base_id: 1,
          locale: 'en-us',
          flavor: 'agent',
        })
      ).body,
    );
    expect(arr(kb['result']).length).toBeGreaterThan(0);
    expect(arr(kb['details'])[0]).toMatchObject({
      type: 'KnowledgeBase::Answer::Translation',
      icon: 'knowledge-base-answer',
    });
    const tm = arr((await admin()('GET', '/text_modules/search?query=refund')).body);
    expect(tm.map((t) => t['name'])).toContain('Refund confirmed');
  });
});
