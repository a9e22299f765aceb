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
const liveTickets = () =>
  [...sb.store.tickets.values()].filter((t) => t.state_id !== 5 && t.article_count > 1);

describe('merge', () => {
  it('not found → 200 result failed; self / merged target → 422', async () => {
    expect((await admin()('PUT', '/ticket_merge/1/99999')).body).toEqual({
      result: 'failed',
      message: 'The target ticket number could not be found.',
    });
    expect((await admin()('PUT', '/ticket_merge/9999/31001')).body).toEqual({
      result: 'failed',
      message: 'The source ticket could not be found.',
    });
    const t = liveTickets()[0];
    const self = await admin()('PUT', `/ticket_merge/${String(t?.id)}/${String(t?.number)}`);
    expect(self.status).toBe(422);
    expect(obj(self.body)['error']).toBe('A ticket cannot be merged into itself.');
    const merged = [...sb.store.tickets.values()].find((x) => x.state_id === 5);
    const into = await admin()('PUT', `/ticket_merge/${String(t?.id)}/${String(merged?.number)}`);
    expect(obj(into.body)['error']).toBe('It is not possible to merge into an already merged ticket.');
  });

  it('success moves articles, closes the source as merged (owner 1), links target→source', async () => {
    const [source, target] = liveTickets().slice(3, 5);
    if (!source || !target) throw new Error('fixture');
    const moved = sb.store.articlesOf(source.id).map((a) => a.id);
    const r = obj((await admin()('PUT', `/ticket_merge/${source.id}/${target.number}`)).body);
    expect(r['result']).toBe('success');
    expect(obj(r['source_ticket'])).toMatchObject({ id: source.id, state_id: 5, owner_id: 1 });
    expect(obj(r['target_ticket'])['id']).toBe(target.id);
    const targetArticles = sb.store.articlesOf(target.id).map((a) => a.id);
    for (const id of moved) expect(targetArticles).toContain(id);
    expect(sb.store.articlesOf(source.id).map((a) => a.body)).toEqual(['merged']);
    const links = arr(
      obj((await admin()('GET', `/links?link_object=Ticket&link_object_value=${source.id}`)).body)['links'],
    );
    expect(links).toContainEqual({
      link_type: 'parent',
      link_object: 'Ticket',
      link_object_value: target.id,
    });
    expect(sb.store.history.some((h) => h.o_id === source.id && h.type === 'merged_into')).toBe(true);
    expect(sb.store.history.some((h) => h.o_id === target.id && h.type === 'received_merge')).toBe(true);
    // an attachment of a moved article can still be fetched through the merged source ticket id
    const withAtt = sb.store
      .articlesOf(target.id)
      .find((a) => moved.includes(a.id) && a.attachments.length > 0);
    if (withAtt)
      expect(
        (
          await admin()(
            'GET',
            `/ticket_attachment/${source.id}/${withAtt.id}/${String(withAtt.attachments[0]?.id)}`,
          )
        ).status,
      ).toBe(200);
  });

  it('needs ticket.agent; the customer gets 403', async () => {
    const r = await api(sb, asToken(sb.credentials.customer))('PUT', '/ticket_merge/1/31002');
    expect(r.status).toBe(403);
    expect(obj(r.body)['error']).toBe('User authorization failed.');
  });
});

