/**
 * Hostile tickets through the tools: many large e-mails, one enormous article, deep HTML. Each read
 * answers (cut bodies with a way to read on), never an error where a normal ticket would answer, and
 * get_ticket / list_ticket_articles hold only the articles they show. Sizes are scaled down for CI;
 * `npm run bench:hostile` reads the full-size tickets and measures memory.
 */
import { addHostileTicket, startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectInProcess, type InProcess } from './inprocess.js';
import { textOf } from './mcp.js';

let sb: Sandbox;
let mcp: InProcess;
beforeAll(async () => {
  sb = await startSandbox();
  mcp = await connectInProcess(sb, { ZAMMAD_MAX_BODY_CHARS: '20000' });
});
afterAll(async () => {
  await mcp.close();
  await sb.close();
});

const call = (name: string, args: Record<string, unknown>) =>
  mcp.client.callTool({ name, arguments: args }) as Promise<{
    isError?: boolean;
    content: Array<{ type: string; text?: string }>;
    structuredContent?: Record<string, unknown>;
  }>;

describe('hostile tickets through the tools', () => {
  it('get_ticket on many large e-mails shows the latest two, cut, with the way to read on', async () => {
    const h = addHostileTicket(sb.store, 'many-emails', { emails: 6, emailChars: 300_000 });
    const r = await call('get_ticket', { ticket_id: h.ticket.id, articles: 2 });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as { articles: Array<Record<string, unknown>>; articles_total: number };
    expect(s.articles_total).toBe(6);
    expect(s.articles.map((a) => a.id)).toEqual(h.articles.slice(-2).map((a) => a.id));
    for (const a of s.articles) {
      expect(a.body_truncated).toBe(true);
      expect(a.body_length).toBe(300_000);
    }
    expect(textOf(r)).toMatch(/get_ticket_article article_id=\d+ offset=0 reads on/);
  });

  it('list_ticket_articles pages through them, newest first', async () => {
    const h = addHostileTicket(sb.store, 'many-emails', { emails: 5, emailChars: 100_000 });
    const r = await call('list_ticket_articles', { ticket_id: h.ticket.id, limit: 2, order: 'newest' });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as { articles: Array<{ id: number }>; total: number; next_offset: number };
    expect(s.total).toBe(5);
    expect(s.articles.map((a) => a.id)).toEqual(
      h.articles
        .slice(-2)
        .reverse()
        .map((a) => a.id),
    );
    expect(s.next_offset).toBe(2);
  });

  it('get_ticket_article reads an enormous body a window at a time, nothing skipped', async () => {
    const h = addHostileTicket(sb.store, 'huge-article', { articleChars: 2_000_000 });
    const id = h.articles[0]?.id;
    const first = await call('get_ticket_article', { article_id: id });
    expect(first.isError).toBeFalsy();
    const a = (first.structuredContent as { article: Record<string, number | string> }).article;
    expect(a.body_length).toBe(2_000_000);
    const next = a.body_next_offset as number;
    expect(next).toBeGreaterThan(1000);
    const second = await call('get_ticket_article', { article_id: id, offset: next });
    const b = (second.structuredContent as { article: Record<string, number> }).article;
    expect(b.body_offset).toBe(next);
    const past = await call('get_ticket_article', { article_id: id, offset: 2_000_000 });
    expect(past.isError).toBe(true);
    expect(textOf(past)).toContain('past the end');
  });

  it('deep HTML answers as an article (its text may be empty), not an internal error', async () => {
    const h = addHostileTicket(sb.store, 'deep-html', { depth: 20_000 });
    const r = await call('get_ticket', { ticket_id: h.ticket.id });
    expect(r.isError).toBeFalsy();
    expect((r.structuredContent as { articles: unknown[] }).articles).toHaveLength(1);
  });
});
