import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeneratedText } from './generated.js';
import { addHostileTicket } from './hostile.js';
import { startSandbox, type Sandbox } from './index.js';
import { api, arr, asToken, obj } from './test-client.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ tickets: 20 });
});
afterAll(async () => {
  await sb.close();
});

const admin = () => api(sb, asToken(sb.credentials.admin));

describe('articles by ticket, and hostile tickets', () => {
  it('by_ticket?full=true lists every visible id but holds only the last article, as Zammad does', async () => {
    const t = [...sb.store.tickets.values()].find((x) => sb.store.articlesOf(x.id).length >= 3);
    if (!t) throw new Error('fixture');
    const ids = sb.store.articlesOf(t.id).map((a) => a.id);
    const r = obj((await admin()('GET', `/ticket_articles/by_ticket/${t.id}?full=true`)).body);
    expect(r['record_ids']).toEqual(ids);
    const assets = obj(r['assets']);
    expect(Object.keys(obj(assets['TicketArticle']))).toEqual([String(ids[ids.length - 1])]);
    expect(Object.keys(obj(assets['Ticket']))).toEqual([String(t.id)]);
  });

  it('streams a generated body exactly, with a correct Content-Length, and holds only its prefix', async () => {
    const h = addHostileTicket(sb.store, 'many-emails', { emails: 2, emailChars: 300_001 });
    const res = await admin()('GET', `/ticket_articles/by_ticket/${h.ticket.id}`);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.text));
    const list = arr(res.body);
    expect(list.map((a) => (a['body'] as string).length)).toEqual([300_001, 300_001]);
    h.bodies.forEach((b, i) => expect(list[i]?.['body']).toBe(b.slice(0, b.length)));
    expect(h.articles.map((a) => a.body.length)).toEqual([2000, 2000]);
    expect(h.bodies.map((b) => b.sent)).toEqual([
      { complete: 1, aborted: 0 },
      { complete: 1, aborted: 0 },
    ]);
  });

  it('slices a generated text as String.prototype.slice would', () => {
    const g = new GeneratedText([
      { unit: 'abc', repeat: 5 },
      { unit: 'é😀', repeat: 3 },
    ]);
    const whole = 'abc'.repeat(5) + 'é😀'.repeat(3);
    expect(g.length).toBe(whole.length);
    for (const [s, e] of [
      [0, 3],
      [2, 16],
      [14, 24],
      [5, 5],
      [16, 100],
    ] as const)
      expect(g.slice(s, e)).toBe(whole.slice(s, e));
  });
});
