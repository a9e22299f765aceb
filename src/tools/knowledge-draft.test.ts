import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { connectInProcess } from '../../test/inprocess.js';
import { startHarness, type Harness } from '../../test/harness.js';
import { cleanHtml } from '../content/html-clean.js';
import type { ZammadError } from '../zammad/errors.js';
import { draftKnowledgeBaseAnswer as tool } from './knowledge-draft.js';

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

const creates = (h: Harness, mark: number) =>
  h.sandbox.log.since(mark).filter((x) => x.method === 'POST' && /\/answers$/.test(x.path));

describe('draft_knowledge_base_answer', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('creates an unpublished answer: the exact requests, the stored draft and the editor link', async () => {
    const before = h.sandbox.store.kbAnswers.size;
    const mark = h.sandbox.log.mark();
    const out = await h.call(tool, {
      title: 'Printer shows error E42',
      body: 'Turn it off and on.\n\n- Check the **cable**\n- Call support',
      category: 'getting started',
    });
    const log = h.sandbox.log.since(mark);
    expect(log.map((x) => `${x.method} ${x.path}`)).toEqual([
      'POST /api/v1/knowledge_bases/init',
      'POST /graphql',
      'POST /api/v1/knowledge_bases/1/answers',
    ]);
    expect(log[2]?.body).toEqual({
      category_id: 1,
      translations_attributes: [
        {
          title: 'Printer shows error E42',
          kb_locale_id: 1,
          content_attributes: {
            body: '<p>Turn it off and on.</p><ul><li>Check the <strong>cable</strong></li><li>Call support</li></ul>',
          },
        },
      ],
    });
    const s = out.structured as { answer_id: number; edit_url: string; state: string; locale: string };
    const a = h.sandbox.store.kbAnswers.get(s.answer_id);
    expect(h.sandbox.store.kbAnswers.size).toBe(before + 1);
    expect(a).toMatchObject({
      category_id: 1,
      kb_locale_id: 1,
      internal_at: null,
      published_at: null,
      archived_at: null,
      title: 'Printer shows error E42',
    });
    expect(s).toMatchObject({
      state: 'draft',
      locale: 'en-us',
      category: 'Getting started',
      knowledge_base_id: 1,
    });
    expect(s.edit_url).toBe(`${h.sandbox.url}/#knowledge_base/1/locale/en-us/answer/${s.answer_id}/edit`);
    expect(out.text).toContain('not published');
    expect(out.text).toContain(s.edit_url);
  });

  it('takes a category by its title in another locale, or by id, and writes in that locale', async () => {
    const mark = h.sandbox.log.mark();
    const de = await h.call(tool, {
      title: 'Drucker',
      body: 'Text',
      category: 'Erste Schritte',
      locale: 'DE-DE',
    });
    expect(creates(h, mark)[0]?.body).toMatchObject({
      category_id: 1,
      translations_attributes: [{ kb_locale_id: 2 }],
    });
    expect(de.structured).toMatchObject({ locale: 'de-de', category: 'Erste Schritte' });
    expect((de.structured as { edit_url: string }).edit_url).toContain('/locale/de-de/answer/');
    const byId = await h.call(tool, { title: 'Invoices', body: 'Text', category: 3 });
    expect(byId.structured).toMatchObject({ category: 'Billing & plans', locale: 'en-us' });
  });

  it('refuses an unknown category or locale with the valid ones, and creates nothing', async () => {
    const before = h.sandbox.store.kbAnswers.size;
    const mark = h.sandbox.log.mark();
    const cat = await failure(h.call(tool, { title: 'x', body: 'y', category: 'Gardening' }));
    expect(cat.message).toBe(
      'Unknown category "Gardening". Valid categories: "Getting started" (id 1), "Accounts & login" (id 2), "Billing & plans" (id 3), "Integrations & API" (id 4).',
    );
    const loc = await failure(h.call(tool, { title: 'x', body: 'y', category: 1, locale: 'fr-fr' }));
    expect(loc.message).toBe('Unknown locale "fr-fr". Valid locales of this knowledge base: en-us, de-de.');
    const id = await failure(h.call(tool, { title: 'x', body: 'y', category: 99 }));
    expect(id.message).toContain('Unknown category "99". Valid categories: "Getting started" (id 1)');
    expect(creates(h, mark)).toEqual([]);
    expect(h.sandbox.store.kbAnswers.size).toBe(before);
  });

  it('refuses an empty body or a bad locale code before any request', async () => {
    const mark = h.sandbox.log.mark();
    const empty = await failure(h.call(tool, { title: 'x', body: ' \n\t\u200B\n', category: 1 }));
    expect(empty.message).toBe('body is empty: give the answer text (at most 100,000 characters).');
    const code = await failure(h.call(tool, { title: 'x', body: 'y', category: 1, locale: 'en_US; drop' }));
    expect(code.message).toContain('a locale code such as en-us');
    expect(h.sandbox.log.since(mark)).toEqual([]);
  });

  it('stores hostile text as text: no script, no remote image, no event handler', async () => {
    const mark = h.sandbox.log.mark();
    const body =
      '<script>fetch("//evil")</script>\n\n<img src="https://evil.example/p.png" onerror="alert(1)">\n\n' +
      '![x](https://evil.example/t.png) [go](javascript:alert(1)) **<b onclick=x>hi</b>**';
    const out = await h.call(tool, { title: '<b>Title</b>\u202E\u200B  two', body, category: 1 });
    expect(h.sandbox.store.kbAnswers.get((out.structured as { answer_id: number }).answer_id)?.title).toBe(
      '<b>Title</b> two',
    );
    const sent = (
      creates(h, mark)[0]?.body as {
        translations_attributes: Array<{ content_attributes: { body: string } }>;
      }
    ).translations_attributes[0]?.content_attributes.body;
    const stored = h.sandbox.store.kbAnswers.get((out.structured as { answer_id: number }).answer_id)?.body;
    expect(stored).toBe(sent);
    expect(stored).not.toMatch(/<(script|img|a|b)\b/i);
    expect(stored).not.toMatch(/<[^>]*\s(on\w+|src|href)=/i);
    expect(stored).toContain('&lt;script&gt;');
    expect(cleanHtml(stored ?? '').removed).toEqual([]);
  });

  it('says so when Zammad reports the new answer as anything but a draft', async () => {
    const at = '2025-09-15T09:30:00.000Z';
    h.sandbox.faults.add({
      method: 'POST',
      path: '/api/v1/knowledge_bases/1/answers',
      status: 201,
      body: {
        id: 9001,
        assets: { KnowledgeBaseAnswer: { '9001': { id: 9001, internal_at: at, published_at: at } } },
      },
    });
    const out = await h.call(tool, { title: 'x', body: 'y', category: 1 });
    expect(out.structured).toMatchObject({ answer_id: 9001, state: 'published' });
    expect(out.text).not.toContain('not published');
    expect(out.text).toContain("Zammad reports it as published, not a draft: check the answer's visibility");
  });

  it('a create that times out is an unknown outcome, sent once; a slow init is a plain timeout with no create', async () => {
    const slow = await startHarness({ env: { ZAMMAD_TIMEOUT_MS: '1000' } });
    try {
      slow.sandbox.faults.add({ method: 'POST', path: '/api/v1/knowledge_bases/1/answers', delayMs: 1500 });
      const e = await failure(slow.call(tool, { title: 'x', body: 'y', category: 1 }));
      expect((e as ZammadError).kind).toBe('unknown_outcome');
      await slow.sandbox.faults.settled();
      expect(slow.sandbox.log.count({ method: 'POST', path: '/api/v1/knowledge_bases/1/answers' })).toBe(1);

      slow.sandbox.faults.add({ method: 'POST', path: '/api/v1/knowledge_bases/init', delayMs: 1500 });
      const mark = slow.sandbox.log.mark();
      const t = await failure(slow.call(tool, { title: 'x', body: 'y', category: 1 }));
      expect((t as ZammadError).kind).toBe('timeout');
      await slow.sandbox.faults.settled();
      expect(slow.sandbox.log.since(mark).filter((x) => /\/answers$/.test(x.path))).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  it('without GraphQL (a proxy serving /api only) it still drafts in the primary locale and links the knowledge base', async () => {
    h.sandbox.faults.add({ method: 'POST', path: '/graphql', status: 404, body: 'Not Found', times: 2 });
    const out = await h.call(tool, { title: 'Fallback', body: 'Text', category: 2 });
    expect(out.structured).toMatchObject({ locale: 'kb locale 1', category: 'Accounts & login' });
    expect((out.structured as { edit_url: string }).edit_url).toBe(`${h.sandbox.url}/#knowledge_base/1`);
    expect(out.text).toContain(
      `(answer ${(out.structured as { answer_id: number }).answer_id} in "Accounts & login")`,
    );
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(tool, { title: 'x', body: 'y', category: 2, locale: 'de-de' }));
    expect(e.message).toContain('Leave locale out to write in the primary locale.');
    expect(creates(h, mark)).toEqual([]);
  });

  it("holds none of a large knowledge base's answers: 3,000 answers under a 64 KiB response limit", async () => {
    const big = await startHarness({ env: { ZAMMAD_MAX_RESPONSE_BYTES: '65536' } });
    try {
      const tmpl = big.sandbox.store.kbAnswers.get(1);
      if (!tmpl) throw new Error('fixture');
      for (let i = 0; i < 3000; i++) {
        const id = big.sandbox.store.nextId('kbAnswer');
        big.sandbox.store.kbAnswers.set(id, { ...tmpl, id, title: `Answer ${i} ${'x'.repeat(100)}` });
      }
      const out = await big.call(tool, { title: 'New', body: 'Text', category: 2 });
      expect(out.structured).toMatchObject({ category: 'Accounts & login', state: 'draft' });
    } finally {
      await big.close();
    }
  });
});

describe('draft_knowledge_base_answer: permissions and policy', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(() => sb.close());

  it('an account without knowledge_base.editor gets a clear refusal and nothing is created', async () => {
    const h = await startHarness({ as: 'agent' });
    try {
      const before = h.sandbox.store.kbAnswers.size;
      const e = await failure(h.call(tool, { title: 'x', body: 'y', category: 1 }));
      expect(e.message).toContain('needs the knowledge_base.editor permission');
      expect(h.sandbox.store.kbAnswers.size).toBe(before);
    } finally {
      await h.close();
    }
  });

  it('exists only with MCP_ALLOW_WRITE=true; without it the call is refused with no request to Zammad', async () => {
    const off = await connectInProcess(sb);
    const mark = sb.log.mark();
    expect((await off.client.listTools()).tools.map((t) => t.name)).not.toContain(tool.name);
    await expect(
      off.client.callTool({ name: tool.name, arguments: { title: 'x', body: 'y', category: 1 } }),
    ).rejects.toThrow(`Tool ${tool.name} not found`);
    expect(sb.log.since(mark)).toEqual([]);
    await off.close();
    const on = await connectInProcess(sb, { MCP_ALLOW_WRITE: 'true' });
    const listed = (await on.client.listTools()).tools.find((t) => t.name === tool.name);
    // Not read-only (the specification's default, left out of tools/list), not destructive.
    expect(listed?.annotations?.readOnlyHint ?? false).toBe(false);
    expect(listed?.annotations?.destructiveHint).toBe(false);
    expect(listed?.description).toContain('never publishes, archives or deletes');
    await on.close();
  });
});
