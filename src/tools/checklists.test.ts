import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketRecord } from '@zammad-mcp/sandbox';
import { startHarness, type Harness, writesSince as writes } from '../../test/harness.js';
import { connectInProcess } from '../../test/inprocess.js';
import { ZammadError } from '../zammad/errors.js';
import {
  addChecklistItems,
  getTicketChecklist,
  listChecklistTemplates,
  setChecklistItem,
} from './checklists.js';

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

/** An open ticket of the group without a checklist (a different one each call). */
const taken = new Set<string>();
function bare(h: Harness, groupId: number): TicketRecord {
  const t = [...h.sandbox.store.tickets.values()].find(
    (x) =>
      x.group_id === groupId &&
      x.state_id !== 5 &&
      x.checklist_id === null &&
      !taken.has(`${h.sandbox.url} ${x.id}`),
  );
  if (!t) throw new Error(`no ticket without checklist in group ${groupId}`);
  taken.add(`${h.sandbox.url} ${t.id}`);
  return t;
}

function withChecklist(h: Harness, groupId: number): TicketRecord {
  const t = [...h.sandbox.store.tickets.values()].find(
    (x) => x.group_id === groupId && x.checklist_id !== null,
  );
  if (!t) throw new Error(`no ticket with a checklist in group ${groupId}`);
  return t;
}

const itemsOf = (h: Harness, t: TicketRecord) => {
  const c = h.sandbox.store.checklists.get(h.sandbox.store.tickets.get(t.id)?.checklist_id ?? -1);
  if (!c) return [];
  return c.sorted_item_ids.map((id) => h.sandbox.store.checklistItems.get(Number(id)));
};

describe('get_ticket_checklist and list_checklist_templates', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('shows the items with ids and checked state in 2 requests', async () => {
    const t = withChecklist(h, 2);
    const mark = h.sandbox.log.mark();
    const out = await h.call(getTicketChecklist, { ticket_id: t.id });
    expect(h.sandbox.log.since(mark).map((x) => [x.method, x.path, x.query])).toEqual([
      ['GET', `/api/v1/tickets/${t.id}`, { expand: 'true' }],
      ['GET', `/api/v1/checklists/${t.checklist_id}`, { full: 'true' }],
    ]);
    const items = itemsOf(h, t);
    expect(out.text).toBe(
      [
        `Checklist "Quote follow-up" of ticket #${t.number}: 1 of 3 done.`,
        `[x] item ${items[0]?.id}: Send the quote`,
        `[ ] item ${items[1]?.id}: Call back on Friday`,
        `[ ] item ${items[2]?.id}: Update the CRM`,
      ].join('\n'),
    );
    expect(out.structured).toMatchObject({ checklist: { done: 1, total: 3 } });
  });

  it('says when a ticket has none, after one request', async () => {
    const t = bare(h, 2);
    const mark = h.sandbox.log.mark();
    const out = await h.call(getTicketChecklist, { ticket_number: t.number });
    expect(h.sandbox.log.since(mark)).toHaveLength(1);
    expect(out.text).toBe(`Ticket #${t.number} has no checklist. add_checklist_items creates one.`);
    expect(out.structured).toMatchObject({ checklist: null });
  });

  it('lists the templates with their items, inactive ones marked, in 1 request', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(listChecklistTemplates, {});
    expect(h.sandbox.log.since(mark).map((x) => [x.method, x.path, x.query])).toEqual([
      ['GET', '/api/v1/checklist_templates', { full: 'true' }],
    ]);
    expect(out.text).toContain(
      '- Return order (id 1, 4 items): Prepare shipment; Print return label; Hand over the goods to the shipping company; Refund',
    );
    expect(out.text).toContain('- Old escalation process (id 3, inactive, 2 items)');
    expect(out.structured).toMatchObject({ total: 3 });
  });
});

