import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskedNotFound as masked, startHarness, type Harness } from '../../test/harness.js';
import type { ArticleRecord, TicketRecord } from '@zammad-mcp/sandbox';
import { getTicketArticle, listTicketArticles } from './tickets/articles.js';
import { downloadAttachment } from './tickets/attachments.js';

function ticketsWith(h: Harness, pred: (t: TicketRecord, arts: ArticleRecord[]) => boolean): TicketRecord[] {
  const s = h.sandbox.store;
  return [...s.tickets.values()].filter((t) => pred(t, s.articlesOf(t.id)));
}

function attachmentOfType(
  h: Harness,
  type: string,
): { ticket: number; article: number; attachment: number; size: number } {
  for (const a of h.sandbox.store.articles.values()) {
    for (const x of a.attachments) {
      if (x.preferences['Content-Type'] === type)
        return { ticket: a.ticket_id, article: a.id, attachment: x.id, size: x.data.length };
    }
  }
  throw new Error(`no ${type} attachment in the seed`);
}

describe('article tools', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.zammad.reference.get();
  });
  afterAll(() => h.close());

  it('lists the articles of a ticket by id in one request', async () => {
    const t = ticketsWith(h, (_t, a) => a.length >= 3)[0] as TicketRecord;
    const all = h.sandbox.store.articlesOf(t.id);
    const mark = h.sandbox.log.mark();
    const out = await h.call(listTicketArticles, { ticket_id: t.id, limit: 2 });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    const s = out.structured as { articles: Array<{ id: number }>; total: number; next_offset?: number };
    expect(s.total).toBe(all.length);
    expect(s.articles.map((x) => x.id)).toEqual(all.slice(0, 2).map((x) => x.id));
    expect(s.next_offset).toBe(2);
    expect(out.text).toContain(
      `Articles 1–2 of ${all.length} of ticket ${t.id}, oldest first (more: offset=2)`,
    );
    expect(out.text).not.toMatch(/null|undefined/);
  });

  it('pages newest first and leaves internal notes out when asked', async () => {
    const t = ticketsWith(
      h,
      (_t, a) => a.some((x) => x.internal) && a.some((x) => !x.internal),
    )[0] as TicketRecord;
    const all = h.sandbox.store.articlesOf(t.id);
    const out = await h.call(listTicketArticles, { ticket_id: t.id, order: 'newest', limit: 50 });
    const ids = (out.structured as { articles: Array<{ id: number }> }).articles.map((x) => x.id);
    expect(ids).toEqual(all.map((x) => x.id).reverse());
    const pub = await h.call(listTicketArticles, { ticket_id: t.id, include_internal: false, limit: 50 });
    const s = pub.structured as { articles: Array<{ internal: boolean }>; total: number };
    expect(s.total).toBe(all.filter((x) => !x.internal).length);
    expect(s.articles.every((x) => !x.internal)).toBe(true);
    expect(pub.text).not.toContain('INTERNAL');
  });

  it('resolves a ticket number with one more request', async () => {
    const t = ticketsWith(h, (_t, a) => a.length >= 1)[0] as TicketRecord;
    const mark = h.sandbox.log.mark();
    const out = await h.call(listTicketArticles, { ticket_number: t.number });
    expect(h.sandbox.log.since(mark).length).toBe(2);
    expect((out.structured as { ticket_id: number }).ticket_id).toBe(t.id);
  });

  it('answers not found with the id/number hint, and refuses both or neither reference', async () => {
    await expect(h.call(listTicketArticles, { ticket_id: 999_999 })).rejects.toThrow(
      /Ticket 999999 not found\. `ticket_id` is the internal id/,
    );
    await expect(h.call(listTicketArticles, { ticket_number: '999999' })).rejects.toThrow(
      /Ticket number 999999 not found/,
    );
    await expect(h.call(listTicketArticles, {})).rejects.toThrow(/exactly one of ticket_id or ticket_number/);
    await expect(h.call(listTicketArticles, { ticket_id: 1, ticket_number: '31001' })).rejects.toThrow(
      /exactly one of ticket_id or ticket_number/,
    );
  });

  it('reads one article in full, in one request, and continues a long body from an offset', async () => {
    const t = ticketsWith(h, (_t, a) => a.length >= 1)[0] as TicketRecord;
    const body = Array.from({ length: 2000 }, (_, i) => `Line ${i} of a long diagnostic message.`).join('\n');
    const art = h.sandbox.store.addArticle({ ticket_id: t.id, body, internal: true, created_by_id: 3 });
    const mark = h.sandbox.log.mark();
    const out = await h.call(getTicketArticle, { article_id: art.id });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    const a = out.structured as { article: { body: string; body_length: number; body_truncated?: boolean } };
    expect(a.article.body_truncated).toBe(true);
    expect(a.article.body_length).toBe(body.length);
    const next = a.article.body.length;
    expect(out.text).toContain(`get_ticket_article article_id=${art.id} offset=${next}`);
    const rest = await h.call(getTicketArticle, { article_id: art.id, offset: next });
    const restBody = (rest.structured as { article: { body: string; body_offset?: number } }).article;
    expect(restBody.body_offset).toBe(next);
    expect(restBody.body.length).toBeGreaterThan(0);
    expect(body.slice(next).startsWith(restBody.body)).toBe(true);
    await expect(h.call(getTicketArticle, { article_id: art.id, offset: body.length + 5 })).rejects.toThrow(
      /past the end/,
    );
  });

  it('keeps the quoted history that lists drop', async () => {
    const t = ticketsWith(h, (_t, a) => a.length >= 1)[0] as TicketRecord;
    const body =
      'Thanks, that worked.\n\nOn Mon, Jan 6, 2025 Jane wrote:\n> first line\n> second line\n> third line';
    const art = h.sandbox.store.addArticle({
      ticket_id: t.id,
      body,
      type: 'email',
      sender: 'Customer',
      created_by_id: t.customer_id,
    });
    const one = await h.call(getTicketArticle, { article_id: art.id });
    expect(one.text).toContain('> third line');
    const list = await h.call(listTicketArticles, { ticket_id: t.id, order: 'newest', limit: 1 });
    expect(list.text).not.toContain('> third line');
    expect(list.text).toContain('quoted lines omitted');
  });

  it('answers not found for an unknown article', async () => {
    await expect(h.call(getTicketArticle, { article_id: 999_999 })).rejects.toThrow(
      'Article 999999 not found.',
    );
  });

  it('returns an image attachment as image content, after two requests', async () => {
    const png = attachmentOfType(h, 'image/png');
    const mark = h.sandbox.log.mark();
    const out = await h.call(downloadAttachment, {
      ticket_id: png.ticket,
      article_id: png.article,
      attachment_id: png.attachment,
    });
    expect(h.sandbox.log.since(mark).length).toBe(2);
    expect(out.extra?.[0]).toMatchObject({ type: 'image', mimeType: 'image/png' });
    const img = out.extra?.[0] as { data: string };
    expect(Buffer.from(img.data, 'base64').length).toBe(png.size);
    expect(out.text).not.toContain(img.data.slice(0, 16));
    expect(out.structured).toMatchObject({
      delivered_as: 'image',
      content_type: 'image/png',
      size: png.size,
    });
  });

  it('returns a text attachment as text', async () => {
    const log = attachmentOfType(h, 'text/plain');
    const out = await h.call(downloadAttachment, {
      ticket_id: log.ticket,
      article_id: log.article,
      attachment_id: log.attachment,
    });
    const file = h.sandbox.store.articles.get(log.article)?.attachments.find((x) => x.id === log.attachment);
    expect(out.extra).toBeUndefined();
    expect(out.text).toContain(file?.data.toString('utf8').split('\n')[0] ?? '∅');
    expect(out.structured).toMatchObject({ delivered_as: 'text' });
  });

  it('refuses a pdf unless MCP_ATTACHMENT_TYPES allows it, without downloading it', async () => {
    const pdf = attachmentOfType(h, 'application/pdf');
    const args = { ticket_id: pdf.ticket, article_id: pdf.article, attachment_id: pdf.attachment };
    const mark = h.sandbox.log.mark();
    await expect(h.call(downloadAttachment, args)).rejects.toThrow(/application\/pdf.*MCP_ATTACHMENT_TYPES/);
    const seen = h.sandbox.log.since(mark);
    expect(seen.length).toBe(1);
    expect(seen.some((r) => r.path.includes('/ticket_attachment/'))).toBe(false);

    const h2 = await startHarness({ env: { MCP_ATTACHMENT_TYPES: 'application/pdf' } });
    try {
      const out = await h2.call(downloadAttachment, args);
      expect(out.extra?.[0]).toMatchObject({
        type: 'resource',
        resource: {
          uri: `zammad://attachment/${pdf.ticket}/${pdf.article}/${pdf.attachment}`,
          mimeType: 'application/pdf',
        },
      });
      const blob = (out.extra?.[0] as { resource: { blob: string } }).resource.blob;
      expect(Buffer.from(blob, 'base64').subarray(0, 4).toString()).toBe('%PDF');
    } finally {
      await h2.close();
    }
  });

  it('refuses an attachment over the size limit from its metadata, with no download request', async () => {
    const png = attachmentOfType(h, 'image/png');
    const h2 = await startHarness({ env: { MCP_ATTACHMENT_MAX_BYTES: '1024' } });
    try {
      const rec = h2.sandbox.store.articles
        .get(png.article)
        ?.attachments.find((x) => x.id === png.attachment);
      if (!rec) throw new Error('no attachment');
      rec.size = '5242880';
      const mark = h2.sandbox.log.mark();
      await expect(
        h2.call(downloadAttachment, {
          ticket_id: png.ticket,
          article_id: png.article,
          attachment_id: png.attachment,
        }),
      ).rejects.toThrow(
        /5\.0 MB \(5242880 bytes\), over this server's limit of 1 KB \(1024 bytes, MCP_ATTACHMENT_MAX_BYTES\)/,
      );
      const seen = h2.sandbox.log.since(mark);
      expect(seen.length).toBe(1);
      expect(seen.some((r) => r.path.includes('/ticket_attachment/'))).toBe(false);
    } finally {
      await h2.close();
    }
  });

  it('answers not found for an unknown attachment or an article of another ticket', async () => {
    const png = attachmentOfType(h, 'image/png');
    await expect(
      h.call(downloadAttachment, { ticket_id: png.ticket, article_id: png.article, attachment_id: 999_999 }),
    ).rejects.toThrow(/Attachment 999999 not found on article/);
    const other = [...h.sandbox.store.tickets.keys()].find((id) => id !== png.ticket) as number;
    await expect(
      h.call(downloadAttachment, {
        ticket_id: other,
        article_id: png.article,
        attachment_id: png.attachment,
      }),
    ).rejects.toThrow(`Article ${png.article} not found on ticket ${other}.`);
  });
});

