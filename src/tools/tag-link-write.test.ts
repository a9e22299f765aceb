import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, writesSince as writes } from '../../test/harness.js';
import type { TicketRecord } from '@zammad-mcp/sandbox';
import { getTicketLinks } from './tickets/context.js';
import { addTicketTag, linkTickets, removeTicketTag, unlinkTickets } from './tickets/tags-links.js';

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

function unlinkedPair(h: Harness, groupId: number): [TicketRecord, TicketRecord] {
  const s = h.sandbox.store;
  const linked = new Set(s.links.flatMap((l) => [l.source_id, l.target_id]));
  const free = [...s.tickets.values()].filter(
    (t) => t.group_id === groupId && t.state_id !== 5 && !linked.has(t.id),
  );
  if (free.length < 2) throw new Error('no two unlinked tickets');
  return [free[0] as TicketRecord, free[1] as TicketRecord];
}

describe('add_ticket_tag and remove_ticket_tag', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('adds a tag: the exact POST and the stored tags', async () => {
    const t = h.sandbox.store.tickets.get(3) as TicketRecord;
    const before = [...h.sandbox.store.tagsOf(t.id)];
    const mark = h.sandbox.log.mark();
    const out = await h.call(addTicketTag, { ticket_id: t.id, tag: 'needs-callback' });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path, x.body])).toEqual([
      ['POST', '/api/v1/tags/add', { object: 'Ticket', o_id: t.id, item: 'needs-callback' }],
    ]);
    expect(h.sandbox.store.tagsOf(t.id)).toEqual([...before, 'needs-callback']);
    expect(out.text).toBe(
      `Tag "needs-callback" added to ticket #${t.number} (id ${t.id}). Tags now: ${[...before, 'needs-callback'].join(', ')}.`,
    );
    expect(out.structured).toMatchObject({ changed: true, tags: [...before, 'needs-callback'] });
  });

  it('writes nothing when the ticket already has the tag (any case)', async () => {
    const t = h.sandbox.store.tickets.get(3) as TicketRecord;
    const mark = h.sandbox.log.mark();
    const out = await h.call(addTicketTag, { ticket_number: t.number, tag: 'NEEDS-CALLBACK' });
    expect(writes(h, mark)).toEqual([]);
    expect(out.text).toBe(`Ticket #${t.number} already has tag "needs-callback"; nothing changed.`);
  });

  it('removes a tag: the exact DELETE and the stored tags', async () => {
    const t = h.sandbox.store.tickets.get(3) as TicketRecord;
    const mark = h.sandbox.log.mark();
    const out = await h.call(removeTicketTag, { ticket_id: t.id, tag: 'Needs-Callback' });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path, x.body])).toEqual([
      ['DELETE', '/api/v1/tags/remove', { object: 'Ticket', o_id: t.id, item: 'needs-callback' }],
    ]);
    expect(h.sandbox.store.tagsOf(t.id)).not.toContain('needs-callback');
    expect(out.structured).toMatchObject({ changed: true });
  });

  it('writes nothing when removing a tag the ticket does not have', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(removeTicketTag, { ticket_id: 3, tag: 'never-there' });
    expect(writes(h, mark)).toEqual([]);
    expect(out.text).toContain('has no tag "never-there"; nothing changed.');
  });

  it('refuses a tag with a comma (one tag per call)', async () => {
    const e = await failure(h.call(addTicketTag, { ticket_id: 3, tag: 'a,b' }));
    expect(e.message).toContain('one tag, without commas');
  });
});