describe('add_checklist_items', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('creates a checklist: POST /checklists, the empty first item filled in, then one POST per text', async () => {
    const t = bare(h, 2);
    const mark = h.sandbox.log.mark();
    const out = await h.call(addChecklistItems, {
      ticket_id: t.id,
      items: ['Call the customer', 'Send the offer', 'Book the demo'],
    });
    const cid = h.sandbox.store.tickets.get(t.id)?.checklist_id as number;
    const items = itemsOf(h, t);
    expect(writes(h, mark).map((x) => [x.method, x.path, x.body])).toEqual([
      ['POST', '/api/v1/checklists', { ticket_id: t.id }],
      ['PATCH', `/api/v1/checklist_items/${items[0]?.id}`, { text: 'Call the customer' }],
      ['POST', '/api/v1/checklist_items', { checklist_id: cid, text: 'Send the offer' }],
      ['POST', '/api/v1/checklist_items', { checklist_id: cid, text: 'Book the demo' }],
    ]);
    expect(items.map((i) => [i?.text, i?.checked])).toEqual([
      ['Call the customer', false],
      ['Send the offer', false],
      ['Book the demo', false],
    ]);
    expect(out.structured).toMatchObject({ created_checklist: true, checklist_id: cid, total: 3, done: 0 });
    expect(out.text).toContain(`[ ] item ${items[2]?.id}: Book the demo`);
  });

  it('adds to an existing checklist, one POST per text', async () => {
    const t = withChecklist(h, 2);
    const before = itemsOf(h, t).length;
    const mark = h.sandbox.log.mark();
    await h.call(addChecklistItems, { ticket_id: t.id, items: ['Archive the mail'] });
    expect(writes(h, mark).map((x) => [x.method, x.path, x.body])).toEqual([
      ['POST', '/api/v1/checklist_items', { checklist_id: t.checklist_id, text: 'Archive the mail' }],
    ]);
    expect(itemsOf(h, t).map((i) => i?.text)).toHaveLength(before + 1);
    expect(itemsOf(h, t).at(-1)?.text).toBe('Archive the mail');
  });

  it('creates a checklist from a template named in any case: one POST /checklists with template_id', async () => {
    const t = bare(h, 2);
    const mark = h.sandbox.log.mark();
    const out = await h.call(addChecklistItems, { ticket_id: t.id, template: 'return ORDER' });
    expect(writes(h, mark).map((x) => [x.method, x.path, x.body])).toEqual([
      ['POST', '/api/v1/checklists', { ticket_id: t.id, template_id: 1 }],
    ]);
    const c = h.sandbox.store.checklists.get(h.sandbox.store.tickets.get(t.id)?.checklist_id ?? -1);
    expect(c?.name).toBe('Return order');
    expect(itemsOf(h, t).map((i) => i?.text)).toEqual([
      'Prepare shipment',
      'Print return label',
      'Hand over the goods to the shipping company',
      'Refund',
    ]);
    expect(out.text).toContain('from template "Return order"');
  });

  it("adds a template's items to an existing checklist", async () => {
    const t = bare(h, 2);
    await h.call(addChecklistItems, { ticket_id: t.id, items: ['First'] });
    const mark = h.sandbox.log.mark();
    await h.call(addChecklistItems, { ticket_id: t.id, template: 2 });
    expect(writes(h, mark).map((x) => (x.body as { text: string }).text)).toEqual([
      'Create account',
      'Order laptop',
      'Book intro call',
    ]);
    expect(itemsOf(h, t).map((i) => i?.text)).toEqual([
      'First',
      'Create account',
      'Order laptop',
      'Book intro call',
    ]);
  });

  it('refuses bad input with what is allowed, sending nothing', async () => {
    const t = bare(h, 2);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ items: [] }, 'items takes 1 to 50 texts'],
      [{ items: Array.from({ length: 51 }, (_, i) => `step ${i}`) }, 'items takes at most 50 texts per call'],
      [{ items: ['  '] }, 'an item text cannot be empty'],
      [{}, 'Give either items (1 to 50 texts) or template'],
      [{ items: ['a'], template: 1 }, 'Give either items (1 to 50 texts) or template'],
      [
        { template: 'Nope' },
        'Unknown checklist template "Nope". Active templates: Return order (id 1), New employee onboarding (id 2).',
      ],
      [{ template: 99 }, 'Unknown checklist template 99. Active templates:'],
      [
        { template: 'Old escalation process' },
        'Checklist template "Old escalation process" is inactive. Active templates:',
      ],
    ];
    const mark = h.sandbox.log.mark();
    for (const [args, message] of cases) {
      const e = await failure(h.call(addChecklistItems, { ticket_id: t.id, ...args }));
      expect(e.message, JSON.stringify(args).slice(0, 60)).toContain(message);
    }
    expect(writes(h, mark)).toEqual([]);
    expect(h.sandbox.store.tickets.get(t.id)?.checklist_id).toBeNull();
  });

  it("refuses more items than Zammad's 100 per checklist before sending any", async () => {
    const t = bare(h, 2);
    await h.call(addChecklistItems, {
      ticket_id: t.id,
      items: Array.from({ length: 50 }, (_, i) => `a${i}`),
    });
    await h.call(addChecklistItems, {
      ticket_id: t.id,
      items: Array.from({ length: 45 }, (_, i) => `b${i}`),
    });
    const mark = h.sandbox.log.mark();
    const e = await failure(
      h.call(addChecklistItems, { ticket_id: t.id, items: Array.from({ length: 6 }, (_, i) => `c${i}`) }),
    );
    expect(e.message).toBe(
      `The checklist of ticket #${t.number} has 95 items; Zammad allows 100, so at most 5 more.`,
    );
    expect(writes(h, mark)).toEqual([]);
  });
});

