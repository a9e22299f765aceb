import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/harness.js';
import type { KbAnswerRecord } from '@zammad-mcp/sandbox';
import {
  answerRefFromUrl,
  getKnowledgeBaseAnswer,
  searchKnowledgeBase,
  searchTextModules,
} from './knowledge.js';

describe('knowledge tools', () => {
  let h: Harness;
  let answer: KbAnswerRecord;
  beforeAll(async () => {
    h = await startHarness();
    await h.zammad.reference.get();
    answer = [...h.sandbox.store.kbAnswers.values()].find(
      (a) => a.title === 'Resetting your password',
    ) as KbAnswerRecord;
  });
  afterAll(() => h.close());

  it('reads answer ids from agent and public URLs', () => {
    expect(answerRefFromUrl('/api/v1/knowledge_bases/1/answers/12?include_contents=30')).toEqual({
      kb: 1,
      answer: 12,
    });
    expect(answerRefFromUrl('/help/en-us/2-accounts-login/12-resetting-your-password')).toEqual({
      answer: 12,
    });
    expect(answerRefFromUrl('https://x.example/help/en-us/2-a/7')).toEqual({ answer: 7 });
    expect(answerRefFromUrl(undefined)).toBeUndefined();
  });

  it('searches the knowledge base in one request, with answer ids and plain-text excerpts', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(searchKnowledgeBase, { query: 'password' });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    const hits = (
      out.structured as {
        answers: Array<{ answer_id?: number; title: string; category?: string; excerpt?: string }>;
      }
    ).answers;
    const hit = hits.find((x) => x.answer_id === answer.id);
    expect(hit).toMatchObject({ category: 'Accounts & login' });
    expect(hit?.title).toContain('Resetting your password');
    expect(out.text).toContain(`answer ${answer.id} · `);
    expect(out.text).not.toMatch(/<\/?(p|b|code|em)>/);
  });

  it('reads one answer as text (at most two requests)', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(getKnowledgeBaseAnswer, { answer_id: answer.id });
    expect(h.sandbox.log.since(mark).length).toBeLessThanOrEqual(2);
    expect(out.structured).toMatchObject({
      id: answer.id,
      title: 'Resetting your password',
      category: 'Accounts & login',
      status: 'published',
      tags: ['login', 'password'],
    });
    expect(out.text).toContain('Forgot password?');
    expect(out.text).toContain('no-reply@helpdesk.example');
    expect(out.text).not.toMatch(/<\/?(p|b|code)>/);
  });

  it('marks internal and archived answers', async () => {
    const s = h.sandbox.store;
    const internal = [...s.kbAnswers.values()].find(
      (a) => a.internal_at && !a.published_at && !a.archived_at,
    ) as KbAnswerRecord;
    const archived = [...s.kbAnswers.values()].find((a) => a.archived_at) as KbAnswerRecord;
    expect((await h.call(getKnowledgeBaseAnswer, { answer_id: internal.id })).structured).toMatchObject({
      status: 'internal',
    });
    expect((await h.call(getKnowledgeBaseAnswer, { answer_id: archived.id })).structured).toMatchObject({
      status: 'archived',
    });
  });

  it('answers not found for an unknown answer', async () => {
    await expect(h.call(getKnowledgeBaseAnswer, { answer_id: 999_999 })).rejects.toThrow(
      'Knowledge base answer 999999 not found.',
    );
  });

  it('searches text modules in one request, content as text with placeholders kept', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(searchTextModules, { query: 'greeting' });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    const mods = (
      out.structured as { text_modules: Array<{ name: string; content: string; keywords?: string }> }
    ).text_modules;
    const greeting = mods.find((m) => m.name === 'Greeting');
    expect(greeting?.content).toContain('Hello #{ticket.customer.firstname},');
    expect(greeting?.content).not.toContain('<p>');
    expect(out.text).toMatch(/id \d+ · Greeting · keywords: hello hi greeting/);
  });
});
