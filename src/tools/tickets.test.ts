import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/harness.js';
import type { TicketRecord } from '@zammad-mcp/sandbox';
import { getTicket } from './tickets/read.js';
import { searchTickets } from './tickets/search.js';

describe('search_tickets and get_ticket', () => {
  let h: Harness;
  const tickets = (): TicketRecord[] => [...h.sandbox.store.tickets.values()];
  beforeAll(async () => {
    h = await startHarness();
    await h.zammad.reference.get(); // warm cache: the request counts below are per call
  });
  afterAll(() => h.close());

  it('search_tickets makes one request per page and reports total and has_more', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(searchTickets, { state: 'open', limit: 5 });
    expect(h.sandbox.log.since(mark)).toHaveLength(1);
    const s = out.structured as { tickets: Array<{ state: string }>; total: number; has_more: boolean };
    expect(s.tickets).toHaveLength(5);
    expect(s.tickets.every((t) => t.state === 'open')).toBe(true);
    expect(s.total).toBe(tickets().filter((t) => t.state_id === 2).length);
    expect(s.has_more).toBe(true);
    expect(out.text.split('\n')[0]).toMatch(/^Tickets 1–5 of \d+ \(more: page=2\)$/);
  });

  it('escapes filter values so they cannot add query syntax', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(searchTickets, { tag: 'vip" OR state.name:(new OR open) OR tags:"x', limit: 5 });
    const q = h.sandbox.log.since(mark)[0]?.query.query;
    expect(q).toBe('tags:"vip\\" OR state.name:(new OR open) OR tags:\\"x"');
    expect((out.structured as { tickets: unknown[] }).tickets).toEqual([]);
  });

  it('get_ticket by id costs one request, by number two', async () => {
    const t = tickets()[10] as TicketRecord;
    let mark = h.sandbox.log.mark();
    await h.call(getTicket, { ticket_id: t.id });
    expect(h.sandbox.log.since(mark)).toHaveLength(1);
    mark = h.sandbox.log.mark();
    const out = await h.call(getTicket, { ticket_number: String(t.number) });
    expect(h.sandbox.log.since(mark)).toHaveLength(2);
    expect((out.structured as { ticket: { id: number } }).ticket.id).toBe(t.id);
  });

  it('shows every tag and every attachment with size, type and id', async () => {
    const busy = tickets().reduce((a, b) =>
      h.sandbox.store.tagsOf(b.id).length > h.sandbox.store.tagsOf(a.id).length ? b : a,
    );
    const tags = h.sandbox.store.tagsOf(busy.id);
    expect(tags.length).toBeGreaterThan(10);
    const out = await h.call(getTicket, { ticket_id: busy.id, articles: 50 });
    expect(out.text).toContain(`tags: ${tags.join(', ')}`);
    const withFile = tickets().find((t) =>
      h.sandbox.store.articlesOf(t.id).some((a) => a.attachments.length > 0),
    ) as TicketRecord;
    const art = h.sandbox.store.articlesOf(withFile.id).find((a) => a.attachments.length > 0);
    const file = art?.attachments[0];
    const o2 = await h.call(getTicket, { ticket_id: withFile.id, articles: 50 });
    expect(o2.text).toMatch(
      new RegExp(
        `attachments: .*${file?.filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ (B|KB|MB), [a-z]+/[a-z.+-]+, id ${file?.id}\\)`,
      ),
    );
  });

  it('renders HTML mail as text and omits quoted history, saying how much', async () => {
    const s = h.sandbox.store;
    const art = [...s.articles.values()].find(
      (a) => a.content_type === 'text/html' && a.body.includes('<blockquote'),
    );
    if (!art) throw new Error('no HTML article with a quote in the seed');
    const out = await h.call(getTicket, { ticket_id: art.ticket_id, articles: 50 });
    const a = (
      out.structured as { articles: Array<{ id: number; body: string; quoted_omitted?: number }> }
    ).articles.find((x) => x.id === art.id);
    expect(a?.body).not.toMatch(/<\/?(p|div|br|blockquote|a)\b/i);
    expect(a?.quoted_omitted).toBeGreaterThan(0);
    expect(a?.body.split('\n').some((l) => l.startsWith('>'))).toBe(false);
    expect(out.text).toMatch(/\(\d+ quoted lines omitted\)/);
  });

  it('cuts a long thread at the output budget with hints to continue', async () => {
    const small = await startHarness({ env: { MCP_OUTPUT_BUDGET_TOKENS: '500' } });
    try {
      const t = [...small.sandbox.store.tickets.values()].find(
        (x) => small.sandbox.store.articlesOf(x.id).length >= 10,
      ) as TicketRecord;
      const long = 'This line is part of a very long customer email. '.repeat(200);
      small.sandbox.store.addArticle({ ticket_id: t.id, type: 'email', sender: 'Customer', body: long });
      const out = await small.call(getTicket, { ticket_id: t.id, articles: 10 });
      const s = out.structured as {
        articles: Array<{ id: number; body_truncated?: boolean; body: string; body_length: number }>;
      };
      const cutArticle = s.articles.find((a) => a.body_truncated);
      expect(cutArticle).toBeDefined();
      expect(out.text).toContain(
        `get_ticket_article article_id=${cutArticle?.id} offset=${cutArticle?.body.length}`,
      );
      expect(out.text).toContain('older: list_ticket_articles');
    } finally {
      await small.close();
    }
  });

  it('leaves out subjects that only repeat the thread with Re:', async () => {
    const t = tickets().find(
      (x) => h.sandbox.store.articlesOf(x.id).filter((a) => a.subject?.startsWith('Re:')).length >= 2,
    ) as TicketRecord;
    const out = await h.call(getTicket, { ticket_id: t.id, articles: 50 });
    const reSubjects = out.text.split('\n').filter((l) => l.startsWith(`subject: Re: ${t.title}`));
    expect(reSubjects).toEqual([]);
    const s = out.structured as { articles: Array<{ subject?: string }> };
    expect(s.articles.some((a) => a.subject?.startsWith('Re:'))).toBe(true); // still in structured content
  });

  it('hides internal notes when asked, and shows no articles for articles=0', async () => {
    const t = tickets().find((x) => h.sandbox.store.articlesOf(x.id).some((a) => a.internal)) as TicketRecord;
    const out = await h.call(getTicket, { ticket_id: t.id, articles: 50, include_internal: false });
    expect(
      (out.structured as { articles: Array<{ internal: boolean }> }).articles.every((a) => !a.internal),
    ).toBe(true);
    expect(out.text).not.toContain('INTERNAL');
    const none = await h.call(getTicket, { ticket_id: t.id, articles: 0 });
    expect((none.structured as { articles: unknown[] }).articles).toEqual([]);
  });
});
