import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './index.js';
import { api, asToken, obj } from './test-client.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const as = (who: 'admin' | 'agent' | 'customer') => api(sb, asToken(sb.credentials[who]));
const ids = (assets: unknown, model: string) => Object.keys(obj(obj(assets)[model] ?? {})).map(Number);

describe('knowledge base init and answer create', () => {
  it('init: editors see every answer, readers internal and published ones, others nothing', async () => {
    const editor = (await as('admin')('POST', '/knowledge_bases/init', {})).body;
    const reader = (await as('agent')('POST', '/knowledge_bases/init', {})).body;
    const drafts = [...sb.store.kbAnswers.values()].filter((a) => !a.internal_at && !a.published_at);
    const archived = [...sb.store.kbAnswers.values()].filter((a) => a.archived_at);
    expect(ids(editor, 'KnowledgeBaseAnswer')).toHaveLength(sb.store.kbAnswers.size);
    for (const a of [...drafts, ...archived]) expect(ids(reader, 'KnowledgeBaseAnswer')).not.toContain(a.id);
    expect(ids(reader, 'KnowledgeBaseLocale')).toEqual([1, 2]);
    expect(obj(obj(editor)['KnowledgeBaseCategoryTranslation'])['1001']).toMatchObject({
      title: 'Erste Schritte',
      kb_locale_id: 2,
      category_id: 1,
    });
    expect((await as('customer')('POST', '/knowledge_bases/init', {})).body).toEqual([]);
  });

  it('create: 201 with the draft and its content; readers 403; unknown category 404; blank title 422', async () => {
    const body = (category_id: unknown, title = 'T') => ({
      category_id,
      translations_attributes: [{ title, kb_locale_id: 2, content_attributes: { body: '<p>x</p>' } }],
    });
    const r = await as('admin')('POST', '/knowledge_bases/1/answers', body(2));
    expect(r.status).toBe(201);
    const id = obj(r.body)['id'] as number;
    const assets = obj(obj(r.body)['assets']);
    expect(obj(assets['KnowledgeBaseAnswer'])[String(id)]).toMatchObject({
      internal_at: null,
      published_at: null,
      archived_at: null,
      category_id: 2,
    });
    expect(obj(assets['KnowledgeBaseAnswerTranslation'])[String(id)]).toMatchObject({ kb_locale_id: 2 });
    expect(obj(assets['KnowledgeBaseAnswerTranslationContent'])[String(id)]).toMatchObject({
      body: '<p>x</p>',
    });
    expect((await as('agent')('POST', '/knowledge_bases/1/answers', body(2))).status).toBe(403);
    expect((await as('admin')('POST', '/knowledge_bases/1/answers', body(99))).status).toBe(404);
    const blank = await as('admin')('POST', '/knowledge_bases/1/answers', body(2, ' '));
    expect(blank.status).toBe(422);
  });

  it('GraphQL locales, outside /api/v1, without credentials', async () => {
    const res = await fetch(`${sb.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ locales(onlyActive: true) { id locale name } }' }),
    });
    expect(await res.json()).toEqual({
      data: {
        locales: [
          { id: 'gid://zammad/Locale/1', locale: 'en-us', name: 'English (United States)' },
          { id: 'gid://zammad/Locale/2', locale: 'de-de', name: 'Deutsch' },
          { id: 'gid://zammad/Locale/3', locale: 'fr-fr', name: 'Français' },
        ],
      },
    });
  });
});
