import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketRecord } from '@zammad-mcp/sandbox';
import { maskedNotFound, startHarness, type Harness } from '../../test/harness.js';
import { listTicketFields } from './fields.js';
import { listMacros } from './macros.js';
import { listTags } from './tags.js';
import { listTimeAccounting } from './tickets/time.js';

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

const paths = (h: Harness, mark: number): string[] =>
  h.sandbox.log
    .since(mark)
    .map(
      (x) =>
        `${x.method} ${x.path}${x.query && Object.keys(x.query).length ? `?${new URLSearchParams(x.query as Record<string, string>).toString()}` : ''}`,
    );

/** Tag name → on how many tickets (the sandbox's ground truth). */
function tagCounts(h: Harness): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of h.sandbox.store.tags.values())
    for (const n of list) counts.set(n, (counts.get(n) ?? 0) + 1);
  return counts;
}

describe('list_tags', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('lists the catalogue most used first with the counts Zammad has, in one request', async () => {
    const truth = tagCounts(h);
    const mark = h.sandbox.log.mark();
    const out = await h.call(listTags, { limit: 100 });
    expect(paths(h, mark)).toEqual(['GET /api/v1/tag_list?limit=1000']);
    const s = out.structured as {
      tags: Array<{ name: string; count: number }>;
      total: number;
      counts: boolean;
    };
    expect(s.counts).toBe(true);
    expect(s.total).toBe(h.sandbox.store.tagItems.size);
    for (const t of s.tags) expect(t.count, t.name).toBe(truth.get(t.name) ?? 0);
    const counts = s.tags.map((t) => t.count);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    const top = s.tags[0] as { name: string; count: number };
    expect(out.text).toContain(`most used first: ${top.name} (${top.count})`);
  });

  it('pages the catalogue and says how to go on', async () => {
    const first = await h.call(listTags, { limit: 3 });
    const second = await h.call(listTags, { limit: 3, page: 2 });
    const names = (o: typeof first): string[] =>
      (o.structured as { tags: Array<{ name: string }> }).tags.map((t) => t.name);
    expect(names(first)).toHaveLength(3);
    expect(names(second).some((n) => names(first).includes(n))).toBe(false);
    expect(first.text).toContain('(more: page=2)');
  });

  it('searches by part of a name, by name as Zammad orders them', async () => {
    const all = [...h.sandbox.store.tagItems.values()].map((t) => t.name);
    const term = (all[0] as string).slice(1, 3);
    const expected = all
      .filter((n) => n.toLowerCase().includes(term.toLowerCase()))
      .sort((a, b) => a.localeCompare(b));
    const mark = h.sandbox.log.mark();
    const out = await h.call(listTags, { query: term, limit: 100 });
    expect(paths(h, mark)).toEqual([`GET /api/v1/tag_search?term=${encodeURIComponent(term)}&limit=101`]);
    expect((out.structured as { tags: Array<{ name: string }> }).tags.map((t) => t.name)).toEqual(expected);
    const none = await h.call(listTags, { query: 'no-such-tag-anywhere' });
    expect(none.text).toBe('No tag contains "no-such-tag-anywhere".');
  });

  it('says under a group scope that the counts span all of Zammad', async () => {
    expect((await h.call(listTags, {})).text).not.toContain('not only the groups in scope');
    const scoped = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
    try {
      const out = await scoped.call(listTags, {});
      expect(out.text).toContain('Counts are over all of Zammad, not only the groups in scope.');
    } finally {
      await scoped.close();
    }
  });

  it('rejects bad input before any request', async () => {
    const mark = h.sandbox.log.mark();
    await expect(h.call(listTags, { limit: 0 })).rejects.toThrow();
    await expect(h.call(listTags, { query: '' })).rejects.toThrow();
    await expect(h.call(listTags, { query: 'x'.repeat(101) })).rejects.toThrow();
    expect(h.sandbox.log.since(mark)).toEqual([]);
  });

  it('tells an agent without admin.tag so and falls back to the most used tags', async () => {
    const agent = await startHarness({ as: 'agent' });
    try {
      const truth = tagCounts(agent);
      const mark = agent.sandbox.log.mark();
      const out = await agent.call(listTags, { limit: 5 });
      const log = agent.sandbox.log.since(mark);
      expect(log.map((x) => [x.path, x.status])).toEqual([
        ['/api/v1/tag_list', 403],
        ['/api/v1/tag_search', 200],
      ]);
      expect(out.text).toContain('needs the admin.tag permission');
      const names = (out.structured as { tags: Array<{ name: string }> }).tags.map((t) => t.name);
      const most = Math.max(...truth.values());
      expect(truth.get(names[0] as string)).toBe(most);
      expect((out.structured as { counts: boolean }).counts).toBe(false);
    } finally {
      await agent.close();
    }
  });
});

