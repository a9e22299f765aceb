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
const err = (v: unknown) => obj(v)['error'];
const openTicket = () => {
  const t = [...sb.store.tickets.values()].find((x) => x.state_id === 2 && x.group_id === 2);
  if (!t) throw new Error('fixture: open Sales ticket');
  return t;
};

describe('ticket create', () => {
  it('accepts names, creates the first article and tags, returns 201 with association ids', async () => {
    const r = await admin()('POST', '/tickets', {
      title: 'Cannot export report',
      group: 'Sales',
      customer: 'sarah.kim@northwind-traders.example',
      state: 'open',
      priority: '3 high',
      tags: 'export, urgent',
      customer_ref: 'PO-1',
      bogus_field: 'dropped',
      article: { subject: 'Export', body: 'It fails.', type: 'note', internal: true, time_unit: '15' },
    });
    expect(r.status).toBe(201);
    const t = obj(r.body);
    expect(t).toMatchObject({
      group_id: 2,
      customer_id: 9,
      state_id: 2,
      priority_id: 3,
      organization_id: 1,
      customer_ref: 'PO-1',
      time_unit: '15.0',
    });
    expect(t).not.toHaveProperty('bogus_field');
    expect(t['number']).toBe(String(31000 + (t['id'] as number)));
    expect(arr(t['article_ids'] as unknown).length).toBe(1);
    expect(t['ticket_time_accounting_ids']).toHaveLength(1);
    expect(sb.store.tagsOf(t['id'] as number)).toEqual(['export', 'urgent']);
    const a = sb.store.articlesOf(t['id'] as number)[0];
    expect(a).toMatchObject({ internal: true, body: 'It fails.' });
    expect(
      sb.store.history.some((h) => h.o_id === t['id'] && h.type === 'created' && h.object === 'Ticket'),
    ).toBe(true);
  });

  it("returns Zammad's 422s for bad names, ids and missing values", async () => {
    const base = { title: 'x', group: 'Sales', customer_id: 9, article: { body: 'b' } };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, state: 'foo' }, 'No lookup value found for \'state\': "foo"'],
      [{ ...base, group: 'Nope' }, 'No lookup value found for \'group\': "Nope"'],
      [{ ...base, state_id: 999 }, "Invalid value for param 'state_id': 999"],
      [{ ...base, owner_id: 0 }, "Invalid value for param 'owner_id': 0"],
      [{ title: 'x', customer_id: 9 }, "The required value 'group_id' is missing."],
      [{ ...base, state: 'pending reminder' }, "Missing required value for field 'pending_time'!"],
      [{ ...base, owner_id: 5 }, "Invalid value '5' for field 'owner_id'!"],
      [{ ...base, article: { subject: 'no body' } }, "Need at least an 'article body' field."],
      [
        {
          ...base,
          article: {
            body: 'x',
            attachments: [{ filename: 'a.txt', data: '%%%', 'mime-type': 'text/plain' }],
          },
        },
        "Invalid base64 for attachment with index '0'",
      ],
    ];
    for (const [body, message] of cases) {
      const r = await admin()('POST', '/tickets', body);
      expect(r.status, message).toBe(422);
      expect(r.body).toEqual({ error: message, error_human: message });
    }
  });

  it('a customer is forced to be the customer, with a customer-visible article', async () => {
    const r = await api(sb, asToken(sb.credentials.customer))('POST', '/tickets', {
      title: 'Help please',
      group: 'Users',
      customer_id: 20,
      owner_id: 2,
      article: { body: 'Hi', type: 'email', internal: true },
    });
    expect(r.status).toBe(201);
    const t = obj(r.body);
    expect(t).toMatchObject({ customer_id: sb.credentials.customer.userId, owner_id: 1 });
    const a = sb.store.articlesOf(t['id'] as number)[0];
    expect(a?.internal).toBe(false);
    expect(sb.store.articleSenders.get(a?.sender_id ?? 0)?.name).toBe('Customer');
    expect(['note', 'web']).toContain(sb.store.articleTypes.get(a?.type_id ?? 0)?.name);
  });
});

