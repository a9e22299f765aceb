import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/harness.js';
import { silentLogger } from '../log.js';
import { createScope } from '../policy/scope.js';
import { deleteTicket } from '../tools/tickets/merge-delete.js';
import { getTicket } from '../tools/tickets/read.js';
import { searchTickets } from '../tools/tickets/search.js';
import { createServer, type ServerDeps } from './index.js';

describe('a server built for one tools/call (onlyTool)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  async function connect(o: Partial<ServerDeps>): Promise<Client> {
    const server = createServer({
      config: h.config,
      zammad: h.zammad,
      scope: createScope(h.zammad, h.config.policy.allowedGroups),
      log: silentLogger,
      tools: [getTicket, searchTickets],
      principal: 'test',
      ...o,
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 'server-test', version: '1.0.0' });
    await client.connect(b);
    return client;
  }

  it('registers only the called tool, and calls it', async () => {
    const c = await connect({ onlyTool: 'get_ticket' });
    expect((await c.listTools()).tools.map((t) => t.name)).toEqual(['get_ticket']);
    expect(
      (await c.listResourceTemplates().catch(() => ({ resourceTemplates: [] }))).resourceTemplates,
    ).toEqual([]);
    const id = [...h.sandbox.store.tickets.keys()][0];
    const r = await c.callTool({ name: 'get_ticket', arguments: { ticket_id: id } });
    expect(r.isError).toBeFalsy();
    await c.close();
  });

  it('a tool that is not enabled stays "not found", whatever the hint names', async () => {
    const c = await connect({ onlyTool: 'delete_ticket' });
    expect((await c.listTools()).tools).toEqual([]);
    const r = await c
      .callTool({ name: 'delete_ticket', arguments: { ticket_id: 1 } })
      .catch((e: unknown) => e);
    expect(String(r instanceof Error ? r.message : JSON.stringify(r))).toMatch(/delete_ticket not found/);
    const all = await connect({ tools: [getTicket, deleteTicket] });
    expect((await all.listTools()).tools.map((t) => t.name)).toContain('delete_ticket');
    await c.close();
    await all.close();
  });

  it('without the hint every enabled tool and the resources are registered', async () => {
    const c = await connect({});
    expect((await c.listTools()).tools.map((t) => t.name).sort()).toEqual(['get_ticket', 'search_tickets']);
    expect((await c.listResourceTemplates()).resourceTemplates.length).toBeGreaterThan(0);
    await c.close();
  });
});