describe('article tools under a group scope', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
  });
  afterAll(() => h.close());

  it('answers a ticket of another group exactly like a missing one', async () => {
    const s = h.sandbox.store;
    const sales = s.byName(s.groups, 'Sales')?.id;
    const other = [...s.tickets.values()].find(
      (t) => t.group_id !== sales && s.articlesOf(t.id).length > 0,
    ) as TicketRecord;
    const inScope = [...s.tickets.values()].find(
      (t) => t.group_id === sales && s.articlesOf(t.id).length > 0,
    ) as TicketRecord;
    const hidden = await masked(h.call(listTicketArticles, { ticket_id: other.id }));
    const missing = await masked(h.call(listTicketArticles, { ticket_id: 999_999 }));
    expect(hidden).toBe(missing);
    expect(await masked(h.call(listTicketArticles, { ticket_number: other.number }))).toBe(
      await masked(h.call(listTicketArticles, { ticket_number: '999999' })),
    );
    const art = s.articlesOf(other.id)[0] as ArticleRecord;
    expect(await masked(h.call(getTicketArticle, { article_id: art.id }))).toBe(
      await masked(h.call(getTicketArticle, { article_id: 999_999 })),
    );
    const ok = await h.call(listTicketArticles, { ticket_id: inScope.id });
    expect((ok.structured as { total: number }).total).toBe(s.articlesOf(inScope.id).length);
    const one = await h.call(getTicketArticle, {
      article_id: (s.articlesOf(inScope.id)[0] as ArticleRecord).id,
    });
    expect((one.structured as { article: { ticket_id: number } }).article.ticket_id).toBe(inScope.id);
  });

  it('refuses an attachment of another group like a missing article', async () => {
    const s = h.sandbox.store;
    const sales = s.byName(s.groups, 'Sales')?.id;
    for (const a of s.articles.values()) {
      const t = s.tickets.get(a.ticket_id);
      const att = a.attachments[0];
      if (!t || t.group_id === sales || !att) continue;
      const hidden = await masked(
        h.call(downloadAttachment, { ticket_id: t.id, article_id: a.id, attachment_id: att.id }),
      );
      const missing = await masked(
        h.call(downloadAttachment, { ticket_id: t.id, article_id: 999_999, attachment_id: att.id }),
      );
      expect(hidden).toBe(missing);
      return;
    }
    throw new Error('no attachment outside Sales');
  });
});

describe('article tools with a customer token', () => {
  it('never shows internal notes to a customer', async () => {
    const h = await startHarness({ as: 'customer' });
    try {
      const s = h.sandbox.store;
      const me = await h.zammad.me();
      const own = [...s.tickets.values()].filter(
        (t) => t.customer_id === me.id && s.articlesOf(t.id).some((a) => a.internal),
      );
      expect(own.length).toBeGreaterThan(0);
      for (const t of own) {
        const out = await h.call(listTicketArticles, { ticket_id: t.id, limit: 50 });
        const arts = (out.structured as { articles: Array<{ internal: boolean }> }).articles;
        expect(arts.every((a) => !a.internal)).toBe(true);
        expect(out.text).not.toContain('INTERNAL');
        const internal = s.articlesOf(t.id).find((a) => a.internal) as ArticleRecord;
        await expect(h.call(getTicketArticle, { article_id: internal.id })).rejects.toThrow(
          `Article ${internal.id} not found.`,
        );
      }
    } finally {
      await h.close();
    }
  });
});
