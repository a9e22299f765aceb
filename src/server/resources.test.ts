import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/harness.js';
import { silentLogger } from '../log.js';
import { createScope } from '../policy/scope.js';
import type { TicketRecord } from '@zammad-mcp/sandbox';
import type { AnyTool } from '../tools/define.js';
import { getOrganization } from '../tools/organizations.js';
import { getTicket } from '../tools/tickets/read.js';
import { getUser } from '../tools/users.js';
import { createServer } from './index.js';

async function connect(h: Harness, tools: AnyTool[]): Promise<Client> {
  const server = createServer({
    config: h.config,
    zammad: h.zammad,
    scope: createScope(h.zammad, h.config.policy.allowedGroups),
    log: silentLogger,
    tools,
    principal: 'test',
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'resources-test', version: '1.0.0' });
  await client.connect(b);
  return client;
}

function textOf(r: { contents: ReadonlyArray<object> }): string {
  return r.contents.map((c) => ('text' in c && typeof c.text === 'string' ? c.text : '')).join('\n');
}

describe('resources', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('registers one template per enabled tool and reads through it', async () => {
    const client = await connect(h, [getTicket, getUser, getOrganization]);
    try {
      const templates = (await client.listResourceTemplates()).resourceTemplates
        .map((t) => t.uriTemplate)
        .sort();
      expect(templates).toEqual(['zammad://organization/{id}', 'zammad://ticket/{id}', 'zammad://user/{id}']);
      const t = h.sandbox.store.tickets.values().next().value as TicketRecord;
      const r = await client.readResource({ uri: `zammad://ticket/${t.id}` });
      expect(r.contents[0]).toMatchObject({ uri: `zammad://ticket/${t.id}`, mimeType: 'text/plain' });
      const text = textOf(r);
      expect(text).toContain(`Ticket #${t.number} (id ${t.id})`);
      // Framed like tool text: a note line, then the wrapped content.
      expect(text.split('\n')[0]).not.toContain(`Ticket #${t.number}`);
      const u = textOf(await client.readResource({ uri: `zammad://user/${t.customer_id}` }));
      expect(u).toContain(`(id ${t.customer_id})`);
      const orgId = [...h.sandbox.store.organizations.keys()][0] as number;
      const o = textOf(await client.readResource({ uri: `zammad://organization/${orgId}` }));
      expect(o).toContain(`(id ${orgId})`);
      await expect(client.readResource({ uri: 'zammad://ticket/999999' })).rejects.toThrow(
        /Ticket 999999 not found/,
      );
    } finally {
      await client.close();
    }
  });

  it('offers no resource for a disabled tool', async () => {
    const client = await connect(h, [getUser]);
    try {
      const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
      expect(templates).toEqual(['zammad://user/{id}']);
      await expect(client.readResource({ uri: 'zammad://ticket/1' })).rejects.toThrow();
    } finally {
      await client.close();
    }
  });
});

describe('resources under a group scope', () => {
  it('answers a ticket of another group like a missing one', async () => {
    const h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
    const client = await connect(h, [getTicket]);
    try {
      const s = h.sandbox.store;
      const sales = s.byName(s.groups, 'Sales')?.id;
      const other = [...s.tickets.values()].find((t) => t.group_id !== sales) as TicketRecord;
      const hidden = await client.readResource({ uri: `zammad://ticket/${other.id}` }).then(
        () => '',
        (e: Error) => e.message.replace(/\d+/g, 'N'),
      );
      const missing = await client.readResource({ uri: 'zammad://ticket/999999' }).then(
        () => '',
        (e: Error) => e.message.replace(/\d+/g, 'N'),
      );
      expect(hidden).toContain('Ticket N not found');
      expect(hidden).toBe(missing);
    } finally {
      await client.close();
      await h.close();
    }
  });
});
