import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketRecord } from '@zammad-mcp/sandbox';
import { startHarness, writesSince as writes, type Harness } from '../../test/harness.js';
import { ZammadError } from '../zammad/errors.js';
import { checkAttachments, safeFilename } from './attachment-input.js';
import type { AnyTool } from './define.js';
import { createTicket } from './tickets/create.js';
import { addInternalNote, saveDraftReply } from './tickets/notes.js';

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

/** Every byte value, twice: what a text-only path would mangle. */
const BINARY = Buffer.from([...Array(512).keys()].map((i) => i % 256));
const file = (over: Record<string, unknown> = {}) => ({
  filename: 'dump.bin',
  mime_type: 'application/octet-stream',
  data: BINARY.toString('base64'),
  ...over,
});

function ticketIn(h: Harness, groupId: number): TicketRecord {
  const t = [...h.sandbox.store.tickets.values()].find((x) => x.group_id === groupId && x.state_id === 2);
  if (!t) throw new Error(`no open ticket in group ${groupId}`);
  return t;
}

/** The bytes Zammad serves for an attachment, through the product's own client. */
async function download(h: Harness, ticketId: number, articleId: number, id: number): Promise<Buffer> {
  const r = await h.zammad.http.request<Buffer>('GET', `/ticket_attachment/${ticketId}/${articleId}/${id}`, {
    binary: { maxBytes: 10_000_000 },
  });
  return r.body;
}

describe('attachment file names', () => {
  it('keeps the last part of a path and drops control, BiDi and zero-width characters and leading dots', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('C:\\Users\\x\\report.pdf')).toBe('report.pdf');
    expect(safeFilename('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(safeFilename('a\u200Bb\u0000c\r\nd.txt')).toBe('abc d.txt');
    expect(safeFilename('..hidden')).toBe('hidden');
    expect(safeFilename('  spaced   name .txt ')).toBe('spaced name .txt');
  });

  it('refuses a name with nothing usable left, before anything is decoded', () => {
    expect(() => checkAttachments([file({ filename: '../..' })])).toThrow(
      'attachments[0]: the file name "../.." has no usable characters; give a name such as report.pdf.',
    );
  });
});

