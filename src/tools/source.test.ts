import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, Sandbox, TicketRecord } from '@zammad-mcp/sandbox';
import { startSandbox } from '@zammad-mcp/sandbox';
import { maskedNotFound, startHarness, type Harness } from '../../test/harness.js';
import { SANITIZER_CASES } from '../../test/fixtures/sanitizer-cases.js';
import { connectInProcess, type InProcess } from '../../test/inprocess.js';
import { textOf } from '../../test/mcp.js';
import { findUnsafe } from '../content/index.js';
import { getArticleSource, SOURCE_BYTES } from './tickets/source.js';

const PHISH = [
  'Return-Path: <bounce@mailer.evil-pay.example>',
  'Received: from mx.evil-pay.example (mx.evil-pay.example [203.0.113.9])',
  '\tby mx.helpdesk.example with ESMTP id 1; Mon, 15 Sep 2025 08:00:00 +0000',
  'Received: from [10.0.0.5] by mx.evil-pay.example; Mon, 15 Sep 2025 07:59:58 +0000',
  'Authentication-Results: mx.helpdesk.example; spf=fail smtp.mailfrom=evil-pay.example;',
  ' dkim=none; dmarc=fail (p=reject) header.from=paypal.com',
  'From: "PayPal Service" <service@PayPal.com>',
  'Reply-To: refunds@paypal-refunds.example',
  'To: support@helpdesk.example',
  'Subject: =?utf-8?Q?Your_refund_is_ready?=',
  'Message-ID: <x1@evil-pay.example>',
  'X-Spam-Status: Yes, score=7.5',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Click here to get your refund=21',
  '--b1',
  'Content-Type: text/html; name="refund.html"',
  'Content-Disposition: attachment; filename="refund.html"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('<html><body>form</body></html>').toString('base64'),
  '--b1--',
  '',
].join('\r\n');

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function emailArticle(sb: Sandbox, groupId?: number): ArticleRecord {
  const a = [...sb.store.articles.values()].find(
    (x) => x.type_id === 1 && (groupId === undefined || sb.store.ticket(x.ticket_id)?.group_id === groupId),
  );
  if (!a) throw new Error('no email article');
  return a;
}

describe('get_article_source', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('reads the headers of a planted phishing mail and warns in one line: the article and its source, 2 requests', async () => {
    const a = emailArticle(h.sandbox);
    h.sandbox.store.rawMails.set(a.id, PHISH);
    const mark = h.sandbox.log.mark();
    const out = await h.call(getArticleSource, { article_id: a.id });
    expect(h.sandbox.log.since(mark).map((x) => `${x.method} ${x.path}`)).toEqual([
      `GET /api/v1/ticket_articles/${a.id}`,
      `GET /api/v1/ticket_article_plain/${a.id}`,
    ]);
    const warning =
      'Possible spoofing: Reply-To domain paypal-refunds.example differs from From domain paypal.com; ' +
      'Return-Path domain evil-pay.example differs from From domain paypal.com; Authentication-Results: spf=fail, dmarc=fail.';
    const s = out.structured as Record<string, unknown> & { headers: Record<string, unknown> };
    expect(s['warning']).toBe(warning);
    expect(out.text).toContain(`WARNING: ${warning}`);
    expect(s.headers).toMatchObject({
      from: ['PayPal Service <service@PayPal.com>'],
      reply_to: ['<refunds@paypal-refunds.example>'],
      return_path: '<bounce@mailer.evil-pay.example>',
      subject: 'Your refund is ready',
      message_id: '<x1@evil-pay.example>',
      spam: [{ name: 'X-Spam-Status', value: 'Yes, score=7.5' }],
    });
    expect(s.headers['received']).toHaveLength(2);
    expect(out.text).toContain('Received (2 hops, newest first):\n  1. from mx.evil-pay.example');
    expect(s['body']).toBe('Click here to get your refund!');
    expect(s['attachments']).toEqual([{ filename: 'refund.html', mime_type: 'text/html', bytes: 30 }]);
    expect(s['source_bytes']).toBe(Buffer.byteLength(PHISH));
  });

  it('gives no warning for a consistent mail (the sandbox makes a source for seeded email articles)', async () => {
    const a = [...h.sandbox.store.articles.values()].find(
      (x) =>
        x.type_id === 1 &&
        x.sender_id === 2 &&
        !h.sandbox.store.rawMails.has(x.id) &&
        x.content_type === 'text/plain',
    ) as ArticleRecord;
    const out = await h.call(getArticleSource, { article_id: a.id });
    const s = out.structured as {
      warning?: string;
      headers: { from: string[]; received?: string[]; authentication_results?: string[] };
      body: string;
    };
    expect(s.warning).toBeUndefined();
    expect(s.headers.received).toHaveLength(1);
    expect(s.headers.authentication_results?.[0]).toMatch(/spf=pass .* dmarc=pass/);
    expect(out.text).not.toContain('WARNING');
    expect(s.headers.from.join()).toContain(/<([^>]+)>/.exec(a.from ?? '')?.[1] ?? a.from);
    expect(s.body).toBe(a.body.trim());
  });

  it('answers a note from its type alone (no source request) and reads the 204 Zammad gives', async () => {
    const note = [...h.sandbox.store.articles.values()].find((x) => x.type_id === 10) as ArticleRecord;
    const mark = h.sandbox.log.mark();
    const out = await h.call(getArticleSource, { article_id: note.id });
    expect(h.sandbox.log.since(mark).map((x) => x.path)).toEqual([`/api/v1/ticket_articles/${note.id}`]);
    expect(out.text).toBe(
      `Article ${note.id} (ticket ${note.ticket_id}) is a note article, not an email: it has no raw source. get_ticket_article shows it.`,
    );
    expect(out.structured).toEqual({ article_id: note.id, ticket_id: note.ticket_id, has_source: false });
    const raw = await h.zammad.articleSource(note.id, 1000);
    expect(raw).toEqual({ data: Buffer.alloc(0), truncated: false });
    expect(h.sandbox.log.since(mark).at(-1)?.status).toBe(204);
  });

  it('reads the first MiB of a huge source: headers parsed, no refusal, the connection dropped', async () => {
    const a = [...h.sandbox.store.articles.values()].filter((x) => x.type_id === 1)[3] as ArticleRecord;
    const big = PHISH;
    const filler = `${'z'.repeat(76)}\r\n`.repeat(Math.ceil((SOURCE_BYTES * 2) / 78));
    h.sandbox.store.rawMails.set(
      a.id,
      big.replace('--b1--', `--b1\r\nContent-Type: text/plain\r\n\r\n${filler}--b1--`),
    );
    const out = await h.call(getArticleSource, { article_id: a.id });
    const s = out.structured as { source_truncated?: boolean; source_bytes: number; warning?: string };
    expect(s.source_truncated).toBe(true);
    expect(s.source_bytes).toBe(SOURCE_BYTES);
    expect(s.warning).toContain('Reply-To domain paypal-refunds.example');
    expect(out.text).toContain('first 1.0 MB read');
  });

  it('keeps the headers of a mail nested past the parser bounds and says the body is not shown', async () => {
    const a = [...h.sandbox.store.articles.values()].filter((x) => x.type_id === 1)[5] as ArticleRecord;
    const depth = 80;
    let body = 'Content-Type: text/plain\r\n\r\ndeep\r\n';
    for (let i = depth; i > 0; i--)
      body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
    h.sandbox.store.rawMails.set(a.id, `From: a@example.com\r\nReply-To: b@elsewhere.example\r\n${body}`);
    const out = await h.call(getArticleSource, { article_id: a.id });
    expect(out.text).toContain('Body: not shown: its MIME structure nests deeper than this server reads.');
    expect((out.structured as { warning?: string }).warning).toBe(
      'Possible spoofing: Reply-To domain elsewhere.example differs from From domain example.com.',
    );
  });

  it('rejects a bad id before any request', async () => {
    const mark = h.sandbox.log.mark();
    await expect(h.call(getArticleSource, { article_id: 0 })).rejects.toThrow();
    await expect(h.call(getArticleSource, { article_id: 'x' })).rejects.toThrow();
    expect(h.sandbox.log.since(mark)).toEqual([]);
  });
});

