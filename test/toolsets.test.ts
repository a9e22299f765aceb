/**
 * Toolsets with the official client: dynamic mode (list_toolsets, enable_toolset,
 * tools/list_changed) on stdio in both eras and on both HTTP eras, and the X-MCP-Toolsets header.
 * Toolsets only narrow: a forbidden toolset enables nothing and reaches no Zammad.
 */
import type { Client } from '@modelcontextprotocol/client';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TOOLS } from '../src/tools/registry.js';
import { connect, KEYS, raw, serve, type Served } from './http-helpers.js';
import { connectInProcess } from './inprocess.js';
import { connectStdio, textOf } from './mcp.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const names = async (c: Client): Promise<string[]> => (await c.listTools()).tools.map((t) => t.name);

/** Resolves on the next tools/list_changed notification the client receives. */
function nextListChanged(c: Client): Promise<void> {
  return new Promise((resolve) => {
    c.setNotificationHandler('notifications/tools/list_changed', () => resolve());
  });
}

const DYNAMIC = { MCP_DYNAMIC_TOOLSETS: 'true' };

describe('dynamic mode, in process (2025 era)', () => {
  it('starts with list_toolsets and enable_toolset only, and lists every toolset with what policy allows', async () => {
    const c = await connectInProcess(sb, { ...DYNAMIC, MCP_TOOLSETS: 'all' });
    expect(c.client.getServerCapabilities()?.tools).toEqual({ listChanged: true });
    expect(await names(c.client)).toEqual(['list_toolsets', 'enable_toolset']);
    const mark = sb.log.mark();
    const r = await c.client.callTool({ name: 'list_toolsets', arguments: {} });
    expect(sb.log.since(mark)).toEqual([]);
    const sets = (r.structuredContent as { toolsets: Array<Record<string, unknown>> }).toolsets;
    expect(sets.map((s) => s.name)).toEqual([
      'worklist',
      'tickets',
      'customers',
      'knowledge',
      'collaboration',
      'bulk',
      'reference',
    ]);
    // Read ceiling: each toolset's read tools only.
    for (const s of sets) {
      const of = ALL_TOOLS.filter((t) => t.toolset === s.name);
      expect(s, String(s.name)).toMatchObject({
        tools: of.length,
        allowed: of.filter((t) => t.risk === 'read').length,
        enabled: false,
      });
    }
    await c.close();
  });

  it('a toolset whose tools the policy all denies shows none allowed, and why', async () => {
    const collab = ALL_TOOLS.filter((t) => t.toolset === 'collaboration').map((t) => t.name);
    const c = await connectInProcess(sb, {
      ...DYNAMIC,
      MCP_TOOLSETS: 'all',
      MCP_DENIED_TOOLS: collab.join(','),
    });
    const r = await c.client.callTool({ name: 'list_toolsets', arguments: {} });
    expect(textOf(r)).toMatch(/- collaboration: .* no tool allowed: the policy/);
    await c.close();
  });

  it('enabling a toolset adds its allowed tools, sends tools/list_changed once, and they are callable', async () => {
    const c = await connectInProcess(sb, DYNAMIC);
    const changed = nextListChanged(c.client);
    const r = await c.client.callTool({ name: 'enable_toolset', arguments: { toolset: 'reference' } });
    expect(r.isError).toBeFalsy();
    expect(textOf(r)).toMatch(
      /Enabled toolset reference for this connection \(session\) until it closes: list_groups, list_ticket_states, list_ticket_priorities/,
    );
    await changed;
    expect(await names(c.client)).toEqual([
      'list_toolsets',
      'enable_toolset',
      'list_groups',
      'list_ticket_states',
      'list_ticket_priorities',
    ]);
    const groups = await c.client.callTool({ name: 'list_groups', arguments: {} });
    expect(groups.isError).toBeFalsy();
    expect(textOf(groups)).toMatch(/Sales/);
    // Again: nothing changes, and it says so.
    const again = await c.client.callTool({ name: 'enable_toolset', arguments: { toolset: 'reference' } });
    expect((again.structuredContent as { changed: boolean }).changed).toBe(false);
    await c.close();
  });

  it('a tool of a toolset not enabled is refused like an unknown tool, with no request to Zammad', async () => {
    const c = await connectInProcess(sb, DYNAMIC);
    const mark = sb.log.mark();
    await expect(c.client.callTool({ name: 'search_tickets', arguments: {} })).rejects.toThrow(
      'Tool search_tickets not found',
    );
    expect(sb.log.since(mark)).toEqual([]);
    await c.close();
  });

  it('a toolset outside MCP_TOOLSETS, or whose tools the policy forbids, enables nothing', async () => {
    const collabTools = ALL_TOOLS.filter((t) => t.toolset === 'collaboration').map((t) => t.name);
    const c = await connectInProcess(sb, {
      ...DYNAMIC,
      MCP_TOOLSETS: 'tickets,collaboration',
      MCP_DENIED_TOOLS: collabTools.join(','),
    });
    const mark = sb.log.mark();
    let notified = false;
    c.client.setNotificationHandler('notifications/tools/list_changed', () => {
      notified = true;
    });
    const bulk = await c.client.callTool({ name: 'enable_toolset', arguments: { toolset: 'reference' } });
    expect(bulk.isError).toBe(true);
    expect(textOf(bulk)).toMatch(/Toolset reference was not enabled: not in MCP_TOOLSETS. Nothing changed/);
    const collab = await c.client.callTool({
      name: 'enable_toolset',
      arguments: { toolset: 'collaboration' },
    });
    expect(collab.isError).toBe(true);
    expect(textOf(collab)).toMatch(/the policy .* allows none of them/);
    expect(await names(c.client)).toEqual(['list_toolsets', 'enable_toolset']);
    expect(sb.log.since(mark)).toEqual([]);
    // A list_changed would have arrived before the tools/list answer above.
    expect(notified).toBe(false);
    await c.close();
  });

  it('a name that is no toolset is refused with the valid ones', async () => {
    const c = await connectInProcess(sb, DYNAMIC);
    const mark = sb.log.mark();
    const r = await c.client.callTool({ name: 'enable_toolset', arguments: { toolset: 'everything' } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/toolset: .*expected one of "worklist"\|"tickets".*"reference"/);
    expect(sb.log.since(mark)).toEqual([]);
    expect(await names(c.client)).toEqual(['list_toolsets', 'enable_toolset']);
    await c.close();
  });

  it('enabling a toolset with a confirmed tool adds confirm_action too', async () => {
    const c = await connectInProcess(sb, {
      ...DYNAMIC,
      MCP_TOOLSETS: 'all',
      MCP_ALLOW_DESTRUCTIVE: 'true',
      MCP_ALLOWED_TOOLS: 'merge_tickets',
    });
    expect(await names(c.client)).toEqual(['list_toolsets', 'enable_toolset']);
    await c.client.callTool({ name: 'enable_toolset', arguments: { toolset: 'bulk' } });
    const bulkReads = ALL_TOOLS.filter((t) => t.toolset === 'bulk' && t.risk === 'read').map((t) => t.name);
    expect(await names(c.client)).toEqual([
      'list_toolsets',
      'enable_toolset',
      ...bulkReads,
      'merge_tickets',
      'confirm_action',
    ]);
    await c.close();
  });

  it('without dynamic mode, tools/list_changed is not advertised', async () => {
    const c = await connectInProcess(sb);
    expect(c.client.getServerCapabilities()?.tools).toEqual({ listChanged: false });
    expect(await names(c.client)).not.toContain('list_toolsets');
    await c.close();
  });
});

describe('dynamic mode over stdio (the spawned server)', () => {
  const env = (): Record<string, string> => ({
    ZAMMAD_URL: sb.url,
    ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
    ...DYNAMIC,
  });

  it('2025 era: list_changed arrives and the new tools answer', async () => {
    const c = await connectStdio(env());
    const changed = nextListChanged(c.client);
    await c.client.callTool({ name: 'enable_toolset', arguments: { toolset: 'knowledge' } });
    await changed;
    expect(await names(c.client)).toContain('search_knowledge_base');
    const r = await c.client.callTool({ name: 'search_knowledge_base', arguments: { query: 'password' } });
    expect(r.isError).toBeFalsy();
    await c.close();
  });

  it('2026-07-28 era: list_changed arrives on a subscriptions/listen stream', async () => {
    const c = await connectStdio(env(), { modern: true });
    const sub = await c.client.listen({ toolsListChanged: true });
    const changed = nextListChanged(c.client);
    await c.client.callTool({ name: 'enable_toolset', arguments: { toolset: 'reference' } });
    await changed;
    expect(await names(c.client)).toContain('list_ticket_states');
    await sub.close();
    await c.close();
  });
});

describe('dynamic mode over HTTP', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve(sb, DYNAMIC);
  });
  afterAll(async () => {
    await s.close();
  });

  it('2025 session: list_changed on the session stream; the choice is the session’s own', async () => {
    const a = await connect(s.url, { key: KEYS.alice });
    const changed = nextListChanged(a.client);
    await a.client.callTool({ name: 'enable_toolset', arguments: { toolset: 'reference' } });
    await changed;
    expect(await names(a.client)).toContain('list_groups');
    const b = await connect(s.url, { key: KEYS.alice });
    expect(await names(b.client)).toEqual(['list_toolsets', 'enable_toolset']);
    await a.client.close();
    await b.client.close();
  });

  it('2026-07-28: the enabled set is carried per principal, said in the answer, and listeners are told', async () => {
    const a = await connect(s.url, { key: KEYS.bob, modern: true });
    const sub = await a.client.listen({ toolsListChanged: true });
    const changed = nextListChanged(a.client);
    const r = await a.client.callTool({ name: 'enable_toolset', arguments: { toolset: 'knowledge' } });
    expect(textOf(r)).toMatch(/by this server for your principal/);
    await changed;
    expect(await names(a.client)).toContain('search_text_modules');
    const hit = await a.client.callTool({ name: 'search_text_modules', arguments: { query: 'thanks' } });
    expect(hit.isError).toBeFalsy();
    // Another client with the same key shares it; another principal does not.
    const same = await connect(s.url, { key: KEYS.bob, modern: true });
    expect(await names(same.client)).toContain('search_text_modules');
    const other = await connect(s.url, { key: KEYS.reader, modern: true });
    expect(await names(other.client)).toEqual(['list_toolsets', 'enable_toolset']);
    await expect(
      other.client.callTool({ name: 'search_text_modules', arguments: { query: 'x' } }),
    ).rejects.toThrow('Tool search_text_modules not found');
    await sub.close();
    for (const c of [a, same, other]) await c.client.close();
  });
});