describe('attachments on add_internal_note, create_ticket and save_draft_reply', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('add_internal_note: the exact POST, the safe name, and the same bytes downloaded back', async () => {
    const t = ticketIn(h, 1);
    const mark = h.sandbox.log.mark();
    const out = await h.call(addInternalNote, {
      ticket_id: t.id,
      body: 'Logs attached.',
      attachments: [file({ filename: '../../tmp/\u202Edump.bin' })],
    });
    const w = writes(h, mark);
    expect(w.map((x) => `${x.method} ${x.path}`)).toEqual(['POST /api/v1/ticket_articles']);
    expect(w[0]?.body).toEqual({
      ticket_id: t.id,
      body: 'Logs attached.',
      content_type: 'text/plain',
      type: 'note',
      sender: 'Agent',
      internal: true,
      attachments: [
        { filename: 'dump.bin', data: BINARY.toString('base64'), 'mime-type': 'application/octet-stream' },
      ],
    });
    const s = out.structured as { article_id: number; attachments: number };
    expect(s.attachments).toBe(1);
    expect(out.text).toContain('1 attachment (dump.bin)');
    const art = h.sandbox.store.articles.get(s.article_id);
    expect(art?.internal).toBe(true);
    const att = art?.attachments[0];
    expect(att?.filename).toBe('dump.bin');
    expect(att?.data.equals(BINARY)).toBe(true);
    const back = await download(h, t.id, s.article_id, att?.id ?? 0);
    expect(back.equals(BINARY)).toBe(true);
  });

  it('create_ticket: the files ride on the internal first article', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(createTicket, {
      title: 'Printer logs',
      group: 'Users',
      customer: 'sarah.kim@northwind-traders.example',
      body: 'Collected logs.',
      attachments: [
        file({ filename: 'a.txt', mime_type: 'text/plain', data: Buffer.from('alpha').toString('base64') }),
        file(),
      ],
    });
    const w = writes(h, mark);
    expect(w.map((x) => `${x.method} ${x.path}`)).toEqual(['POST /api/v1/tickets']);
    const article = (w[0]?.body as { article: Record<string, unknown> }).article;
    expect(article).toMatchObject({ type: 'note', internal: true });
    expect(article['attachments']).toEqual([
      { filename: 'a.txt', data: Buffer.from('alpha').toString('base64'), 'mime-type': 'text/plain' },
      { filename: 'dump.bin', data: BINARY.toString('base64'), 'mime-type': 'application/octet-stream' },
    ]);
    const id = (out.structured as { ticket: { id: number } }).ticket.id;
    const first = h.sandbox.store.articlesOf(id)[0];
    expect(first?.internal).toBe(true);
    expect(first?.attachments.map((x) => [x.filename, x.preferences['Mime-Type']])).toEqual([
      ['a.txt', 'text/plain'],
      ['dump.bin', 'application/octet-stream'],
    ]);
    const back = await download(h, id, first?.id ?? 0, first?.attachments[1]?.id ?? 0);
    expect(back.equals(BINARY)).toBe(true);
    expect((out.structured as { article: { attachments: number } }).article.attachments).toBe(2);
  });

  it('save_draft_reply: one upload per file into a fresh form, then the draft with that form_id; the agent sends the same bytes', async () => {
    const t = ticketIn(h, 1);
    h.sandbox.store.sharedDrafts.delete(t.id);
    const mark = h.sandbox.log.mark();
    const out = await h.call(saveDraftReply, {
      ticket_id: t.id,
      body: 'Please find the logs attached.',
      attachments: [file(), file({ filename: 'b.txt', mime_type: 'text/plain', data: 'YmV0YQ==' })],
    });
    const w = writes(h, mark);
    expect(w.map((x) => `${x.method} ${x.path.replace(/\/\d{13,15}$/, '/{form}')}`)).toEqual([
      'POST /api/v1/upload_caches/{form}',
      'POST /api/v1/upload_caches/{form}',
      `PUT /api/v1/tickets/${t.id}/shared_draft`,
    ]);
    const formId = /upload_caches\/(.+)$/.exec(w[0]?.path ?? '')?.[1];
    expect(formId).toMatch(/^\d{13,15}$/);
    expect(w[1]?.path).toBe(w[0]?.path);
    expect(w[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const uploaded = w[0]?.body as { File: { filename: string; contentType: string; data: Buffer } };
    expect(uploaded.File.filename).toBe('dump.bin');
    expect(uploaded.File.contentType).toBe('application/octet-stream');
    expect(Buffer.from(uploaded.File.data).equals(BINARY)).toBe(true);
    expect((w[2]?.body as { form_id: string }).form_id).toBe(formId);
    const draft = h.sandbox.store.sharedDrafts.get(t.id);
    expect(draft?.attachments?.map((x) => [x.filename, x.preferences['Content-Type']])).toEqual([
      ['dump.bin', 'application/octet-stream'],
      ['b.txt', 'text/plain'],
    ]);
    expect(draft?.attachments?.[0]?.data.equals(BINARY)).toBe(true);
    expect(out.structured).toMatchObject({ attachments: 2 });
    expect(out.text).toContain('2 attachments (dump.bin, b.txt)');

    // The agent opens the draft in Zammad (its files are copied into the reply form) and sends it.
    const sendForm = 'agent-form-1';
    await h.zammad.http.request('POST', `/tickets/${t.id}/shared_draft/import_attachments`, {
      body: { form_id: sendForm },
    });
    const sent = await h.zammad.http.request<{ id: number; attachments: Array<{ id: number }> }>(
      'POST',
      '/ticket_articles',
      { body: { ticket_id: t.id, body: 'Please find the logs attached.', type: 'email', form_id: sendForm } },
    );
    const back = await download(h, t.id, sent.body.id, sent.body.attachments[0]?.id ?? 0);
    expect(back.equals(BINARY)).toBe(true);
    expect(h.sandbox.store.uploadCaches.has(sendForm)).toBe(false);
  });

  it('replacing a draft without attachments drops the old files, as Zammad does', async () => {
    const t = ticketIn(h, 1);
    await h.call(saveDraftReply, { ticket_id: t.id, body: 'v1', replace: true, attachments: [file()] });
    expect(h.sandbox.store.sharedDrafts.get(t.id)?.attachments).toHaveLength(1);
    const mark = h.sandbox.log.mark();
    await h.call(saveDraftReply, { ticket_id: t.id, body: 'v2', replace: true });
    expect(writes(h, mark).map((x) => x.method)).toEqual(['PUT']);
    expect(writes(h, mark)[0]?.body).not.toHaveProperty('form_id');
    expect(h.sandbox.store.sharedDrafts.get(t.id)?.attachments).toEqual([]);
  });

  it('save_draft_reply uploads nothing when the draft is refused (existing draft, shared drafts off)', async () => {
    const t = ticketIn(h, 1);
    await h.call(saveDraftReply, { ticket_id: t.id, body: 'v1', replace: true });
    let mark = h.sandbox.log.mark();
    const exists = await failure(
      h.call(saveDraftReply, { ticket_id: t.id, body: 'v2', attachments: [file()] }),
    );
    expect(exists.message).toContain('already has a shared draft');
    expect(writes(h, mark)).toEqual([]);
    const group = h.sandbox.store.groups.get(t.group_id);
    if (!group) throw new Error('fixture');
    group.shared_drafts = false;
    h.zammad.reference.invalidate();
    try {
      mark = h.sandbox.log.mark();
      const off = await failure(
        h.call(saveDraftReply, { ticket_id: t.id, body: 'v2', replace: true, attachments: [file()] }),
      );
      expect(off.message).toContain('has shared drafts turned off');
      expect(writes(h, mark)).toEqual([]);
    } finally {
      group.shared_drafts = true;
      h.zammad.reference.invalidate();
    }
  });

  const tools: Array<[string, AnyTool, (t: TicketRecord) => Record<string, unknown>]> = [
    ['add_internal_note', addInternalNote, (t) => ({ ticket_id: t.id, body: 'x' })],
    ['save_draft_reply', saveDraftReply, (t) => ({ ticket_id: t.id, body: 'x', replace: true })],
    [
      'create_ticket',
      createTicket,
      () => ({ title: 'x', group: 'Users', customer: 'sarah.kim@northwind-traders.example', body: 'x' }),
    ],
  ];

  it.each(tools)(
    '%s refuses bad attachments with a clear error and sends nothing',
    async (_name, tool, base) => {
      const t = ticketIn(h, 1);
      const mark = h.sandbox.log.mark();
      const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
      const cases: Array<[unknown[], string | RegExp]> = [
        [
          [file({ filename: 'big.bin', data: big })],
          'attachments[0] (big.bin) is 1,048,577 bytes; at most 1 MB (1,048,576 bytes) per file, 5 files.',
        ],
        [[file({ data: 'not base64!' })], 'attachments[0] (dump.bin): data is not valid base64'],
        [[file(), file({ data: 'QUJD=' })], 'attachments[1] (dump.bin): data is not valid base64'],
        [[file({ filename: '/' })], 'has no usable characters'],
        [[file({ mime_type: 'text/html; charset=x' })], 'a MIME type such as application/pdf'],
        [[file({ mime_type: 'nonsense' })], 'a MIME type such as application/pdf'],
        [Array.from({ length: 6 }, () => file()), /at most 5|<=5/],
      ];
      for (const [attachments, message] of cases) {
        const e = await failure(h.call(tool, { ...base(t), attachments }));
        if (typeof message === 'string') expect(e.message).toContain(message);
        else expect(e.message).toMatch(message);
      }
      expect(h.sandbox.log.since(mark)).toEqual([]);
    },
  );

  it('a draft upload that times out reports an unknown outcome and is not sent again', async () => {
    const slow = await startHarness({ env: { ZAMMAD_TIMEOUT_MS: '1000' } });
    try {
      const t = ticketIn(slow, 1);
      slow.sandbox.store.sharedDrafts.delete(t.id);
      await slow.zammad.reference.get();
      slow.sandbox.faults.add({ method: 'POST', path: /\/upload_caches\//, delayMs: 1500 });
      const e = await failure(
        slow.call(saveDraftReply, { ticket_id: t.id, body: 'x', attachments: [file()] }),
      );
      expect(e).toBeInstanceOf(ZammadError);
      expect((e as ZammadError).kind).toBe('unknown_outcome');
      await slow.sandbox.faults.settled();
      expect(slow.sandbox.log.count({ method: 'POST', path: /\/upload_caches\// })).toBe(1);
      expect(slow.sandbox.log.count({ method: 'PUT' })).toBe(0);
      expect(slow.sandbox.store.sharedDrafts.has(t.id)).toBe(false);
    } finally {
      await slow.close();
    }
  });
});

describe('attachments under a group scope (MCP_ALLOWED_GROUPS=Sales)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
  });
  afterAll(() => h.close());

  it('a note or draft with files on an out-of-scope ticket answers like not found and sends nothing', async () => {
    const t = ticketIn(h, 3);
    const mark = h.sandbox.log.mark();
    for (const tool of [addInternalNote, saveDraftReply]) {
      const e = await failure(h.call(tool, { ticket_id: t.id, body: 'x', attachments: [file()] }));
      expect(e.name).toBe('NotFoundError');
      expect(e.message).toContain(`Ticket ${t.id} not found`);
    }
    expect(writes(h, mark)).toEqual([]);
    expect(h.sandbox.store.uploadCaches.size).toBe(0);
  });
});