describe('get_article_source under a group scope', () => {
  it('answers an article out of scope like a missing one, and fetches no source for it', async () => {
    const h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
    try {
      const sales = [...h.sandbox.store.groups.values()].find((g) => g.name === 'Sales');
      const outside = [...h.sandbox.store.articles.values()].find(
        (x) => x.type_id === 1 && h.sandbox.store.ticket(x.ticket_id)?.group_id !== sales?.id,
      ) as ArticleRecord;
      const mark = h.sandbox.log.mark();
      const hidden = await maskedNotFound(h.call(getArticleSource, { article_id: outside.id }));
      const missing = await maskedNotFound(h.call(getArticleSource, { article_id: 999_999 }));
      expect(hidden).toBe(missing);
      expect(h.sandbox.log.since(mark).some((x) => x.path.includes('ticket_article_plain'))).toBe(false);
      const inside = emailArticle(h.sandbox, sales?.id);
      const ok = await h.call(getArticleSource, { article_id: inside.id });
      expect((ok.structured as { has_source: boolean }).has_source).toBe(true);
    } finally {
      await h.close();
    }
  });
});

describe('get_article_source over MCP: planted attacks come back sanitized', () => {
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

  it('every sanitizer case, in the Subject, the From name, a Received hop and the body', async () => {
    const articles = [...sb.store.articles.values()].filter((x) => x.type_id === 1);
    for (const [i, c] of SANITIZER_CASES.entries()) {
      const a = articles[i % articles.length] as ArticleRecord;
      const t = sb.store.ticket(a.ticket_id) as TicketRecord;
      // A header value is one line: a case with line breaks goes only where encoded words carry them.
      // An HTML case is HTML only in the body: its headers carry a plain value.
      const head = c.html ? 'Plain' : c.input;
      const oneLine = /[\r\n\u0085\u2028\u2029\v\f]/.test(head) ? 'hop.example' : head;
      sb.store.rawMails.set(
        a.id,
        [
          `From: =?utf-8?B?${b64(head)}?= <x@example.com>`,
          `Subject: =?utf-8?B?${b64(head)}?=`,
          `Received: from ${oneLine} by mx.example; Mon, 15 Sep 2025 08:00:00 +0000`,
          `X-Spam-Report: ${oneLine}`,
          'MIME-Version: 1.0',
          `Content-Type: ${c.html ? 'text/html' : 'text/plain'}; charset=utf-8`,
          'Content-Transfer-Encoding: base64',
          '',
          b64(c.input),
          '',
        ].join('\r\n'),
      );
      const r = await mcp.client.callTool({ name: 'get_article_source', arguments: { article_id: a.id } });
      const text = textOf(r);
      expect(r.isError, `${c.name}: ${text}`).toBeFalsy();
      expect(findUnsafe(text), `${c.name} (text, ticket ${t.number})`).toBeUndefined();
      expect(findUnsafe(JSON.stringify(r.structuredContent)), `${c.name} (structured)`).toBeUndefined();
      const body = (r.structuredContent as { body?: string }).body ?? '';
      for (const bad of c.mustNotContain ?? []) {
        expect(text, c.name).not.toContain(bad);
        expect(body, c.name).not.toContain(bad);
      }
    }
  });
});
