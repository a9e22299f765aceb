import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, writesSince as writes } from '../../test/harness.js';
import type { TicketRecord } from '@zammad-mcp/sandbox';
import { ZammadError } from '../zammad/errors.js';
import type { AnyTool, ConfirmationPreview } from './define.js';
import { addressesIn, domainAllowed } from '../policy/recipients.js';
import { applyMacro } from './tickets/macro.js';
import { replyToCustomer } from './tickets/reply.js';

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

function preview(h: Harness, tool: AnyTool, args: Record<string, unknown>): Promise<ConfirmationPreview> {
  if (!tool.preview) throw new Error(`${tool.name} has no preview`);
  return h.preview(tool, args);
}

const detail = (p: ConfirmationPreview, label: string): string | undefined =>
  p.details.find(([l]) => l === label)?.[1];

const SARAH = 'sarah.kim@northwind-traders.example';

describe('recipient helpers', () => {
  it('finds the addresses in header values', () => {
    expect(
      addressesIn('Emma Taylor via Helpdesk <support@helpdesk.example>, "Bob, B." <Bob@X.example>'),
    ).toEqual(['support@helpdesk.example', 'bob@x.example']);
    expect(addressesIn(null)).toEqual([]);
  });

  it('allows a configured domain and its subdomains only', () => {
    const allowed = ['partner.example'];
    expect(domainAllowed('a@partner.example', allowed)).toBe(true);
    expect(domainAllowed('a@eu.partner.example', allowed)).toBe(true);
    expect(domainAllowed('a@evilpartner.example', allowed)).toBe(false);
    expect(domainAllowed('a@partner.example.evil', allowed)).toBe(false);
    expect(domainAllowed('a@partner.example', [])).toBe(false);
  });
});

describe('reply_to_customer', () => {
  let h: Harness;
  let t: TicketRecord;
  beforeAll(async () => {
    h = await startHarness();
    t = h.sandbox.store.tickets.get(1) as TicketRecord;
  });
  afterAll(() => h.close());

  it('sends plain text byte for byte to the customer by default: the exact POST and the stored article', async () => {
    const body = 'It\'s fixed <really> & "done" 🎉 — naïve café\n\nBest,\nEmma\n';
    const mark = h.sandbox.log.mark();
    const out = await h.call(replyToCustomer, { ticket_id: t.id, body });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path])).toEqual([['POST', '/api/v1/ticket_articles']]);
    expect(w[0]?.body).toEqual({
      ticket_id: t.id,
      type: 'email',
      sender: 'Agent',
      internal: false,
      to: SARAH,
      subject: `Re: ${t.title}`,
      body,
      content_type: 'text/plain',
    });
    const id = (out.structured as { article_id: number }).article_id;
    const art = h.sandbox.store.articles.get(id);
    expect(art?.body).toBe(body);
    expect(art).toMatchObject({ ticket_id: t.id, internal: false, type_id: 1, sender_id: 1, to: SARAH });
    expect(out.text).toContain(
      `Email reply created on ticket #${t.number} (article ${id}); Zammad sends it to ${SARAH}.`,
    );
  });

  it('refuses a recipient who is not a participant, with zero writes', async () => {
    const mark = h.sandbox.log.mark();
    const e = await failure(
      h.call(replyToCustomer, { ticket_id: t.id, body: 'x', to: ['someone@gmail.example'] }),
    );
    expect(e.name).toBe('PolicyError');
    expect(e.message).toContain('someone@gmail.example is not a participant of ticket #' + t.number);
    expect(e.message).toContain('MCP_ALLOWED_RECIPIENT_DOMAINS');
    const cc = await failure(
      h.call(replyToCustomer, { ticket_id: t.id, body: 'x', cc: ['spy@evil.example'] }),
    );
    expect(cc.name).toBe('PolicyError');
    const pv = await failure(
      preview(h, replyToCustomer, { ticket_id: t.id, body: 'x', to: ['someone@gmail.example'] }),
    );
    expect(pv.name).toBe('PolicyError');
    expect(writes(h, mark)).toEqual([]);
  });

  it('accepts participants from the articles as cc', async () => {
    const mark = h.sandbox.log.mark();
    await h.call(replyToCustomer, { ticket_id: t.id, body: 'x', cc: ['Support@Helpdesk.example'] });
    expect(writes(h, mark)[0]?.body).toMatchObject({ to: SARAH, cc: 'support@helpdesk.example' });
  });

  it('cleans an HTML body before sending', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(replyToCustomer, {
      ticket_number: t.number,
      content_type: 'text/html',
      body:
        '<p onclick="steal()">Hello</p><script>alert(1)</script><a href="javascript:alert(1)">bad</a> ' +
        '<a href="https://help.example/kb/1">KB</a><img src="https://t.example/p.gif">',
    });
    const sent = writes(h, mark)[0]?.body as { body: string; content_type: string };
    expect(sent.content_type).toBe('text/html');
    expect(sent.body).toBe('<p>Hello</p>bad <a href="https://help.example/kb/1">KB</a>');
    const id = (out.structured as { article_id: number }).article_id;
    const stored = h.sandbox.store.articles.get(id)?.body ?? '';
    expect(stored).not.toMatch(/script|onclick|javascript:/i);
    expect(stored).toContain('<a href="https://help.example/kb/1">');
    expect(out.text).toContain('HTML cleaned');
  });

  it('sends attachments and refuses bad or oversized ones before any write', async () => {
    const data = Buffer.from('hello, file').toString('base64');
    let mark = h.sandbox.log.mark();
    const out = await h.call(replyToCustomer, {
      ticket_id: t.id,
      body: 'see attached',
      attachments: [{ filename: 'note.txt', mime_type: 'text/plain', data }],
    });
    expect((writes(h, mark)[0]?.body as { attachments: unknown }).attachments).toEqual([
      { filename: 'note.txt', data, 'mime-type': 'text/plain' },
    ]);
    const art = h.sandbox.store.articles.get((out.structured as { article_id: number }).article_id);
    expect(art?.attachments.map((x) => [x.filename, x.data.toString()])).toEqual([
      ['note.txt', 'hello, file'],
    ]);
    mark = h.sandbox.log.mark();
    const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
    const e = await failure(
      h.call(replyToCustomer, {
        ticket_id: t.id,
        body: 'x',
        attachments: [{ filename: 'big.bin', mime_type: 'application/octet-stream', data: big }],
      }),
    );
    expect(e.message).toContain('at most 1 MB');
    const bad = await failure(
      h.call(replyToCustomer, {
        ticket_id: t.id,
        body: 'x',
        attachments: [{ filename: 'a.txt', mime_type: 'text/plain', data: 'not base64!' }],
      }),
    );
    expect(bad.message).toContain('not valid base64');
    expect(h.sandbox.log.since(mark)).toEqual([]);
  });

  it('previews with the fetched ticket, recipients and body, using GET requests only', async () => {
    const mark = h.sandbox.log.mark();
    const p = await preview(h, replyToCustomer, {
      ticket_number: t.number,
      body: 'A'.repeat(500),
      subject: 'Your printer',
    });
    expect(h.sandbox.log.since(mark).every((e) => e.method === 'GET')).toBe(true);
    expect(p.summary).toBe(`Reply to ticket #${t.number} "${t.title}" — email to ${SARAH}`);
    expect(detail(p, 'Ticket')).toContain(`#${t.number} "${t.title}" (id ${t.id}`);
    expect(detail(p, 'To')).toBe(SARAH);
    expect(detail(p, 'Subject')).toBe('Your printer');
    expect(detail(p, 'Format')).toBe('plain text');
    expect(detail(p, 'Body')).toMatch(/^A{300}… \(500 characters in all\)$/);
  });
});