describe('list_ticket_fields', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('lists the active custom fields with their values as the object attributes define them; cached after', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(listTicketFields, {});
    expect(paths(h, mark)).toEqual(['GET /api/v1/object_manager_attributes']);
    const fields = (
      out.structured as {
        fields: Array<{ name: string; type: string; required: boolean; options?: Array<{ value: string }> }>;
      }
    ).fields;
    const truth = [...h.sandbox.store.objectAttributes.values()]
      .filter((a) => a.object === 'Ticket' && a.editable && a.active)
      .sort((a, b) => a.position - b.position);
    expect(fields.map((f) => f.name)).toEqual(truth.map((a) => a.name));
    expect(fields.map((f) => f.name)).not.toContain('legacy_code');
    const product = truth.find((a) => a.name === 'product');
    expect(fields.find((f) => f.name === 'product')?.options?.map((o) => o.value)).toEqual(
      Object.keys((product?.data_option as { options: Record<string, string> }).options),
    );
    expect(fields.find((f) => f.name === 'category')?.options?.map((o) => o.value)).toEqual([
      'Hardware',
      'Hardware::Printer',
      'Hardware::Laptop',
      'Software',
      'Software::Mail',
      'Software::VPN',
      'Other',
    ]);
    expect(fields.find((f) => f.name === 'contract_level')).toMatchObject({ type: 'select', required: true });
    expect(fields.find((f) => f.name === 'topics')).toMatchObject({ type: 'multiselect', required: false });
    expect(out.text).toContain('- contract_level select required: basic, business, enterprise');
    const again = h.sandbox.log.mark();
    await h.call(listTicketFields, { field: 'Category' });
    expect(h.sandbox.log.since(again)).toEqual([]);
  });

  it('says when an object has none, and names the fields when one is unknown', async () => {
    const users = await h.call(listTicketFields, { object: 'User' });
    expect(users.text).toBe('User has no active custom fields.');
    const e = await failure(h.call(listTicketFields, { field: 'colour' }));
    expect(e.message).toBe(
      'Ticket has no custom field "colour". Its fields: customer_ref, product, category, topics, callback, contract_level.',
    );
    await expect(h.call(listTicketFields, { object: 'Group' })).rejects.toThrow();
  });

  it('tells an agent without admin.object what is missing', async () => {
    const agent = await startHarness({ as: 'agent' });
    try {
      const e = await failure(agent.call(listTicketFields, {}));
      expect(e.message).toContain('admin.object');
      expect(e.message).toContain('update_ticket still sends attributes');
    } finally {
      await agent.close();
    }
  });
});

describe('list_time_accounting', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const withEntries = (x: Harness): TicketRecord =>
    [...x.sandbox.store.tickets.values()].find(
      (t) => x.sandbox.store.timeAccountingsOf(t.id).length >= 2,
    ) as TicketRecord;

  it('lists every entry with who, units and type, and the sum, in one request', async () => {
    const t = withEntries(h);
    const s = h.sandbox.store;
    const truth = s.timeAccountingsOf(t.id);
    const mark = h.sandbox.log.mark();
    const out = await h.call(listTimeAccounting, { ticket_id: t.id });
    expect(paths(h, mark)).toEqual([
      `GET /api/v1/tickets/${t.id}/time_accountings?expand=true&per_page=1000`,
    ]);
    const st = out.structured as {
      entries: Array<{ id: number; by?: string; time_unit: number; type?: string }>;
      total_units: number;
      count: number;
    };
    const sum = Math.round(truth.reduce((n, x) => n + Number(x.time_unit), 0) * 100) / 100;
    expect(st.total_units).toBe(sum);
    expect(Number(t.time_unit)).toBe(sum);
    expect(st.count).toBe(truth.length);
    expect(st.entries.map((e) => [e.id, e.by, e.time_unit, e.type ?? null])).toEqual(
      truth.map((x) => [
        x.id,
        s.user(x.created_by_id)?.login,
        Number(x.time_unit),
        x.type_id === null ? null : (s.timeAccountingTypes.get(x.type_id)?.name ?? null),
      ]),
    );
    expect(out.text).toContain(`Ticket ${t.id}: ${sum} time units in ${truth.length} entries`);
  });

  it('finds the ticket by number, and says when nothing is booked', async () => {
    const t = withEntries(h);
    const byNumber = await h.call(listTimeAccounting, { ticket_number: t.number });
    expect((byNumber.structured as { ticket_id: number }).ticket_id).toBe(t.id);
    const empty = [...h.sandbox.store.tickets.values()].find(
      (x) => h.sandbox.store.timeAccountingsOf(x.id).length === 0,
    ) as TicketRecord;
    const out = await h.call(listTimeAccounting, { ticket_id: empty.id });
    expect(out.text).toBe(`No time booked on ticket ${empty.id}.`);
    await expect(h.call(listTimeAccounting, {})).rejects.toThrow(/ticket_id|ticket_number/);
  });

  it('answers a ticket out of the group scope like a missing one, without asking for its entries', async () => {
    const scoped = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
    try {
      const sales = [...scoped.sandbox.store.groups.values()].find((g) => g.name === 'Sales');
      const outside = [...scoped.sandbox.store.tickets.values()].find(
        (t) => t.group_id !== sales?.id && scoped.sandbox.store.timeAccountingsOf(t.id).length > 0,
      ) as TicketRecord;
      const mark = scoped.sandbox.log.mark();
      const hidden = await maskedNotFound(scoped.call(listTimeAccounting, { ticket_id: outside.id }));
      const missing = await maskedNotFound(scoped.call(listTimeAccounting, { ticket_id: 999_999 }));
      expect(hidden).toBe(missing);
      expect(scoped.sandbox.log.since(mark).some((x) => x.path.includes('time_accountings'))).toBe(false);
    } finally {
      await scoped.close();
    }
  });

  it('gives an agent who may only read the ticket the same answer as a missing ticket (Zammad: update access)', async () => {
    const agent = await startHarness({ as: 'agent' });
    try {
      const billing = [...agent.sandbox.store.groups.values()].find((g) => g.name === 'Billing');
      const readOnly = [...agent.sandbox.store.tickets.values()].find(
        (t) => t.group_id === billing?.id,
      ) as TicketRecord;
      const e = await failure(agent.call(listTimeAccounting, { ticket_id: readOnly.id }));
      expect(e.message).toBe(
        `Ticket id ${readOnly.id} not found, or this Zammad user may only read it (Zammad shows time entries to agents who may change the ticket).`,
      );
    } finally {
      await agent.close();
    }
  });
});

