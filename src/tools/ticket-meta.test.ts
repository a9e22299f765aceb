import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskedNotFound as masked, startHarness, type Harness } from '../../test/harness.js';
import type { TicketRecord } from '@zammad-mcp/sandbox';
import { getTicketHistory, getTicketLinks, getTicketTags } from './tickets/context.js';

describe('ticket meta tools', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.zammad.reference.get();
  });
  afterAll(() => h.close());

  it('shows the history newest first, one line per change, in one request', async () => {
    const s = h.sandbox.store;
    const item = s.history.find(
      (x) => x.object === 'Ticket' && x.type === 'updated' && x.attribute === 'state' && x.created_by_id > 1,
    );
    if (!item) throw new Error('no state change in the seed');
    const mark = h.sandbox.log.mark();
    const out = await h.call(getTicketHistory, { ticket_id: item.o_id, limit: 200 });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    const user = s.user(item.created_by_id);
    expect(out.text).toContain(
      `${user?.firstname} ${user?.lastname}: state ${item.value_from} → ${item.value_to}`,
    );
    const st = out.structured as { entries: Array<{ at: string }>; total: number };
    const ats = st.entries.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(out.text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} /m);
    expect(out.text).not.toMatch(/null|undefined|T\d{2}:\d{2}:\d{2}/);
  });

  it('limits the history and says how to see more', async () => {
    const tid = (h.sandbox.store.tickets.values().next().value as TicketRecord).id;
    const all = await h.call(getTicketHistory, { ticket_id: tid, limit: 200 });
    const n = (all.structured as { total: number }).total;
    expect(n).toBeGreaterThan(3);
    const out = await h.call(getTicketHistory, { ticket_id: tid, limit: 2 });
    expect((out.structured as { entries: unknown[] }).entries.length).toBe(2);
    expect(out.text).toContain(`latest 2 of ${n} changes`);
    expect(out.text).toContain('limit=');
    expect(out.text).toMatch(/article \d+ created|state|tag added/);
  });

  it('shows the tags of a ticket (two requests: the ticket and its tags)', async () => {
    const s = h.sandbox.store;
    const t = [...s.tickets.values()].find((x) => s.tagsOf(x.id).length >= 2) as TicketRecord;
    const mark = h.sandbox.log.mark();
    const out = await h.call(getTicketTags, { ticket_id: t.id });
    expect(h.sandbox.log.since(mark).length).toBe(2);
    expect((out.structured as { tags: string[] }).tags).toEqual(s.tagsOf(t.id));
    expect(out.text).toBe(`Tags of ticket #${t.number} (id ${t.id}): ${s.tagsOf(t.id).join(', ')}`);
    const byNumber = await h.call(getTicketTags, { ticket_number: t.number });
    expect((byNumber.structured as { tags: string[] }).tags).toEqual(s.tagsOf(t.id));
  });

  it('shows linked tickets with type, number, state and title in one request', async () => {
    const s = h.sandbox.store;
    const link = s.links[0];
    if (!link) throw new Error('no links in the seed');
    const target = s.tickets.get(link.target_id) as TicketRecord;
    const mark = h.sandbox.log.mark();
    const out = await h.call(getTicketLinks, { ticket_id: link.source_id });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    const l = (
      out.structured as {
        links: Array<{ id: number; number?: string; state?: string; title?: string; link_type: string }>;
      }
    ).links.find((x) => x.id === target.id);
    expect(l).toMatchObject({
      number: target.number,
      title: target.title,
      state: s.states.get(target.state_id)?.name,
    });
    expect(out.text).toContain(`#${target.number} id ${target.id}`);
  });

  it('answers not found with the hint, and refuses both or neither reference', async () => {
    for (const tool of [getTicketHistory, getTicketLinks, getTicketTags]) {
      await expect(h.call(tool, { ticket_id: 999_999 })).rejects.toThrow(
        /Ticket 999999 not found\. `ticket_id` is the internal id/,
      );
      await expect(h.call(tool, { ticket_number: '999999' })).rejects.toThrow(
        /Ticket number 999999 not found/,
      );
      await expect(h.call(tool, {})).rejects.toThrow(/exactly one of ticket_id or ticket_number/);
      await expect(h.call(tool, { ticket_id: 1, ticket_number: '1' })).rejects.toThrow(
        /exactly one of ticket_id or ticket_number/,
      );
    }
  });
});

describe('ticket meta tools under a group scope', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
  });
  afterAll(() => h.close());

  it('answers a ticket of another group exactly like a missing one', async () => {
    const s = h.sandbox.store;
    const sales = s.byName(s.groups, 'Sales')?.id;
    const other = [...s.tickets.values()].find(
      (t) => t.group_id !== sales && s.tagsOf(t.id).length > 0,
    ) as TicketRecord;
    for (const tool of [getTicketHistory, getTicketLinks, getTicketTags]) {
      expect(await masked(h.call(tool, { ticket_id: other.id }))).toBe(
        await masked(h.call(tool, { ticket_id: 999_999 })),
      );
      expect(await masked(h.call(tool, { ticket_number: other.number }))).toBe(
        await masked(h.call(tool, { ticket_number: '999999' })),
      );
    }
    const mine = [...s.tickets.values()].find((t) => t.group_id === sales) as TicketRecord;
    const out = await h.call(getTicketTags, { ticket_id: mine.id });
    expect((out.structured as { tags: string[] }).tags).toEqual(s.tagsOf(mine.id));
  });

  it('leaves linked tickets of other groups out', async () => {
    const s = h.sandbox.store;
    const sales = s.byName(s.groups, 'Sales')?.id as number;
    const [a, b] = [...s.tickets.values()].filter((t) => t.group_id === sales);
    const outside = [...s.tickets.values()].find((t) => t.group_id !== sales) as TicketRecord;
    if (!a || !b) throw new Error('need two Sales tickets');
    s.addLink('normal', a.id, b.id);
    s.addLink('normal', a.id, outside.id);
    const out = await h.call(getTicketLinks, { ticket_id: a.id });
    const ids = (out.structured as { links: Array<{ id: number }> }).links.map((x) => x.id);
    expect(ids).toContain(b.id);
    expect(ids).not.toContain(outside.id);
    expect(out.text).not.toContain(outside.title);
  });
});