describe('mass macro', () => {
  it('applies perform (state, tags, owner) and returns ticket_ids + assets', async () => {
    const t = liveTickets().find((x) => x.group_id === 1 && x.state_id === 2);
    if (!t) throw new Error('fixture');
    const r = await admin()('POST', '/tickets/mass_macro', { macro_id: 1, ticket_ids: [t.id] });
    expect(r.status).toBe(200);
    expect(obj(r.body)['ticket_ids']).toEqual([t.id]);
    expect(obj(obj(r.body)['assets'])).toHaveProperty('Ticket');
    expect(sb.store.ticket(t.id)).toMatchObject({ state_id: 4, owner_id: sb.credentials.admin.userId });
    expect(sb.store.tagsOf(t.id)).toContain('spam');
  });

  it('group restrictions → 422 blocking_tickets; inaccessible ticket → 422 {error:true, ticket_id}', async () => {
    const sales = liveTickets().find((x) => x.group_id === 2);
    if (!sales) throw new Error('fixture');
    const r = await admin()('POST', '/tickets/mass_macro', { macro_id: 2, ticket_ids: [sales.id] });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      error: 'Macro group restrictions do not cover all tickets',
      blocking_tickets: [sales.id],
    });
    const support = liveTickets().find((x) => x.group_id === 5);
    const r2 = await api(sb, asToken(sb.credentials.agent))('POST', '/tickets/mass_macro', {
      macro_id: 1,
      ticket_ids: [support?.id],
    });
    expect(r2.body).toEqual({ error: true, ticket_id: support?.id });
    expect((await admin()('POST', '/tickets/mass_macro', { macro_id: 99, ticket_ids: [1] })).status).toBe(
      404,
    );
  });
});

describe('delete', () => {
  it('DELETE /tickets/:id: admin → 200 with an empty body; agent → 403', async () => {
    const t = liveTickets().find((x) => x.group_id === 2);
    if (!t) throw new Error('fixture');
    expect((await api(sb, asToken(sb.credentials.agent))('DELETE', `/tickets/${t.id}`)).status).toBe(403);
    const r = await admin()('DELETE', `/tickets/${t.id}`);
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect((await admin()('GET', `/tickets/${t.id}`)).status).toBe(404);
  });
});

describe('users and organizations', () => {
  it('create, update, delete a user; duplicate email → 422; customer cannot create', async () => {
    const r = await admin()('POST', '/users', {
      firstname: 'Nina',
      lastname: 'Larsen',
      email: 'Nina.Larsen@Example.com',
      organization: 'Lumen Design Studio',
      password: 'x',
    });
    expect(r.status).toBe(201);
    const u = obj(r.body);
    expect(u).toMatchObject({
      login: 'nina.larsen@example.com',
      email: 'nina.larsen@example.com',
      organization_id: 7,
      role_ids: [3],
    });
    expect(u).not.toHaveProperty('password');
    const dup = await admin()('POST', '/users', { firstname: 'X', email: 'nina.larsen@example.com' });
    expect(dup.status).toBe(422);
    const upd = obj(
      (await admin()('PUT', `/users/${String(u['id'])}`, { phone: '+45 1234', organization_id: null })).body,
    );
    expect(upd).toMatchObject({ phone: '+45 1234', organization_id: null });
    expect((await admin()('DELETE', `/users/${String(u['id'])}`)).body).toEqual({});
    expect((await admin()('DELETE', '/users/9')).status).toBe(422);
    expect(
      (await api(sb, asToken(sb.credentials.customer))('POST', '/users', { email: 'a@b.example' })).status,
    ).toBe(403);
  });

  it('create, update, delete an organization; blank or duplicate name → 422', async () => {
    const r = await admin()('POST', '/organizations', {
      name: 'Fjord Analytics',
      domain: 'fjord.example',
      shared: false,
    });
    expect(r.status).toBe(201);
    const o = obj(r.body);
    expect(o).toMatchObject({ name: 'Fjord Analytics', shared: false, member_ids: [] });
    expect((await admin()('POST', '/organizations', { name: 'fjord analytics' })).status).toBe(422);
    expect((await admin()('POST', '/organizations', { note: 'no name' })).status).toBe(422);
    expect(
      obj((await admin()('PUT', `/organizations/${String(o['id'])}`, { note: 'Nordic customer' })).body)[
        'note'
      ],
    ).toBe('Nordic customer');
    expect((await admin()('DELETE', `/organizations/${String(o['id'])}`)).body).toEqual({});
    expect((await admin()('DELETE', '/organizations/1')).status).toBe(422);
  });

  it('users/me, expand shape, and the organization members', async () => {
    const meR = obj((await api(sb, asToken(sb.credentials.customer))('GET', '/users/me?expand=true')).body);
    expect(meR).toMatchObject({ id: 9, roles: ['Customer'], organization: 'Northwind Traders' });
    const org = obj((await admin()('GET', '/organizations/1')).body);
    expect(org['member_ids']).toContain(9);
    const agent = obj((await admin()('GET', '/users/3?expand=true')).body);
    expect(agent['groups']).toEqual({ Sales: ['full'], Billing: ['read'] });
  });
});