describe('reply_to_customer with MCP_ALLOWED_RECIPIENT_DOMAINS and a group scope', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { MCP_ALLOWED_RECIPIENT_DOMAINS: 'partner.example', MCP_ALLOWED_GROUPS: 'Users' },
    });
  });
  afterAll(() => h.close());

  it('lets through recipients of a configured domain (and subdomains), and shows them in the preview', async () => {
    const t = h.sandbox.store.tickets.get(1) as TicketRecord;
    const p = await preview(h, replyToCustomer, {
      ticket_id: t.id,
      body: 'x',
      cc: ['ops@eu.partner.example'],
    });
    expect(detail(p, 'Not on the ticket before')).toBe(
      'ops@eu.partner.example (allowed by MCP_ALLOWED_RECIPIENT_DOMAINS)',
    );
    const mark = h.sandbox.log.mark();
    await h.call(replyToCustomer, {
      ticket_id: t.id,
      body: 'x',
      to: ['lead@partner.example'],
      cc: ['ops@eu.partner.example'],
    });
    expect(writes(h, mark)[0]?.body).toMatchObject({
      to: 'lead@partner.example',
      cc: 'ops@eu.partner.example',
    });
    const e = await failure(
      h.call(replyToCustomer, { ticket_id: t.id, body: 'x', to: ['a@partner.example.evil'] }),
    );
    expect(e.name).toBe('PolicyError');
  });

  it('answers a ticket out of scope as not found, in preview and handler, with zero writes', async () => {
    const out = [...h.sandbox.store.tickets.values()].find((x) => x.group_id === 2) as TicketRecord;
    const mark = h.sandbox.log.mark();
    expect((await failure(preview(h, replyToCustomer, { ticket_id: out.id, body: 'x' }))).name).toBe(
      'NotFoundError',
    );
    expect((await failure(h.call(replyToCustomer, { ticket_number: out.number, body: 'x' }))).name).toBe(
      'NotFoundError',
    );
    expect(writes(h, mark)).toEqual([]);
  });
});

