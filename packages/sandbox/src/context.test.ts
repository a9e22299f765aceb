/** ticket_article_plain, the time entries index, tag_list, and time booked on an update's article. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './index.js';
import { api, arr, asToken, obj } from './test-client.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const admin = () => api(sb, asToken(sb.credentials.admin));
const openTicket = () => {
  const t = [...sb.store.tickets.values()].find((x) => x.state_id === 2 && x.group_id === 2);
  if (!t) throw new Error('fixture: open Sales ticket');
  return t;
};

describe('context endpoints (ticket_article_plain, time_accountings index, tag_list)', () => {
  it('books time on an update article by type name; an unknown name is a 422', async () => {
    const t = openTicket();
    const type = [...sb.store.timeAccountingTypes.values()][0];
    if (!type) throw new Error('fixture: a time accounting type');
    const r = await admin()('PUT', `/tickets/${t.id}`, {
      article: { body: 'Worked on it.', time_unit: '7', accounted_time_type: type.name },
    });
    expect(r.status).toBe(200);
    expect(sb.store.timeAccountingsOf(t.id).at(-1)).toMatchObject({ time_unit: '7.0', type_id: type.id });
    const before = { ...t, custom: { ...t.custom } };
    const articles = sb.store.articlesOf(t.id).length;
    const entries = sb.store.timeAccountingsOf(t.id).length;
    const bad = await admin()('PUT', `/tickets/${t.id}`, {
      title: 'Changed with a bad article',
      article: { body: 'x', time_unit: '1', accounted_time_type: 'No such type' },
    });
    expect(bad.status).toBe(422);
    // one transaction in Zammad (ticket.with_lock): the refused article undoes the title too
    expect(sb.store.tickets.get(t.id)).toEqual(before);
    expect(sb.store.articlesOf(t.id)).toHaveLength(articles);
    expect(sb.store.timeAccountingsOf(t.id)).toHaveLength(entries);
  });

  it('expands time entries with names and pages them like a generic index', async () => {
    const t = [...sb.store.tickets.values()].find((x) => sb.store.timeAccountingsOf(x.id).length >= 2);
    if (!t) throw new Error('fixture: a ticket with time entries');
    const all = sb.store.timeAccountingsOf(t.id);
    const first = all[0];
    if (!first) throw new Error('fixture: an entry');
    const expanded = arr((await admin()('GET', `/tickets/${t.id}/time_accountings?expand=true`)).body);
    expect(expanded[0]).toMatchObject({
      id: first.id,
      created_by: sb.store.user(first.created_by_id)?.login,
    });
    expect(arr((await admin()('GET', `/tickets/${t.id}/time_accountings?per_page=1&page=2`)).body)).toEqual([
      { ...all[1] },
    ]);
    const full = obj((await admin()('GET', `/tickets/${t.id}/time_accountings?full=true&per_page=1`)).body);
    expect(full['total_count']).toBe(all.length);
  });

  it('serves a stored raw mail as message/rfc822 and answers 204 for an article without one', async () => {
    const email = [...sb.store.articles.values()].find((a) => a.type_id === 1);
    const note = [...sb.store.articles.values()].find((a) => a.type_id === 10);
    if (!email || !note) throw new Error('fixture: an email and a note');
    sb.store.rawMails.set(email.id, 'From: a@b.example\r\n\r\nHi\r\n');
    const res = await fetch(`${sb.url}/api/v1/ticket_article_plain/${email.id}`, {
      headers: { Authorization: `Token token=${sb.credentials.admin.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('message/rfc822');
    expect(await res.text()).toBe('From: a@b.example\r\n\r\nHi\r\n');
    const none = await fetch(`${sb.url}/api/v1/ticket_article_plain/${note.id}`, {
      headers: { Authorization: `Token token=${sb.credentials.admin.token}` },
    });
    expect(none.status).toBe(204);
    expect(await none.text()).toBe('');
  });

  it('lists tags by name up to `limit` (default 1000)', async () => {
    const list = arr((await admin()('GET', '/tag_list?limit=2')).body);
    const names = [...sb.store.tagItems.values()].map((x) => x.name).sort((a, b) => a.localeCompare(b));
    expect(list.map((x) => x['name'])).toEqual(names.slice(0, 2));
  });
});