describe('list_macros', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.zammad.reference.get();
  });
  afterAll(() => h.close());

  it('lists the active macros with what each does in one line, in one request', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(listMacros, {});
    expect(paths(h, mark)).toEqual(['GET /api/v1/macros?per_page=1000']);
    const s = out.structured as {
      macros: Array<{ name: string; does: string; reaches_customer: boolean }>;
      total: number;
    };
    const truth = [...h.sandbox.store.macros.values()].filter((m) => m.active);
    expect(s.total).toBe(truth.length);
    const ack = s.macros.find((m) => m.name === 'Send acknowledgement');
    expect(ack).toMatchObject({ reaches_customer: true });
    expect(ack?.does).toContain('sends an email to the customer');
    expect(s.macros.find((m) => m.name === 'Close & Tag as Spam')).toMatchObject({
      does: 'state → closed; adds tags: spam; owner → the user this server acts as',
      reaches_customer: false,
    });
    expect(out.text).toMatch(/- Send acknowledgement \(id \d+\): .* — REACHES THE CUSTOMER/);
  });

  it('keeps only the macros usable on a group (no groups = every group)', async () => {
    const sales = await h.call(listMacros, { group: 'sales' });
    const names = (o: typeof sales): string[] =>
      (o.structured as { macros: Array<{ name: string }> }).macros.map((m) => m.name);
    expect(names(sales)).not.toContain('Escalate to 2nd Level');
    const first = await h.call(listMacros, { group: 'Support › 1st Level' });
    expect(names(first)).toContain('Escalate to 2nd Level');
    const e = await failure(h.call(listMacros, { group: 'Nope' }));
    expect(e.message).toMatch(/^Unknown group "Nope"\. Valid groups: .*Sales/);
  });

  it('hides macros limited to groups outside the scope', async () => {
    const scoped = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
    try {
      const out = await scoped.call(listMacros, {});
      const names = (out.structured as { macros: Array<{ name: string }> }).macros.map((m) => m.name);
      expect(names).not.toContain('Escalate to 2nd Level');
      expect(names).toContain('Close & Tag as Spam');
    } finally {
      await scoped.close();
    }
  });
});

describe.each(['6.4', '6.5', '7.x'] as const)('the context lists on Zammad %s', (version) => {
  it('answer the same facts from the same requests', async () => {
    const v = await startHarness({ sandbox: { version } });
    try {
      const t = [...v.sandbox.store.tickets.values()].find(
        (x) => v.sandbox.store.timeAccountingsOf(x.id).length > 0,
      ) as TicketRecord;
      const time = await v.call(listTimeAccounting, { ticket_id: t.id });
      expect((time.structured as { total_units: number }).total_units).toBe(Number(t.time_unit));
      const tags = await v.call(listTags, { limit: 1 });
      expect((tags.structured as { total: number }).total).toBe(v.sandbox.store.tagItems.size);
      const fields = await v.call(listTicketFields, {});
      expect((fields.structured as { fields: unknown[] }).fields).toHaveLength(6);
    } finally {
      await v.close();
    }
  });
});
