/**
 * Lockdown's raw-header check (src/privacy/review.ts, docs/security.md §7): a customer's email
 * article that would be shown has its raw headers read (`/ticket_article_plain`, one request) and is
 * withheld when they show spoofing — a Return-Path at another domain, an Authentication-Results
 * failure. No raw source (204) keeps it shown; a failed read withholds it. Outside lockdown nothing
 * is fetched.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type TicketRecord } from '@zammad-mcp/sandbox';
import { connectInProcess, type InProcess } from './inprocess.js';

type Result = {
  content?: Array<{ type: string; text?: string }>;
  structuredContent?: unknown;
  isError?: boolean;
};

const seen = (r: Result): string =>
  [
    ...(r.content ?? []).map((c) => c.text ?? JSON.stringify(c)),
    JSON.stringify(r.structuredContent ?? null),
  ].join('\n');

const LOCKDOWN = { MCP_LOCKDOWN: 'true' };

let sb: Sandbox;
let t: TicketRecord;
const open: InProcess[] = [];
const ids: Record<'returnPath' | 'authFail' | 'clean' | 'noSource' | 'failing' | 'padded' | 'note', number> =
  {
    returnPath: 0,
    authFail: 0,
    clean: 0,
    noSource: 0,
    failing: 0,
    padded: 0,
    note: 0,
  };

/** A raw mail from the customer with the given trace headers. */
function rawMail(from: string, trace: string[], body: string): string {
  return [...trace, `From: ${from}`, 'To: support@helpdesk.example', 'Subject: Invoice', '', body, ''].join(
    '\r\n',
  );
}

beforeAll(async () => {
  sb = await startSandbox({ tickets: 10 });
  t = sb.store.tickets.get(3) as TicketRecord;
  const customer = sb.store.user(t.customer_id);
  if (!customer?.email) throw new Error('fixture: a customer with an address');
  const from = `${customer.firstname} ${customer.lastname} <${customer.email}>`;
  const domain = customer.email.slice(customer.email.indexOf('@') + 1);
  const add = (body: string, attachments: boolean): number =>
    sb.store.addArticle({
      ticket_id: t.id,
      type: 'email',
      sender: 'Customer',
      from,
      to: 'support@helpdesk.example',
      body,
      created_by_id: t.customer_id,
      attachments: attachments
        ? [{ filename: 'invoice.txt', mimeType: 'text/plain', data: Buffer.from('RP-FILE') }]
        : [],
    }).id;
  ids.returnPath = add('RP-BODY: pay to the new account', true);
  sb.store.rawMails.set(
    ids.returnPath,
    rawMail(from, ['Return-Path: <bounce@collector.example>'], 'RP-BODY: pay to the new account'),
  );
  ids.authFail = add('AUTH-BODY: urgent', false);
  sb.store.rawMails.set(
    ids.authFail,
    rawMail(
      from,
      [
        `Return-Path: <${customer.email}>`,
        `Authentication-Results: mx.helpdesk.example; spf=fail smtp.mailfrom=${domain}; dkim=none`,
      ],
      'AUTH-BODY: urgent',
    ),
  );
  ids.clean = add('CLEAN-BODY: still broken', false);
  sb.store.rawMails.set(
    ids.clean,
    rawMail(
      from,
      [
        `Return-Path: <${customer.email}>`,
        `Authentication-Results: mx.helpdesk.example; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass`,
      ],
      'CLEAN-BODY: still broken',
    ),
  );
  ids.noSource = add('NOSOURCE-BODY: created through the API', false);
  ids.failing = add('FAILING-BODY: hello', false);
  ids.padded = add('PADDED-BODY: hello', false);
  // A header block longer than the 64 KiB read: the Return-Path after it is never seen.
  sb.store.rawMails.set(
    ids.padded,
    rawMail(
      from,
      [`X-Pad: ${'a'.repeat(70 * 1024)}`, 'Return-Path: <bounce@collector.example>'],
      'PADDED-BODY: hello',
    ),
  );
  ids.note = sb.store.addArticle({
    ticket_id: t.id,
    type: 'note',
    sender: 'Agent',
    body: 'AGENT-BODY: checked',
    created_by_id: 3,
  }).id;
});
afterEach(() => sb.faults.clear());
afterAll(async () => {
  for (const c of open) await c.close();
  await sb.close();
});

async function connect(env: Record<string, string>): Promise<InProcess> {
  const c = await connectInProcess(sb, env);
  open.push(c);
  return c;
}

const article = async (c: InProcess, id: number): Promise<string> =>
  seen((await c.client.callTool({ name: 'get_ticket_article', arguments: { article_id: id } })) as Result);

/** The article ids of the raw-source requests since `mark`. */
const plainRequests = (mark: number): number[] =>
  sb.log
    .since(mark)
    .filter((x) => x.path.includes('/ticket_article_plain/'))
    .map((x) => Number(x.path.split('/').pop()));

