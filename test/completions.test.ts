/**
 * completion/complete over the official client: every completable prompt argument and resource
 * variable, from reference data or one bounded search, with the group scope applied.
 */
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectInProcess, type InProcess } from './inprocess.js';

let sb: Sandbox;
let all: InProcess;
let sales: InProcess;
beforeAll(async () => {
  sb = await startSandbox();
  all = await connectInProcess(sb);
  sales = await connectInProcess(sb, { MCP_ALLOWED_GROUPS: 'Sales' });
});
afterAll(async () => {
  await all.close();
  await sales.close();
  await sb.close();
});

const prompt = (c: InProcess, name: string, arg: string, value: string) =>
  c.client
    .complete({ ref: { type: 'ref/prompt', name }, argument: { name: arg, value } })
    .then((r) => r.completion.values);

const resource = (c: InProcess, kind: string, value: string) =>
  c.client
    .complete({
      ref: { type: 'ref/resource', uri: `zammad://${kind}/{id}` },
      argument: { name: 'id', value },
    })
    .then((r) => r.completion.values);

describe('completions', () => {
  it('declares the capability', () => {
    expect(all.client.getServerCapabilities()?.completions).toBeDefined();
  });

  it('completes summarize_queue groups within the scope, and its states', async () => {
    const groups = [...sb.store.groups.values()].filter((g) => g.active !== false).map((g) => g.name);
    const s = groups.filter((g) => g.toLowerCase().startsWith('s'));
    expect(new Set(await prompt(all, 'summarize_queue', 'group', 's'))).toEqual(new Set(s));
    const scoped = await prompt(sales, 'summarize_queue', 'group', '');
    expect(scoped.length).toBeGreaterThan(0);
    for (const g of scoped) expect(g.startsWith('Sales')).toBe(true);
    expect(await prompt(all, 'summarize_queue', 'state', 'op')).toEqual(['open']);
  });

  it('completes ticket numbers by prefix, only of tickets in scope', async () => {
    const tickets = [...sb.store.tickets.values()];
    const t = tickets[0];
    if (!t) throw new Error('no ticket');
    const got = await prompt(all, 'triage_ticket', 'ticket_number', t.number.slice(0, 4));
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThanOrEqual(100);
    for (const n of got) expect(n.startsWith(t.number.slice(0, 4))).toBe(true);
    const salesId = [...sb.store.groups.values()].find((g) => g.name === 'Sales')?.id;
    const outside = new Set(tickets.filter((x) => x.group_id !== salesId).map((x) => x.number));
    const scoped = await prompt(sales, 'draft_reply', 'ticket_number', '');
    expect(scoped.length).toBeGreaterThan(0);
    for (const n of scoped) expect(outside.has(n)).toBe(false);
    expect(await prompt(all, 'triage_ticket', 'ticket_number', 'abc')).toEqual([]);
  });

  it('completes resource ids, tickets within the scope', async () => {
    const salesId = [...sb.store.groups.values()].find((g) => g.name === 'Sales')?.id;
    const ids = await resource(sales, 'ticket', '');
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(sb.store.tickets.get(Number(id))?.group_id).toBe(salesId);
    const users = await resource(all, 'user', '1');
    for (const id of users) expect(id.startsWith('1')).toBe(true);
    expect(await resource(all, 'organization', 'x')).toEqual([]);
  });
});
