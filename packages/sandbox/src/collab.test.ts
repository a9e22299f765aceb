import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './index.js';
import { api, arr, asToken, obj } from './test-client.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
  sb.setVersion('7.x');
});

const admin = () => api(sb, asToken(sb.credentials.admin));
const agent = () => api(sb, asToken(sb.credentials.agent));
const customer = () => api(sb, asToken(sb.credentials.customer));
const withChecklist = (group: number) => {
  const t = [...sb.store.tickets.values()].find((x) => x.group_id === group && x.checklist_id !== null);
  if (!t || t.checklist_id === null) throw new Error('fixture');
  return { ticket: t, checklistId: t.checklist_id };
};
const withoutChecklist = () => {
  const t = [...sb.store.tickets.values()].find(
    (x) => x.group_id === 2 && x.checklist_id === null && x.state_id !== 5,
  );
  if (!t) throw new Error('fixture');
  return t;
};

describe('checklists', () => {
  it('shows a checklist with its items (full) and answers 403 for a missing or hidden one', async () => {
    const { ticket, checklistId } = withChecklist(2);
    const r = await admin()('GET', `/checklists/${checklistId}?full=true`);
    expect(r.status).toBe(200);
    const assets = obj(obj(r.body)['assets']);
    expect(Object.keys(obj(assets['ChecklistItem']))).toHaveLength(3);
    expect(obj(obj(assets['Checklist'])[String(checklistId)])).not.toHaveProperty('ticket_id');
    expect(obj(assets['Ticket'])[String(ticket.id)]).toBeDefined();
    expect((await admin()('GET', '/checklists/99999')).status).toBe(403);
    expect((await agent()('GET', `/checklists/${withChecklist(3).checklistId}`)).status).toBe(403);
    expect((await customer()('GET', `/checklists/${checklistId}`)).status).toBe(403);
  });

  it('creates a fresh checklist with one empty item; a second one is refused (422)', async () => {
    const t = withoutChecklist();
    const r = await admin()('POST', '/checklists', { ticket_id: t.id });
    expect(r.status).toBe(201);
    const items = Object.values(obj(obj(obj(r.body)['assets'])['ChecklistItem']));
    expect(items.map((i) => obj(i)['text'])).toEqual(['']);
    expect(t.checklist_id).toBe(obj(r.body)['id']);
    expect((await admin()('POST', '/checklists', { ticket_id: t.id })).status).toBe(422);
  });

  it('items: create (201), show, update, the 100-item limit (422), 403 for a read-only ticket', async () => {
    const { checklistId } = withChecklist(2);
    const created = await admin()('POST', '/checklist_items', { checklist_id: checklistId, text: 'Extra' });
    expect(created.status).toBe(201);
    const id = obj(created.body)['id'] as number;
    const up = await admin()('PATCH', `/checklist_items/${id}`, { checked: true });
    expect(obj(up.body)).toMatchObject({ id, checked: true, text: 'Extra' });
    expect((await admin()('GET', `/checklist_items/${id}`)).status).toBe(200);
    expect((await admin()('GET', '/checklist_items/99999')).status).toBe(403);
    const billing = withChecklist(6);
    const item = sb.store.checklists.get(billing.checklistId)?.sorted_item_ids[0];
    expect((await agent()('GET', `/checklist_items/${item}`)).status).toBe(200);
    expect((await agent()('PATCH', `/checklist_items/${item}`, { checked: true })).status).toBe(403);
    const c = sb.store.checklists.get(checklistId);
    const room = 100 - (c?.sorted_item_ids.length ?? 0);
    for (let i = 0; i < room; i++)
      expect(
        (await admin()('POST', '/checklist_items', { checklist_id: checklistId, text: `n${i}` })).status,
      ).toBe(201);
    const over = await admin()('POST', '/checklist_items', {
      checklist_id: checklistId,
      text: 'one too many',
    });
    expect(over.status).toBe(422);
    expect(obj(over.body)['error']).toBe('Checklist items are limited to 100 items per checklist.');
  });

  it('templates: agents may list them (full gives the items); customers may not', async () => {
    const r = await agent()('GET', '/checklist_templates?full=true');
    expect(obj(r.body)['record_ids']).toEqual([1, 2, 3]);
    expect(Object.keys(obj(obj(obj(r.body)['assets'])['ChecklistTemplateItem']))).toHaveLength(9);
    expect((await customer()('GET', '/checklist_templates')).status).toBe(403);
  });

  it('by version: 6.3 has none, 6.4 has by_ticket and ticket_id, create_bulk only on 7.x', async () => {
    const { ticket, checklistId } = withChecklist(2);
    try {
      sb.setVersion('6.3');
      expect((await admin()('GET', `/checklists/${checklistId}`)).status).toBe(404);
      expect(obj((await admin()('GET', `/tickets/${ticket.id}?expand=true`)).body)).not.toHaveProperty(
        'checklist_id',
      );
      sb.setVersion('6.4');
      expect(obj((await admin()('GET', `/tickets/${ticket.id}`)).body)).not.toHaveProperty('checklist_id');
      expect(obj((await admin()('GET', `/tickets/${ticket.id}?expand=true`)).body)['checklist_id']).toBe(
        checklistId,
      );
      expect(obj((await admin()('GET', `/checklists/${checklistId}`)).body)['ticket_id']).toBe(ticket.id);
      expect(obj((await admin()('GET', `/checklists/by_ticket/${ticket.id}`)).body)['id']).toBe(checklistId);
      expect(
        (await admin()('POST', '/checklist_items/create_bulk', { checklist_id: checklistId, items: [] }))
          .status,
      ).toBe(404);
      sb.setVersion('6.5');
      expect(obj((await admin()('GET', `/tickets/${ticket.id}`)).body)['checklist_id']).toBe(checklistId);
      expect((await admin()('GET', `/checklists/by_ticket/${ticket.id}`)).status).toBe(404);
      expect(
        (await admin()('POST', '/checklists', { ticket_id: withoutChecklist().id, template_id: 3 })).status,
      ).toBe(422);
      sb.setVersion('7.x');
      const t = withoutChecklist();
      const bulk = await admin()('POST', '/checklist_items/create_bulk', {
        ticket_id: t.id,
        items: [{ text: 'a' }, { text: 'b' }],
      });
      expect(bulk.status).toBe(201);
      expect(obj(bulk.body)['success']).toBe(true);
      expect(sb.store.checklists.get(t.checklist_id ?? -1)?.sorted_item_ids).toHaveLength(2);
      sb.store.settings.checklist = false;
      expect((await admin()('GET', `/checklists/${checklistId}`)).status).toBe(403);
    } finally {
      sb.store.settings.checklist = true;
      sb.setVersion('7.x');
    }
  });
});