describe('apply_macro', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const openIn = (groupId: number): TicketRecord =>
    [...h.sandbox.store.tickets.values()].find(
      (x) => x.group_id === groupId && x.state_id === 2,
    ) as TicketRecord;

  it('previews what the macro does from Zammad’s definition, using GET requests only', async () => {
    const t = openIn(1);
    const mark = h.sandbox.log.mark();
    const p = await preview(h, applyMacro, { ticket_id: t.id, macro: 'close & tag as spam' });
    expect(h.sandbox.log.since(mark).every((e) => e.method === 'GET')).toBe(true);
    expect(p.summary).toBe(`Apply macro "Close & Tag as Spam" to ticket #${t.number} "${t.title}"`);
    expect(detail(p, 'It does')).toBe(
      'state → closed; adds tags: spam; owner → the user this server acts as',
    );
    expect(detail(p, 'Reaches customers or third parties')).toBe('no');
    const ack = await preview(h, applyMacro, { ticket_id: t.id, macro: '4' });
    expect(detail(ack, 'It does')).toContain('sends an email to the customer: "We received your request');
    expect(detail(ack, 'Reaches customers or third parties')).toBe('yes');
  });

  it('applies a macro through mass_macro: the exact POST and the stored changes', async () => {
    const t = [...h.sandbox.store.tickets.values()].find(
      (x) => x.group_id === 1 && x.state_id === 2 && x.owner_id !== 2,
    ) as TicketRecord;
    const mark = h.sandbox.log.mark();
    const out = await h.call(applyMacro, { ticket_number: t.number, macro: 'Close & Tag as Spam' });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path, x.body])).toEqual([
      ['POST', '/api/v1/tickets/mass_macro', { macro_id: 1, ticket_ids: [t.id] }],
    ]);
    expect(h.sandbox.store.tickets.get(t.id)).toMatchObject({ state_id: 4, owner_id: 2 });
    expect(h.sandbox.store.tagsOf(t.id)).toContain('spam');
    expect(out.text).toContain(
      `Macro "Close & Tag as Spam" applied to ticket #${t.number}: state open → closed`,
    );
    expect(out.text).toMatch(/owner \S+ → emma\.wright@helpdesk\.example/);
    expect((out.structured as { ticket: { state: string } }).ticket.state).toBe('closed');
  });

  it("refuses a macro whose groups do not cover the ticket's, and an unknown macro, without writing", async () => {
    const t = openIn(2);
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(applyMacro, { ticket_id: t.id, macro: 'Escalate to 2nd Level' }));
    expect(e.message).toBe(
      `Macro "Escalate to 2nd Level" is limited to the groups Support, Support › 1st Level, Support › 2nd Level; ticket #${t.number} is in Sales.`,
    );
    const unknown = await failure(h.call(applyMacro, { ticket_id: t.id, macro: 'Make coffee' }));
    expect(unknown.message).toContain(
      'Unknown macro "Make coffee". Macros available to this token: "Close & Tag as Spam"',
    );
    expect(writes(h, mark)).toEqual([]);
  });

  it("turns Zammad's 422 into a clear error", async () => {
    const t = openIn(1);
    h.sandbox.faults.add({
      method: 'POST',
      path: '/api/v1/tickets/mass_macro',
      status: 422,
      body: { error: true, ticket_id: t.id },
    });
    const e = await failure(h.call(applyMacro, { ticket_id: t.id, macro: 'Send acknowledgement' }));
    expect(e).toBeInstanceOf(ZammadError);
    expect((e as ZammadError).kind).toBe('validation');
    expect(e.message).toContain(
      `Zammad refused to apply macro "Send acknowledgement" to ticket #${t.number}`,
    );
    h.sandbox.faults.add({
      method: 'POST',
      path: '/api/v1/tickets/mass_macro',
      status: 422,
      body: { error: 'Macro group restrictions do not cover all tickets', blocking_tickets: [t.id] },
    });
    const g = await failure(h.call(applyMacro, { ticket_id: t.id, macro: 'Send acknowledgement' }));
    expect(g.message).toContain("group restrictions do not cover the ticket's group");
  });
});

describe('apply_macro under a group scope', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Support › 1st Level' } });
  });
  afterAll(() => h.close());

  it('refuses a macro that would move the ticket out of scope, with zero writes', async () => {
    const t = [...h.sandbox.store.tickets.values()].find(
      (x) => x.group_id === 4 && x.state_id === 2,
    ) as TicketRecord;
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(applyMacro, { ticket_id: t.id, macro: 'Escalate to 2nd Level' }));
    expect(e.name).toBe('PolicyError');
    expect(e.message).toContain("outside this server's data scope");
    const p = await failure(preview(h, applyMacro, { ticket_id: t.id, macro: 'Escalate to 2nd Level' }));
    expect(p.name).toBe('PolicyError');
    const other = [...h.sandbox.store.tickets.values()].find((x) => x.group_id === 2) as TicketRecord;
    expect(
      (await failure(h.call(applyMacro, { ticket_id: other.id, macro: 'Close & Tag as Spam' }))).name,
    ).toBe('NotFoundError');
    expect(writes(h, mark)).toEqual([]);
  });
});