describe('X-MCP-Toolsets narrows a request or session, never widens', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve(sb, {});
  });
  afterAll(async () => {
    await s.close();
  });

  for (const modern of [false, true]) {
    it(`${modern ? '2026-07-28' : '2025 session'}: lists only the named toolsets; a call outside is refused`, async () => {
      const c = await connect(s.url, {
        key: KEYS.alice,
        modern,
        headers: { 'x-mcp-toolsets': 'reference, Knowledge' },
      });
      expect(await names(c.client)).toEqual([
        'list_groups',
        'list_ticket_states',
        'list_ticket_priorities',
        'search_knowledge_base',
        'get_knowledge_base_answer',
        'search_text_modules',
      ]);
      const mark = sb.log.mark();
      await expect(c.client.callTool({ name: 'search_tickets', arguments: {} })).rejects.toThrow(
        /outside this request's X-MCP-Toolsets|not found/,
      );
      expect(sb.log.since(mark)).toEqual([]);
      await c.client.close();
    });
  }

  it('all (or a toolset MCP_TOOLSETS leaves out) adds nothing the server does not have', async () => {
    const c = await connect(s.url, { key: KEYS.alice, modern: true, headers: { 'x-mcp-toolsets': 'all' } });
    const plain = await connect(s.url, { key: KEYS.alice, modern: true });
    expect(await names(c.client)).toEqual(await names(plain.client));
    const bulk = await connect(s.url, {
      key: KEYS.alice,
      modern: true,
      headers: { 'x-mcp-toolsets': 'bulk' },
    });
    expect(await names(bulk.client)).toEqual([]);
    for (const x of [c, plain, bulk]) await x.client.close();
  });

  it('an unknown toolset name is a 400 that lists the valid ones', async () => {
    const r = await raw(`${s.url}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${KEYS.alice}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-mcp-toolsets': 'tickets,everything',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/unknown toolsets: everything. Valid toolsets: worklist, tickets/);
  });
});