describe('ticket update', () => {
  it('changes attributes, writes history, bumps updated_at, ignores number, adds an article', async () => {
    const t = openTicket();
    const before = t.updated_at;
    const r = await admin()('PUT', `/tickets/${t.id}`, {
      state: 'pending reminder',
      pending_time: '2025-10-01T08:00:00Z',
      number: '99999',
      article: { body: 'Waiting', type: 'note', internal: true },
    });
    expect(r.status).toBe(200);
    const out = obj(r.body);
    expect(out).toMatchObject({ state_id: 3, pending_time: '2025-10-01T08:00:00.000Z', number: t.number });
    expect((out['updated_at'] as string) > before).toBe(true);
    expect(
      sb.store.history.some(
        (h) =>
          h.o_id === t.id && h.attribute === 'state' && h.value_to === 'pending reminder' && h.id_to === 3,
      ),
    ).toBe(true);
    const hist = obj((await admin()('GET', `/ticket_history/${t.id}`)).body);
    const rows = arr(hist['history']);
    expect(rows.some((h) => h['attribute'] === 'state' && h['value_from'] === 'open')).toBe(true);
    expect(rows.some((h) => h['object'] === 'Ticket::Article' && h['type'] === 'created')).toBe(true);
    expect(hist).toHaveProperty('assets');
  });

  it('a pending state without pending_time → 422; unknown names → 422', async () => {
    const t = [...sb.store.tickets.values()].find((x) => x.state_id === 1);
    const r = await admin()('PUT', `/tickets/${String(t?.id)}`, { state: 'pending close' });
    expect(err(r.body)).toBe("Missing required value for field 'pending_time'!");
    expect(err((await admin()('PUT', `/tickets/${String(t?.id)}`, { priority: 'urgent' })).body)).toBe(
      'No lookup value found for \'priority\': "urgent"',
    );
  });
});