describe('set_checklist_item', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('checks an item: its ticket is loaded first, then one PATCH with only the change', async () => {
    const t = withChecklist(h, 2);
    const item = itemsOf(h, t)[1];
    const mark = h.sandbox.log.mark();
    const out = await h.call(setChecklistItem, { item_id: item?.id, checked: true });
    expect(h.sandbox.log.since(mark).map((x) => `${x.method} ${x.path}`)).toEqual([
      `GET /api/v1/checklist_items/${item?.id}`,
      `GET /api/v1/checklists/${t.checklist_id}`,
      `GET /api/v1/tickets/${t.id}`,
      `PATCH /api/v1/checklist_items/${item?.id}`,
    ]);
    expect(writes(h, mark)[0]?.body).toEqual({ checked: true });
    expect(h.sandbox.store.checklistItems.get(item?.id ?? -1)?.checked).toBe(true);
    expect(out.text).toBe(
      `Item ${item?.id} checked (ticket #${t.number}, 2 of 3 done):\n[x] item ${item?.id}: Call back on Friday`,
    );
  });

  it('sends nothing when the item already is so; renames with the text alone', async () => {
    const t = withChecklist(h, 2);
    const item = itemsOf(h, t)[0];
    let mark = h.sandbox.log.mark();
    const same = await h.call(setChecklistItem, { item_id: item?.id, checked: true, text: 'Send the quote' });
    expect(writes(h, mark)).toEqual([]);
    expect(same.structured).toMatchObject({ changed: false });
    mark = h.sandbox.log.mark();
    await h.call(setChecklistItem, { item_id: item?.id, checked: true, text: 'Send the signed quote' });
    expect(writes(h, mark).map((x) => x.body)).toEqual([{ text: 'Send the signed quote' }]);
    expect(h.sandbox.store.checklistItems.get(item?.id ?? -1)).toMatchObject({
      text: 'Send the signed quote',
      checked: true,
    });
  });

  it('answers an unknown item id like a missing one and sends nothing', async () => {
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(setChecklistItem, { item_id: 999_999, checked: true }));
    expect(e.message).toBe(
      "Checklist item 999999 not found. get_ticket_checklist shows a ticket's item ids (checklists need Zammad 6.4+).",
    );
    expect(writes(h, mark)).toEqual([]);
    const e2 = await failure(h.call(setChecklistItem, { item_id: 1 }));
    expect(e2.message).toBe('Give checked (true or false), text, or both.');
  });
});

