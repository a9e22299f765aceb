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

const admin = () => api(sb, asToken(sb.credentials.admin));

describe('overviews, mentions, global search, raw mail', () => {
  it('lists agent overviews with counts and renders a view', async () => {
    const list = arr((await admin()('GET', '/ticket_overviews')).body);
    expect(list.map((o) => o['link'])).toContain('my_assigned');
    const mine = list.find((o) => o['link'] === 'my_assigned');
    const expected = [...sb.store.tickets.values()].filter(
      (t) => t.owner_id === 2 && [1, 2, 3, 6].includes(t.state_id),
    ).length;
    expect(mine?.['count']).toBe(expected);
    const view = obj((await admin()('GET', '/ticket_overviews?view=all_open')).body);
    const index = obj(view['index']);
    expect(obj(index['overview'])['view']).toBe('all_open');
    expect(arr(index['tickets']).length).toBe(Math.min(2000, index['count'] as number));
    const customer = arr((await api(sb, asToken(sb.credentials.customer))('GET', '/ticket_overviews')).body);
    expect(customer.map((o) => o['link'])).toEqual(['my_tickets', 'my_organization_tickets']);
  });

  it('mentions: list, subscribe (201 true), unsubscribe own only', async () => {
    const t = [...sb.store.tickets.values()].find((x) => x.group_id === 2 && x.state_id === 2);
    if (!t) throw new Error('fixture');
    const agent = api(sb, asToken(sb.credentials.agent));
    const add = await agent('POST', '/mentions', { mentionable_type: 'Ticket', mentionable_id: t.id });
    expect(add.status).toBe(201);
    expect(add.body).toBe(true);
    const list = arr(
      obj((await agent('GET', `/mentions?mentionable_type=Ticket&mentionable_id=${t.id}`)).body)['mentions'],
    );
    const mine = list.find((m) => m['user_id'] === sb.credentials.agent.userId);
    expect(mine).toBeDefined();
    expect((await admin()('DELETE', `/mentions/${String(mine?.['id'])}`)).status).toBe(403);
    expect((await agent('DELETE', `/mentions/${String(mine?.['id'])}`)).body).toBe(true);
    expect((await agent('POST', '/mentions', { mentionable_type: 'User', mentionable_id: 1 })).status).toBe(
      422,
    );
  });

  it('global search by_object, and the raw email of an email article', async () => {
    const r = obj((await admin()('GET', '/search?query=northwind&by_object=true')).body);
    const result = obj(r['result']);
    expect(obj(result['Organization'])['object_ids']).toEqual([1]);
    expect(obj(result['User'])['total_count']).toBeGreaterThan(0);
    const email = [...sb.store.articles.values()].find((a) => a.type_id === 1);
    const res = await fetch(`${sb.url}/api/v1/ticket_article_plain/${String(email?.id)}`, {
      headers: { Authorization: `Token token=${sb.credentials.admin.token}` },
    });
    expect(res.headers.get('content-type')).toBe('message/rfc822');
    expect(await res.text()).toContain(`Subject: ${String(email?.subject)}`);
  });

  it('customer-level search assets never list internal article ids; article PUT writes history', async () => {
    const r = obj(
      (
        await api(sb, asToken(sb.credentials.customer))(
          'GET',
          '/tickets/search?query=*&full=true&per_page=200',
        )
      ).body,
    );
    for (const t of Object.values(obj(obj(r['assets'])['Ticket']))) {
      for (const id of obj(t)['article_ids'] as number[])
        expect(sb.store.articles.get(id)?.internal).toBe(false);
    }
    const note = [...sb.store.articles.values()].find(
      (a) => a.internal && sb.store.ticket(a.ticket_id)?.state_id !== 5,
    );
    await admin()('PUT', `/ticket_articles/${String(note?.id)}`, { internal: false });
    expect(
      sb.store.history.some(
        (h) => h.o_id === note?.id && h.object === 'Ticket::Article' && h.attribute === 'internal',
      ),
    ).toBe(true);
  });

  it('users index: default 100, max 1000; per_page=0 → []', async () => {
    expect(arr((await admin()('GET', '/users')).body).length).toBe(Math.min(100, sb.store.users.size));
    expect((await admin()('GET', '/users?per_page=0')).body).toEqual([]);
    expect(
      arr((await api(sb, asToken(sb.credentials.customer))('GET', '/users')).body).map((u) => u['id']),
    ).toEqual([9]);
  });

  it('non-JSON clients get an HTML error page', async () => {
    const res = await fetch(`${sb.url}/api/v1/tickets/999`, {
      headers: { Authorization: `Token token=${sb.credentials.admin.token}`, Accept: 'text/html' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('sending an article with shared_draft_id consumes the draft; a foreign draft → 422', async () => {
    const [t, other] = [...sb.store.tickets.values()]
      .filter((x) => x.state_id === 2 && x.group_id !== 2)
      .slice(5, 7);
    if (!t || !other) throw new Error('fixture');
    const put = obj(
      (await admin()('PUT', `/tickets/${t.id}/shared_draft`, { new_article: { body: 'Draft' } })).body,
    );
    const id = put['shared_draft_id'];
    const foreign = await admin()('PUT', `/tickets/${other.id}`, {
      article: { body: 'x', shared_draft_id: id },
    });
    expect(foreign.status).toBe(422);
    expect(obj(foreign.body)['error']).toBe('Shared draft cannot be selected for this ticket.');
    const sent = await admin()('PUT', `/tickets/${t.id}`, {
      article: { body: 'Draft', type: 'email', shared_draft_id: id },
    });
    expect(sent.status).toBe(200);
    expect(sb.store.sharedDrafts.has(t.id)).toBe(false);
  });
});
