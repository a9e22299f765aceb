import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { ZammadClient } from './client.js';
import { ZammadHttp } from './http.js';

let sb: Sandbox;
let c: ZammadClient;
beforeAll(async () => {
  sb = await startSandbox();
  const apiUrl = `${sb.url}/api/v1`;
  const auth = { kind: 'token' as const, token: sb.credentials.admin.token };
  const http = new ZammadHttp({
    apiUrl,
    auth,
    timeoutMs: 5000,
    maxRetries: 2,
    maxConcurrency: 8,
    retryBaseMs: 10,
  });
  c = new ZammadClient(
    { apiUrl, auth, timeoutMs: 5000, maxRetries: 2, maxConcurrency: 8, cacheTtlMs: 60_000 },
    http,
  );
});
afterAll(async () => {
  await sb.close();
});

describe('reads sent as POST, files, and paths outside the API', () => {
  it('retries a read-only POST (knowledge base search) after a 503, as it would a GET', async () => {
    sb.faults.add({ method: 'POST', path: '/api/v1/knowledge_bases/search', status: 503 });
    const mark = sb.log.mark();
    const r = await c.kbSearchAnswers('password', 5);
    expect(r.details.length).toBeGreaterThan(0);
    expect(sb.log.since(mark).map((x) => x.status)).toEqual([503, 200]);
  });

  it('reads the knowledge base structure without its answers, and locale codes from /graphql', async () => {
    const assets = await c.knowledge.kbStructure();
    expect(Object.keys(assets['KnowledgeBaseCategory'] ?? {})).toEqual(['1', '2', '3', '4']);
    expect(assets['KnowledgeBaseAnswer']).toEqual({});
    expect(assets['KnowledgeBaseAnswerTranslation']).toEqual({});
    expect(assets['KnowledgeBase']?.['1']).not.toHaveProperty('answer_ids');
    const mark = sb.log.mark();
    expect(await c.knowledge.systemLocales()).toEqual([
      { id: 1, locale: 'en-us', name: 'English (United States)' },
      { id: 2, locale: 'de-de', name: 'Deutsch' },
      { id: 3, locale: 'fr-fr', name: 'Français' },
    ]);
    expect(sb.log.since(mark).map((x) => `${x.method} ${x.path}`)).toEqual(['POST /graphql']);
  });

  it('uploads a file as multipart, byte for byte, with a quote or line break in its name encoded', async () => {
    const data = Buffer.from([0, 255, 13, 10, 45, 45, 1]);
    const mark = sb.log.mark();
    const r = await c.uploadToCache('424242', {
      filename: 'a"b\r\nc.bin',
      contentType: 'application/x-test',
      data,
    });
    expect(r.filename).toBe('a%22b%0D%0Ac.bin');
    const sent = sb.log.since(mark)[0];
    expect(sent?.headers['content-type']).toMatch(
      /^multipart\/form-data; boundary=----zammad-mcp-[0-9a-f]{24}$/,
    );
    const f = sb.store.uploadCaches.get('424242')?.[0];
    expect(f?.data.equals(data)).toBe(true);
    expect(f?.preferences['Content-Type']).toBe('application/x-test');
  });
});