describe('group scope on the checklist writes (MCP_ALLOWED_GROUPS=Sales)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
  });
  afterAll(() => h.close());

  it("refuses an item of a Billing ticket's checklist exactly like a missing item, writing nothing", async () => {
    const t = withChecklist(h, 6);
    const item = itemsOf(h, t)[1];
    const mark = h.sandbox.log.mark();
    const hidden = await failure(h.call(setChecklistItem, { item_id: item?.id, checked: true }));
    const missing = await failure(h.call(setChecklistItem, { item_id: 999_998, checked: true }));
    expect(hidden.message.replace(/\d+/g, 'N')).toBe(missing.message.replace(/\d+/g, 'N'));
    expect(writes(h, mark)).toEqual([]);
    expect(h.sandbox.store.checklistItems.get(item?.id ?? -1)?.checked).toBe(false);
  });

  it('refuses items for a Billing ticket like a missing ticket, writing nothing', async () => {
    const t = bare(h, 6);
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(addChecklistItems, { ticket_id: t.id, items: ['x'] }));
    expect(e.name).toBe('NotFoundError');
    expect(writes(h, mark)).toEqual([]);
    expect(h.sandbox.store.tickets.get(t.id)?.checklist_id).toBeNull();
  });
});

describe('the agent token (Sales full, Billing read, no Support)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ as: 'agent' });
  });
  afterAll(() => h.close());

  it("answers an item of a Support ticket (Zammad's 403) like a missing one", async () => {
    const item = itemsOf(h, withChecklist(h, 3))[0];
    const e = await failure(h.call(setChecklistItem, { item_id: item?.id, checked: true }));
    expect(e.message).toContain(`Checklist item ${item?.id} not found.`);
  });

  it("explains Zammad's refusal to change a read-only ticket's checklist", async () => {
    const item = itemsOf(h, withChecklist(h, 6))[1];
    const e = await failure(h.call(setChecklistItem, { item_id: item?.id, checked: true }));
    expect(e.message).toContain('Zammad refused the checklist request');
    expect(h.sandbox.store.checklistItems.get(item?.id ?? -1)?.checked).toBe(false);
  });
});

describe('Zammad versions', () => {
  it('6.3 has no checklists: a clear answer and no checklist request or write', async () => {
    const h = await startHarness({ sandbox: { version: '6.3' } });
    try {
      const t = withChecklist(h, 2);
      const mark = h.sandbox.log.mark();
      for (const [tool, args] of [
        [getTicketChecklist, { ticket_id: t.id }],
        [addChecklistItems, { ticket_id: t.id, items: ['x'] }],
        [addChecklistItems, { ticket_id: t.id, template: 1 }],
      ] as const) {
        const e = await failure(h.call(tool, args));
        expect(e.message).toBe(
          'Checklists are not available on this Zammad (needs 6.4+ with checklists turned on in the admin settings).',
        );
      }
      expect(h.sandbox.log.since(mark).map((x) => x.path)).toEqual(Array(3).fill(`/api/v1/tickets/${t.id}`));
      const e = await failure(h.call(listChecklistTemplates, {}));
      expect(e.message).toContain('needs 6.4+');
    } finally {
      await h.close();
    }
  });

  it('6.4: the ticket names its checklist only when expanded, and the tools work the same', async () => {
    const h = await startHarness({ sandbox: { version: '6.4' } });
    try {
      const t = withChecklist(h, 2);
      const out = await h.call(getTicketChecklist, { ticket_id: t.id });
      expect(out.structured).toMatchObject({ checklist: { id: t.checklist_id, total: 3 } });
      const fresh = bare(h, 2);
      await h.call(addChecklistItems, { ticket_id: fresh.id, items: ['one', 'two'] });
      expect(itemsOf(h, fresh).map((i) => i?.text)).toEqual(['one', 'two']);
      const item = itemsOf(h, fresh)[1];
      await h.call(setChecklistItem, { item_id: item?.id, checked: true });
      expect(h.sandbox.store.checklistItems.get(item?.id ?? -1)?.checked).toBe(true);
      h.sandbox.store.settings.checklist = false;
      const e = await failure(h.call(getTicketChecklist, { ticket_id: t.id }));
      expect(e.message).toContain('needs 6.4+ with checklists turned on');
    } finally {
      await h.close();
    }
  });

  it('6.5 with checklists turned off: the refusal is explained', async () => {
    const h = await startHarness({ sandbox: { version: '6.5' } });
    try {
      const t = withChecklist(h, 2);
      h.sandbox.store.settings.checklist = false;
      const e = await failure(h.call(getTicketChecklist, { ticket_id: t.id }));
      expect(e.message).toContain('checklists may be turned off');
    } finally {
      await h.close();
    }
  });
});

