/**
 * The hostile tickets (many large e-mails, one enormous article, HTML nested 100,000 deep, 5,000
 * articles on one ticket) read
 * over stdio and, 8 at once, over HTTP: no crash, no hang, nothing but JSON-RPC on stdout. With
 * the sandbox's generated bodies (addHostileTicket) the full sizes are used; without them
 * the bodies are real strings, smaller. Resident memory is printed, not asserted (bench figures).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { addHostile, FULL_SIZES, readHostile, sandboxHostile, type HostileSizes } from './chaos/hostile.js';
import { StdioPeer } from './chaos/peer.js';

const SIZES: HostileSizes = sandboxHostile
  ? { ...FULL_SIZES, articles: 5_000 }
  : { emails: 4, emailChars: 2_000_000, articleChars: 20_000_000, depth: 100_000, articles: 5_000 };
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ tickets: 20 });
});
afterAll(() => sb?.close());

describe(`hostile tickets (${sandboxHostile ? 'generated, full size' : 'strings, reduced size'})`, () => {
  it('are read over stdio and HTTP without a crash or a hang', { timeout: 300_000 }, async () => {
    const tickets = (['many-emails', 'huge-article', 'deep-html', 'many-articles'] as const).map((k) =>
      addHostile(sb, k, SIZES),
    );
    const f = await readHostile({ sb, tickets, http: true });
    console.log('chaos hostile', SIZES);
    console.table(
      f.reads.map((r) => ({
        ...r,
        ms: Math.round(r.ms),
        rssAfterMb: Math.round(r.rssAfterMb),
        message: r.message.slice(0, 60),
      })),
    );
    console.log({ ...f, reads: f.reads.length });
    expect(f.problems).toEqual([]);
    expect(f).toMatchObject({ crashes: 0, hangs: 0, nonJsonLines: 0 });
    // Every read answered with the ticket or a clear error: never an internal fault.
    expect(f.reads.filter((r) => r.outcome !== 'ok' && r.outcome !== 'error')).toEqual([]);
    expect(f.reads.filter((r) => /^Internal error/.test(r.message))).toEqual([]);
    expect(f.httpOutcomes).toEqual(Array.from({ length: 8 }, () => 'HTTP 200'));
  });
});

describe('an article with no readable text', () => {
  it(
    'is answered (an image-only e-mail, or HTML cut before its first word)',
    { timeout: 60_000 },
    async () => {
      const t = [...sb.store.tickets.values()][0];
      if (!t) throw new Error('no ticket');
      const a = sb.store.addArticle({
        ticket_id: t.id,
        body: '<p><img src="cid:logo"></p>',
        content_type: 'text/html',
        type: 'email',
        sender: 'Customer',
      });
      const peer = new StdioPeer({ ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token });
      try {
        await peer.initialize();
        for (const [name, args] of [
          ['get_ticket', { ticket_id: t.id }],
          ['get_ticket_article', { article_id: a.id }],
        ] as const) {
          const r = await peer.request({ id: name, method: 'tools/call', params: { name, arguments: args } });
          expect(
            r === 'hang' || r === 'exit' ? r : (r.result as { isError?: boolean }).isError,
            name,
          ).toBeFalsy();
        }
      } finally {
        await peer.stop();
      }
    },
  );
});
