import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketRecord } from '@zammad-mcp/sandbox';
import { startHarness, type Harness, writesSince as writes } from '../../test/harness.js';
import { optionsOf, valueProblem, type FieldSpec } from './field-values.js';
import { updateTicket } from './tickets/update.js';

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

describe('field values (pure)', () => {
  const select: FieldSpec = {
    name: 'level',
    display: 'Level',
    type: 'select',
    required: true,
    multiple: false,
    options: optionsOf({ basic: 'Basic', gold: 'Gold plan' }),
  };
  it('lists the allowed values, with labels where they say more than the key', () => {
    expect(valueProblem(select, 'silver')).toBe(
      '"level" has no value "silver". Allowed: basic, gold (Gold plan).',
    );
    expect(valueProblem(select, 'gold')).toBeUndefined();
    expect(valueProblem(select, null)).toBe('"level" is required and cannot be emptied.');
    expect(valueProblem({ ...select, required: false }, '')).toBeUndefined();
  });
  it('checks booleans, integers with bounds, dates and text length', () => {
    const base = { name: 'f', display: 'F', required: false, multiple: false };
    expect(valueProblem({ ...base, type: 'boolean' }, 'yes')).toBe('"f" is a boolean: true or false.');
    expect(valueProblem({ ...base, type: 'integer', min: 1, max: 5 }, 9)).toBe('"f" is at most 5.');
    expect(valueProblem({ ...base, type: 'integer' }, 1.5)).toBe('"f" is a whole number.');
    expect(valueProblem({ ...base, type: 'date' }, 'soon')).toContain('ISO 8601');
    expect(valueProblem({ ...base, type: 'input', maxlength: 3 }, 'abcd')).toBe(
      '"f" is at most 3 characters.',
    );
    expect(valueProblem({ ...base, type: 'input' }, ['a'])).toBe('"f" (input) takes one value, not a list.');
  });
  it('flattens tree options and caps a long list in the message', () => {
    const tree = optionsOf([
      { name: 'A', value: 'A', children: [{ name: 'B', value: 'A::B', children: [] }] },
    ]);
    expect(tree.map((o) => o.value)).toEqual(['A', 'A::B']);
    const many: FieldSpec = {
      ...select,
      options: optionsOf(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, `k${i}`]))),
    };
    expect(valueProblem(many, 'x')).toMatch(/k29, … \(40 in all: list_ticket_fields\)\.$/);
  });
});

describe('update_ticket: custom field values and time with a note', () => {
  let h: Harness;
  let t: TicketRecord;
  beforeAll(async () => {
    h = await startHarness();
    t = [...h.sandbox.store.tickets.values()].find(
      (x) => x.group_id === 2 && x.state_id === 2,
    ) as TicketRecord;
    await h.zammad.reference.get();
    await h.zammad.objectAttributes();
  });
  afterAll(() => h.close());

  it('refuses a value outside a field’s options, listing the valid ones, with no write and no request', async () => {
    const mark = h.sandbox.log.mark();
    const e = await failure(
      h.call(updateTicket, {
        ticket_id: t.id,
        attributes: { contract_level: 'platinum', category: 'Printer' },
      }),
    );
    expect(e.message).toBe(
      'Not changed: "category" has no value "Printer". Allowed: Hardware, Hardware::Printer, Hardware::Laptop, Software, Software::Mail, Software::VPN, Other. ' +
        '"contract_level" has no value "platinum". Allowed: basic, business, enterprise.',
    );
    // The ticket (the scope check) only: the reference data and the fields are cached.
    expect(h.sandbox.log.since(mark).map((x) => x.path)).toEqual([`/api/v1/tickets/${t.id}`]);
  });

  it('refuses a multiselect given one string and a required field emptied', async () => {
    const mark = h.sandbox.log.mark();
    const multi = await failure(h.call(updateTicket, { ticket_id: t.id, attributes: { topics: 'outage' } }));
    expect(multi.message).toContain('"topics" (multiselect) takes a list of values, e.g. ["billing"]');
    const req = await failure(
      h.call(updateTicket, { ticket_id: t.id, attributes: { contract_level: null } }),
    );
    expect(req.message).toBe('Not changed: "contract_level" is required and cannot be emptied.');
    expect(writes(h, mark)).toEqual([]);
  });

  it('sends valid values as they are, a multiselect as a list', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(updateTicket, {
      ticket_id: t.id,
      attributes: { topics: ['outage', 'billing'], category: 'Hardware::Printer', callback: true },
    });
    expect(writes(h, mark).map((x) => [x.method, x.path, x.body])).toEqual([
      [
        'PUT',
        `/api/v1/tickets/${t.id}`,
        { topics: ['outage', 'billing'], category: 'Hardware::Printer', callback: true },
      ],
    ]);
    expect(h.sandbox.store.tickets.get(t.id)?.custom).toMatchObject({
      topics: ['outage', 'billing'],
      category: 'Hardware::Printer',
      callback: true,
    });
    expect(out.text).toContain('→ outage, billing');
  });

  it('books time on a note in the same PUT, as Zammad books it with an article', async () => {
    const s = h.sandbox.store;
    const before = s.timeAccountingsOf(t.id).length;
    const sumBefore = Number(s.tickets.get(t.id)?.time_unit ?? 0);
    const mark = h.sandbox.log.mark();
    const out = await h.call(updateTicket, {
      ticket_id: t.id,
      priority: '3 high',
      note: 'Called the customer back.',
      time_unit: '12.5',
    });
    expect(writes(h, mark).map((x) => [x.method, x.path, x.body])).toEqual([
      [
        'PUT',
        `/api/v1/tickets/${t.id}`,
        {
          priority_id: 3,
          article: {
            body: 'Called the customer back.',
            content_type: 'text/plain',
            type: 'note',
            sender: 'Agent',
            internal: true,
            time_unit: '12.5',
          },
        },
      ],
    ]);
    const entries = s.timeAccountingsOf(t.id);
    expect(entries).toHaveLength(before + 1);
    const entry = entries.at(-1);
    const note = s.articlesOf(t.id).at(-1);
    expect(entry).toMatchObject({ time_unit: '12.5', ticket_article_id: note?.id });
    expect(note).toMatchObject({ body: 'Called the customer back.', internal: true, type_id: 10 });
    expect(Number(s.tickets.get(t.id)?.time_unit)).toBe(sumBefore + 12.5);
    expect(out.text).toContain('internal note added with 12.5 time units booked');
  });

  it('refuses time_unit without a note before any request, pointing at add_time_accounting', async () => {
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(updateTicket, { ticket_id: t.id, time_unit: '5' }));
    expect(e.message).toContain('time_unit needs note');
    expect(e.message).toContain('add_time_accounting');
    await expect(h.call(updateTicket, { ticket_id: t.id, note: 'x', time_unit: '-1' })).rejects.toThrow();
    expect(h.sandbox.log.since(mark)).toEqual([]);
  });
});