describe('mentions', () => {
  it('follow once (201, then 422), list by user, remove only your own', async () => {
    const t = withoutChecklist();
    const a = await agent()('POST', '/mentions', { mentionable_type: 'Ticket', mentionable_id: t.id });
    expect(a.status).toBe(201);
    expect(
      (await agent()('POST', '/mentions', { mentionable_type: 'Ticket', mentionable_id: t.id })).status,
    ).toBe(422);
    const list = await admin()('GET', `/mentions?mentionable_type=Ticket&mentionable_id=${t.id}&user_id=3`);
    expect(arr(obj(list.body)['mentions']).map((m) => m['user_id'])).toEqual([3]);
    expect(a.body).toBe(true);
    const id = [...sb.store.mentions.values()].find((m) => m.mentionable_id === t.id && m.user_id === 3)?.id;
    expect((await admin()('DELETE', `/mentions/${id}`)).status).toBe(403);
    expect((await agent()('DELETE', `/mentions/${id}`)).status).toBe(200);
    const support = [...sb.store.tickets.values()].find((x) => x.group_id === 3);
    expect(
      (await agent()('POST', '/mentions', { mentionable_type: 'Ticket', mentionable_id: support?.id }))
        .status,
    ).toBe(403);
    expect((await agent()('POST', '/mentions', { mentionable_type: 'User', mentionable_id: 1 })).status).toBe(
      422,
    );
  });
});

describe('online notifications', () => {
  it("own only, newest first; full has readable tickets; another user's is 403", async () => {
    const r = await agent()('GET', '/online_notifications?full=true');
    const ids = obj(r.body)['record_ids'] as number[];
    const mine = [...sb.store.onlineNotifications.values()].filter((n) => n.user_id === 3);
    expect(ids.sort()).toEqual(mine.map((n) => n.id).sort());
    const tickets = Object.keys(obj(obj(obj(r.body)['assets'])['Ticket'])).map(Number);
    for (const id of tickets) expect(sb.store.tickets.get(id)?.group_id).not.toBe(3);
    const foreign = [...sb.store.onlineNotifications.values()].find((n) => n.user_id === 2);
    expect((await agent()('PUT', `/online_notifications/${foreign?.id}`, { seen: true })).status).toBe(403);
    expect((await agent()('GET', '/online_notifications/99999')).status).toBe(404);
    const plain = arr((await agent()('GET', '/online_notifications')).body);
    expect(plain[0]).toHaveProperty('object_lookup_id');
    expect((await agent()('POST', '/online_notifications/mark_all_as_read', {})).body).toEqual({});
    expect(mine.every((n) => n.seen)).toBe(true);
    expect(foreign?.seen).toBe(false);
  });
});