describe('lockdown reads the raw headers of a customer’s email article', () => {
  it('a Return-Path at another domain withholds it, with the warning; its attachment cannot be downloaded', async () => {
    const c = await connect(LOCKDOWN);
    const text = await article(c, ids.returnPath);
    expect(text).not.toContain('RP-BODY');
    expect(text).toMatch(/withheld \(MCP_LOCKDOWN\): it shows spoofing signals/);
    expect(text).toMatch(/Possible spoofing: Return-Path domain collector\.example differs from From domain/);
    const att = sb.store.articles.get(ids.returnPath)?.attachments[0]?.id;
    const mark = sb.log.mark();
    const r = (await c.client.callTool({
      name: 'download_attachment',
      arguments: { ticket_id: t.id, article_id: ids.returnPath, attachment_id: att },
    })) as Result;
    expect(r.isError).toBe(true);
    expect(seen(r)).toMatch(
      /attachments of article \d+ are withheld \(MCP_LOCKDOWN\): it shows spoofing signals/,
    );
    expect(seen(r)).not.toContain('RP-FILE');
    expect(sb.log.since(mark).filter((x) => x.path.includes('/ticket_attachment/'))).toEqual([]);
  });

  it('an Authentication-Results spf=fail withholds it', async () => {
    const c = await connect(LOCKDOWN);
    const text = await article(c, ids.authFail);
    expect(text).not.toContain('AUTH-BODY');
    expect(text).toMatch(/withheld \(MCP_LOCKDOWN\): it shows spoofing signals/);
    expect(text).toMatch(/Authentication-Results: spf=fail/);
  });

  it('clean headers keep it shown, after one read of its raw source', async () => {
    const c = await connect(LOCKDOWN);
    const mark = sb.log.mark();
    const text = await article(c, ids.clean);
    expect(text).toContain('CLEAN-BODY');
    expect(text).not.toMatch(/Possible spoofing|withheld/);
    expect(plainRequests(mark)).toEqual([ids.clean]);
  });

  it('no raw source (204) keeps it shown', async () => {
    const c = await connect(LOCKDOWN);
    sb.faults.add({ path: `/api/v1/ticket_article_plain/${ids.noSource}`, status: 204 });
    const mark = sb.log.mark();
    const text = await article(c, ids.noSource);
    expect(text).toContain('NOSOURCE-BODY');
    expect(text).not.toMatch(/withheld/);
    expect(plainRequests(mark)).toEqual([ids.noSource]);
  });

  it('a failed read withholds it (fail closed)', async () => {
    const c = await connect(LOCKDOWN);
    sb.faults.add({
      path: `/api/v1/ticket_article_plain/${ids.failing}`,
      status: 500,
      body: { error: 'boom' },
      times: Infinity,
    });
    const text = await article(c, ids.failing);
    expect(text).not.toContain('FAILING-BODY');
    expect(text).toMatch(/withheld \(MCP_LOCKDOWN\): could not verify the sender's headers/);
  });

  it('a header block longer than the bytes read withholds it', async () => {
    const c = await connect(LOCKDOWN);
    const text = await article(c, ids.padded);
    expect(text).not.toContain('PADDED-BODY');
    expect(text).toMatch(/withheld \(MCP_LOCKDOWN\): could not verify the sender's headers/);
  });

  it('a ticket read makes at most one raw read per customer email article, none for the agent’s note', async () => {
    const c = await connect(LOCKDOWN);
    sb.faults.add({ path: `/api/v1/ticket_article_plain/${ids.noSource}`, status: 204 });
    const mark = sb.log.mark();
    const text = seen(
      (await c.client.callTool({
        name: 'get_ticket',
        arguments: { ticket_id: t.id, articles: 10, include_internal: true },
      })) as Result,
    );
    expect(text).not.toContain('RP-BODY');
    expect(text).not.toContain('AUTH-BODY');
    expect(text).toContain('CLEAN-BODY');
    expect(text).toContain('AGENT-BODY');
    const requested = plainRequests(mark);
    expect(new Set(requested).size).toBe(requested.length);
    expect(requested).not.toContain(ids.note);
    for (const id of [ids.returnPath, ids.authFail, ids.clean, ids.noSource, ids.failing, ids.padded])
      expect(requested).toContain(id);
    const customerEmails = [...sb.store.articles.values()]
      .filter((a) => a.ticket_id === t.id && a.type_id === 1 && a.created_by_id === t.customer_id)
      .map((a) => a.id);
    for (const id of requested) expect(customerEmails).toContain(id);
  });
});

describe('outside lockdown', () => {
  it('the same spoofed article is shown and no raw source is read', async () => {
    const c = await connect({});
    const mark = sb.log.mark();
    const text = await article(c, ids.returnPath);
    expect(text).toContain('RP-BODY');
    expect(plainRequests(mark)).toEqual([]);
  });
});
