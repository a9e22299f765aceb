/**
 * Every sanitizer case planted where strangers write in Zammad — ticket title, plain body, HTML
 * body, attachment filename, customer name — and read back through the real tools over MCP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANITIZER_CASES } from './fixtures/sanitizer-cases.js';
import { findUnsafe, sanitizeText } from '../src/content/index.js';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { connectInProcess, type InProcess } from './inprocess.js';
import { textOf } from './mcp.js';

let sb: Sandbox;
let mcp: InProcess;
beforeAll(async () => {
  sb = await startSandbox();
  mcp = await connectInProcess(sb);
});
afterAll(async () => {
  await mcp.close();
  await sb.close();
});

interface Out {
  ticket: { title: string; customer?: string };
  articles: Array<{ id: number; body: string; attachments?: Array<{ filename: string }> }>;
}

/** Plants the case in a ticket of its own and returns its id. */
function plant(i: number, input: string, html: boolean): { ticketId: number; articleId: number } {
  const tickets = [...sb.store.tickets.values()];
  const t = tickets[i % tickets.length];
  if (!t) throw new Error('no ticket');
  const template = sb.store.user(t.customer_id);
  if (!template) throw new Error('no customer');
  const customerId = sb.store.nextId('user');
  sb.store.users.set(customerId, {
    ...template,
    id: customerId,
    firstname: html ? 'Plain' : input,
    lastname: 'Customer',
  });
  t.customer_id = customerId;
  if (!html) t.title = input;
  const a = sb.store.addArticle({
    ticket_id: t.id,
    type: 'email',
    sender: 'Customer',
    content_type: html ? 'text/html' : 'text/plain',
    body: input,
    attachments: [{ filename: html ? 'plain.txt' : input, mimeType: 'text/plain', data: Buffer.from('x') }],
  });
  return { ticketId: t.id, articleId: a.id };
}

describe.each(SANITIZER_CASES.map((c, i) => [c.name, c, i] as const))(
  'untrusted content: %s',
  (_name, c, i) => {
    it('reaches the model sanitized in text and structured content, in every field', async () => {
      const { ticketId, articleId } = plant(i, c.input, c.html === true);
      const r = await mcp.client.callTool({
        name: 'get_ticket',
        arguments: { ticket_id: ticketId, articles: 50 },
      });
      expect(r.isError, textOf(r)).toBeFalsy();
      const text = textOf(r);
      const structured = JSON.stringify(r.structuredContent);
      expect(findUnsafe(text)).toBeUndefined();
      expect(findUnsafe(structured)).toBeUndefined();
      const out = r.structuredContent as unknown as Out;
      const article = out.articles.find((a) => a.id === articleId);
      expect(article).toBeDefined();
      // The planted fields (the rest of the ticket is ordinary text that may contain e.g. "subscription").
      const planted = [
        article?.body ?? '',
        ...(c.html
          ? []
          : [out.ticket.title, out.ticket.customer ?? '', article?.attachments?.[0]?.filename ?? '']),
      ];
      for (const bad of c.mustNotContain ?? []) for (const field of planted) expect(field).not.toContain(bad);
      const expected = c.expect ?? (c.kind === 'preserve' ? c.input : undefined);
      if (expected !== undefined) {
        // Article bodies are shown trimmed; titles, names and filenames as they are.
        expect(article?.body.trim()).toBe(expected.trim());
        if (!c.html) {
          expect(out.ticket.title).toBe(expected);
          expect(article?.attachments?.[0]?.filename).toBe(expected);
          expect(out.ticket.customer?.startsWith(`${expected} Customer`)).toBe(true);
        }
      }
      if (c.kind === 'preserve' && !c.html) expect(text).toContain(sanitizeText(c.input).trim());
    });
  },
);

describe('untrusted content in errors', () => {
  it('sanitizes an error message built from Zammad data', async () => {
    sb.faults.add({
      path: /\/api\/v1\/tickets\/\d+$/,
      status: 422,
      body: {
        error: 'Invalid value \u202Eevil\u200B\x1b[2J for field',
        error_human: 'Invalid value \u202Eevil\u200B\x1b[2J for field',
      },
    });
    const r = await mcp.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 1 } });
    expect(r.isError).toBe(true);
    const text = textOf(r);
    expect(text).toContain('Invalid value evil for field');
    expect(findUnsafe(text)).toBeUndefined();
    sb.faults.clear();
  });
});