describe('write failures', () => {
  it('a timed-out second item is an unknown outcome, sent once, and the first one is reported', async () => {
    const h = await startHarness({ env: { ZAMMAD_TIMEOUT_MS: '1000' } });
    try {
      const t = withChecklist(h, 2);
      const before = itemsOf(h, t).length;
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => (release = r));
      // The first POST passes; the second is held until the client has given up.
      h.sandbox.faults.add({ method: 'POST', path: '/api/v1/checklist_items', times: 1 });
      h.sandbox.faults.add({ method: 'POST', path: '/api/v1/checklist_items', times: 1, until: held });
      const e = await failure(h.call(addChecklistItems, { ticket_id: t.id, items: ['one', 'two', 'three'] }));
      release();
      await h.sandbox.faults.settled();
      expect(e).toBeInstanceOf(ZammadError);
      expect((e as ZammadError).kind).toBe('unknown_outcome');
      expect(e.message).toContain(
        `Before that, 1 of 3 items had been added to the checklist of ticket #${t.number}.`,
      );
      expect(
        h.sandbox.log
          .since(0)
          .filter((x) => x.method === 'POST')
          .map((x) => (x.body as { text: string }).text),
      ).toEqual(['one', 'two']);
      expect(itemsOf(h, t).length).toBe(before + 2);
    } finally {
      await h.close();
    }
  });
});

describe('a refusal part-way', () => {
  it("keeps what was already added in the explanation of Zammad's 403", async () => {
    const h = await startHarness();
    try {
      const t = withChecklist(h, 2);
      h.sandbox.faults.add({ method: 'POST', path: '/api/v1/checklist_items', times: 1 });
      h.sandbox.faults.add({
        method: 'POST',
        path: '/api/v1/checklist_items',
        status: 403,
        body: { error: 'Not authorized', error_human: 'Not authorized' },
      });
      const e = await failure(h.call(addChecklistItems, { ticket_id: t.id, items: ['one', 'two'] }));
      expect(e.message).toBe(
        `Zammad refused the checklist request: checklists may be turned off in this Zammad, or the token may not change this ticket. Before that, 1 of 2 items had been added to the checklist of ticket #${t.number}.`,
      );
    } finally {
      await h.close();
    }
  });
});

describe('with writes off (the default)', () => {
  it('the checklist write tools are not there and reach nothing', async () => {
    const h = await startHarness();
    // The collaboration toolset is not in the default selection: name it, to see the read ones.
    const c = await connectInProcess(h.sandbox, { MCP_TOOLSETS: 'all' });
    try {
      const { tools } = await c.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(['get_ticket_checklist', 'list_checklist_templates']),
      );
      for (const name of ['add_checklist_items', 'set_checklist_item']) {
        const mark = h.sandbox.log.mark();
        await expect(
          c.client.callTool({ name, arguments: { ticket_id: 1, items: ['x'], item_id: 1, checked: true } }),
        ).rejects.toThrow(`Tool ${name} not found`);
        expect(h.sandbox.log.since(mark)).toEqual([]);
      }
    } finally {
      await c.close();
      await h.close();
    }
  });
});