describe('articles, tags, links, time accounting, shared drafts', () => {
  it('POST /ticket_articles → 201 with names; missing body → 422; PUT only changes internal', async () => {
    const t = openTicket();
    const r = await admin()('POST', '/ticket_articles', {
      ticket_id: t.id,
      body: '<p>Hello</p>',
      content_type: 'text/html',
      type: 'email',
      to: 'x@example.com',
      internal: false,
    });
    expect(r.status).toBe(201);
    const a = obj(r.body);
    expect(a).toMatchObject({
      ticket_id: t.id,
      type: 'email',
      sender: 'Agent',
      content_type: 'text/html',
      internal: false,
    });
    expect(a['from']).toContain('via Helpdesk');
    expect((await admin()('POST', '/ticket_articles', { ticket_id: t.id })).status).toBe(422);
    const u = obj(
      (await admin()('PUT', `/ticket_articles/${String(a['id'])}`, { internal: true, body: 'ignored' })).body,
    );
    expect(u).toMatchObject({ internal: true, body: '<p>Hello</p>' });
  });

  it('data: URIs in HTML bodies become inline attachments', async () => {
    const t = openTicket();
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQ6uoCAAHwAS8MCPaNAAAAAElFTkSuQmCC';
    const a = obj(
      (
        await admin()('POST', '/ticket_articles', {
          ticket_id: t.id,
          content_type: 'text/html',
          body: `<img src="data:image/png;base64,${png}">`,
        })
      ).body,
    );
    const att = obj(arr(a['attachments'])[0]);
    expect(a['body']).toBe(
      `<img src="/api/v1/ticket_attachment/${t.id}/${String(a['id'])}/${String(att['id'])}?view=inline">`,
    );
  });

  it('tags: GET, POST /tags/add → 201 true, DELETE /tags/remove → 200 true, history written', async () => {
    const t = openTicket();
    expect(
      (await admin()('POST', '/tags/add', { object: 'Ticket', o_id: t.id, item: 'needs-review' })).status,
    ).toBe(201);
    expect(obj((await admin()('GET', `/tags?object=Ticket&o_id=${t.id}`)).body)['tags']).toContain(
      'needs-review',
    );
    const del = await admin()('DELETE', '/tags/remove', {
      object: 'Ticket',
      o_id: t.id,
      item: 'needs-review',
    });
    expect(del.status).toBe(200);
    expect(del.body).toBe(true);
    expect(sb.store.tagsOf(t.id)).not.toContain('needs-review');
    expect(
      sb.store.history.some((h) => h.o_id === t.id && h.type === 'removed' && h.value_to === 'needs-review'),
    ).toBe(true);
    const customer = await api(sb, asToken(sb.credentials.customer))('POST', '/tags/add', {
      object: 'Ticket',
      o_id: 1,
      item: 'x',
    });
    expect(customer.status).toBe(403);
    // tags_controller.rb#search: name contains the term (LIKE %term%), ordered by name
    const names = [...sb.store.tagItems.values()].map((x) => x.name);
    const containing = names.filter((n) => n.toLowerCase().includes('vi')).sort((a, b) => a.localeCompare(b));
    expect(containing).toContain('vip');
    expect(arr((await admin()('GET', '/tag_search?term=vi&limit=50')).body).map((x) => x['value'])).toEqual(
      containing,
    );
  });

  it('links: source by number, target by id; listed from each side; removed', async () => {
    const a = sb.store.ticket(30);
    const b = sb.store.ticket(31);
    if (!a || !b) throw new Error('fixture');
    const add = await admin()('POST', '/links/add', {
      link_type: 'parent',
      link_object_source: 'Ticket',
      link_object_source_number: a.number,
      link_object_target: 'Ticket',
      link_object_target_value: b.id,
    });
    expect(add.status).toBe(201);
    expect(obj(add.body)).toMatchObject({
      link_type_id: 2,
      link_object_source_value: a.id,
      link_object_target_value: b.id,
    });
    const fromB = arr(
      obj((await admin()('GET', `/links?link_object=Ticket&link_object_value=${b.id}`)).body)['links'],
    );
    expect(fromB).toContainEqual({ link_type: 'parent', link_object: 'Ticket', link_object_value: a.id });
    const fromA = arr(
      obj((await admin()('GET', `/links?link_object=Ticket&link_object_value=${a.id}`)).body)['links'],
    );
    expect(fromA).toContainEqual({ link_type: 'child', link_object: 'Ticket', link_object_value: b.id });
    const unknown = await admin()('POST', '/links/add', {
      link_type: 'normal',
      link_object_source: 'Ticket',
      link_object_source_number: '1',
      link_object_target: 'Ticket',
      link_object_target_value: b.id,
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toEqual({ error: 'The object could not be found.' });
    const rm = await admin()('DELETE', '/links/remove', {
      link_type: 'parent',
      link_object_source: 'Ticket',
      link_object_source_value: a.id,
      link_object_target: 'Ticket',
      link_object_target_value: b.id,
    });
    expect(rm.status).toBe(201);
    expect(arr(rm.body)).toHaveLength(1);
    expect(sb.store.links.some((l) => l.source_id === a.id && l.target_id === b.id)).toBe(false);
  });

  it('time accounting: create (decimal strings), list, ticket total; bad type → 422', async () => {
    const t = openTicket();
    const before = Number(t.time_unit ?? '0');
    const r = await admin()('POST', `/tickets/${t.id}/time_accountings`, { time_unit: '30', type_id: 4 });
    expect(r.status).toBe(201);
    expect(obj(r.body)).toMatchObject({
      ticket_id: t.id,
      time_unit: '30.0',
      type_id: 4,
      ticket_article_id: null,
    });
    const list = arr((await admin()('GET', `/tickets/${t.id}/time_accountings`)).body);
    expect(list.some((x) => x['id'] === obj(r.body)['id'])).toBe(true);
    expect(Number(sb.store.ticket(t.id)?.time_unit)).toBe(before + 30);
    expect(
      (await admin()('POST', `/tickets/${t.id}/time_accountings`, { time_unit: '5', type_id: 99 })).status,
    ).toBe(422);
    expect(
      (await api(sb, asToken(sb.credentials.customer))('GET', `/tickets/${t.id}/time_accountings`)).status,
    ).toBe(403);
  });

  it('shared drafts: show (none), PUT creates, PUT updates, DELETE removes', async () => {
    const t = [...sb.store.tickets.values()].find(
      (x) => x.state_id === 2 && !sb.store.sharedDrafts.has(x.id),
    );
    if (!t) throw new Error('fixture');
    expect((await admin()('GET', `/tickets/${t.id}/shared_draft`)).body).toEqual({
      shared_draft_id: null,
      assets: null,
    });
    const put = obj(
      (
        await admin()('PUT', `/tickets/${t.id}/shared_draft`, {
          new_article: { body: 'Draft v1', type: 'email', internal: false },
          ticket_attributes: {},
          form_id: 'abc',
        })
      ).body,
    );
    const id = put['shared_draft_id'];
    expect(typeof id).toBe('number');
    const draft = obj(obj(obj(put['assets'])['TicketSharedDraftZoom'])[String(id)]);
    expect(draft).toMatchObject({ ticket_id: t.id, new_article: { body: 'Draft v1' } });
    const put2 = obj(
      (await admin()('PUT', `/tickets/${t.id}/shared_draft`, { new_article: { body: 'Draft v2' } })).body,
    );
    expect(put2['shared_draft_id']).toBe(id);
    expect(sb.store.sharedDrafts.get(t.id)?.new_article).toEqual({ body: 'Draft v2' });
    expect((await admin()('DELETE', `/tickets/${t.id}/shared_draft`)).body).toEqual({ shared_draft_id: id });
    expect(sb.store.sharedDrafts.has(t.id)).toBe(false);
    expect((await api(sb, asToken(sb.credentials.customer))('GET', `/tickets/1/shared_draft`)).status).toBe(
      403,
    );
  });
});