describe('link_tickets and unlink_tickets', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('links the other ticket as parent: source by number, target by id; get_ticket_links agrees', async () => {
    const [a, b] = unlinkedPair(h, 2);
    const mark = h.sandbox.log.mark();
    const out = await h.call(linkTickets, {
      ticket_id: a.id,
      other_ticket_number: b.number,
      link_type: 'parent',
    });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path, x.body])).toEqual([
      [
        'POST',
        '/api/v1/links/add',
        {
          link_type: 'parent',
          link_object_source: 'Ticket',
          link_object_source_number: b.number,
          link_object_target: 'Ticket',
          link_object_target_value: a.id,
        },
      ],
    ]);
    expect(
      h.sandbox.store.links.some(
        (l) => l.link_type === 'parent' && l.source_id === b.id && l.target_id === a.id,
      ),
    ).toBe(true);
    expect(out.text).toBe(`Linked: #${b.number} is the parent of #${a.number} now.`);
    const seen = await h.call(getTicketLinks, { ticket_id: a.id });
    expect((seen.structured as { links: Array<{ id: number; link_type: string }> }).links).toContainEqual(
      expect.objectContaining({ id: b.id, link_type: 'parent' }),
    );
    const fromB = await h.call(getTicketLinks, { ticket_id: b.id });
    expect((fromB.structured as { links: Array<{ id: number; link_type: string }> }).links).toContainEqual(
      expect.objectContaining({ id: a.id, link_type: 'child' }),
    );
  });

  it('writes nothing when the same link exists', async () => {
    const l = h.sandbox.store.links.find((x) => x.link_type === 'parent') as {
      source_id: number;
      target_id: number;
    };
    const mark = h.sandbox.log.mark();
    const out = await h.call(linkTickets, {
      ticket_id: l.target_id,
      other_ticket_id: l.source_id,
      link_type: 'parent',
    });
    expect(writes(h, mark)).toEqual([]);
    expect(out.text).toContain('Already linked');
  });

  it('refuses linking a ticket to itself and a missing other ticket, without writing', async () => {
    const t = h.sandbox.store.tickets.get(2) as TicketRecord;
    const mark = h.sandbox.log.mark();
    const self = await failure(h.call(linkTickets, { ticket_id: t.id, other_ticket_number: t.number }));
    expect(self.message).toContain('cannot be linked to itself');
    const none = await failure(h.call(linkTickets, { ticket_id: t.id }));
    expect(none.message).toContain('other_ticket_id or other_ticket_number');
    const missing = await failure(h.call(linkTickets, { ticket_id: t.id, other_ticket_id: 99999 }));
    expect(missing.name).toBe('NotFoundError');
    expect(writes(h, mark)).toEqual([]);
  });

  it('unlinks: the exact DELETE (both by id) and the stored links', async () => {
    const [a, b] = unlinkedPair(h, 6);
    await h.call(linkTickets, { ticket_id: a.id, other_ticket_id: b.id, link_type: 'child' });
    const mark = h.sandbox.log.mark();
    const out = await h.call(unlinkTickets, { ticket_id: a.id, other_ticket_number: b.number });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path, x.body])).toEqual([
      [
        'DELETE',
        '/api/v1/links/remove',
        {
          link_type: 'child',
          link_object_source: 'Ticket',
          link_object_source_value: b.id,
          link_object_target: 'Ticket',
          link_object_target_value: a.id,
        },
      ],
    ]);
    expect(
      h.sandbox.store.links.some(
        (l) => [l.source_id, l.target_id].includes(a.id) && [l.source_id, l.target_id].includes(b.id),
      ),
    ).toBe(false);
    expect(out.text).toBe(`Unlinked: #${b.number} is no longer the child of #${a.number}.`);
  });

  it('writes nothing when the tickets are not linked', async () => {
    const [a, b] = unlinkedPair(h, 1);
    const mark = h.sandbox.log.mark();
    const out = await h.call(unlinkTickets, { ticket_id: a.id, other_ticket_id: b.id });
    expect(writes(h, mark)).toEqual([]);
    expect(out.text).toBe(`Tickets #${a.number} and #${b.number} are not linked; nothing changed.`);
  });
});

describe('tags and links under a group scope (MCP_ALLOWED_GROUPS=Sales)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
  });
  afterAll(() => h.close());

  it('answers tickets out of scope as not found, with zero writes', async () => {
    const s = h.sandbox.store;
    const inScope = [...s.tickets.values()].find((t) => t.group_id === 2) as TicketRecord;
    const outside = [...s.tickets.values()].find((t) => t.group_id === 3) as TicketRecord;
    const mark = h.sandbox.log.mark();
    expect((await failure(h.call(addTicketTag, { ticket_id: outside.id, tag: 'x' }))).name).toBe(
      'NotFoundError',
    );
    expect((await failure(h.call(removeTicketTag, { ticket_number: outside.number, tag: 'x' }))).name).toBe(
      'NotFoundError',
    );
    const link = await failure(h.call(linkTickets, { ticket_id: inScope.id, other_ticket_id: outside.id }));
    expect(link.name).toBe('NotFoundError');
    expect(link.message).toContain(`Ticket ${outside.id} not found`);
    expect(writes(h, mark)).toEqual([]);
  });
});