describe('attachments', () => {
  it('downloads bytes with Content-Type and Content-Length', async () => {
    const a = [...sb.store.articles.values()].find((x) =>
      x.attachments.some((y) => y.preferences['Content-Type'] === 'image/png'),
    );
    const att = a?.attachments.find((y) => y.preferences['Content-Type'] === 'image/png');
    if (!a || !att) throw new Error('fixture');
    const res = await fetch(`${sb.url}/api/v1/ticket_attachment/${a.ticket_id}/${a.id}/${att.id}`, {
      headers: { Authorization: `Token token=${sb.credentials.admin.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(String(bytes.length)).toBe(att.size);
  });

  it('mismatched ticket or file → 403 with the documented messages', async () => {
    const a = [...sb.store.articles.values()].find(
      (x) => x.attachments.length > 0 && sb.store.ticket(x.ticket_id)?.state_id !== 5,
    );
    const other = [...sb.store.tickets.values()].find((t) => t.id !== a?.ticket_id && t.state_id !== 5);
    if (!a || !other) throw new Error('fixture');
    const att = a.attachments[0];
    const r = await admin()('GET', `/ticket_attachment/${other.id}/${a.id}/${String(att?.id)}`);
    expect(r.status).toBe(403);
    expect(obj(r.body)['error']).toBe('The article does not belong to the specified ticket.');
    const r2 = await admin()('GET', `/ticket_attachment/${a.ticket_id}/${a.id}/999999`);
    expect(obj(r2.body)['error']).toBe('The file does not belong to the specified article.');
  });
});

describe('robustness and reference data', () => {
  it('a bad JSON body → 400 error body, and the server keeps serving', async () => {
    const r = await admin()('POST', '/tickets', '{"title": ', { 'Content-Type': 'application/json' });
    expect(r.status).toBe(400);
    expect(obj(r.body)).toHaveProperty('error');
    expect((await admin()('GET', '/tickets/1')).status).toBe(200);
  });

  it('states, priorities, object attributes, macros, KB answer', async () => {
    const states = arr((await admin()('GET', '/ticket_states')).body);
    expect(states.map((s) => s['name'])).toEqual([
      'new',
      'open',
      'pending reminder',
      'closed',
      'merged',
      'pending close',
    ]);
    expect(states[5]).toMatchObject({ state_type_id: 4, next_state_id: 4, ignore_escalation: true });
    expect(arr((await admin()('GET', '/ticket_priorities')).body).map((p) => p['name'])).toEqual([
      '1 low',
      '2 normal',
      '3 high',
    ]);
    const attrs = arr((await admin()('GET', '/object_manager_attributes')).body);
    expect(attrs.find((a) => a['name'] === 'customer_ref')).toMatchObject({
      object: 'Ticket',
      data_type: 'input',
      editable: true,
    });
    expect(arr((await admin()('GET', '/macros')).body)[0]).toHaveProperty('perform');
    const kb = obj((await admin()('GET', '/knowledge_bases/1/answers/4?include_contents=4')).body);
    expect(kb['id']).toBe(4);
    const assets = obj(kb['assets']);
    expect(obj(obj(assets['KnowledgeBaseAnswerTranslation'])['4'])['title']).toBe('Resetting your password');
    expect(obj(obj(assets['KnowledgeBaseAnswerTranslationContent'])['4'])['body']).toContain(
      'Forgot password',
    );
    const internalKb = await api(sb, asToken(sb.credentials.customer))('GET', '/knowledge_bases/1/answers/6');
    expect(internalKb.status).toBe(403);
  });
});
