import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import type { TicketRecord } from '@zammad-mcp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectInProcess } from '../../test/inprocess.js';
import { startHarness, type Harness } from '../../test/harness.js';
import { silentLogger } from '../log.js';
import { createScope } from '../policy/scope.js';
import type { AnyTool } from '../tools/define.js';
import { listEscalations } from '../tools/escalations.js';
import { getTicket } from '../tools/tickets/read.js';
import { getOverviewTickets } from '../tools/worklist.js';
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
  const client = new Client({ name: 'worklist-resources-test', version: '1.0.0' });
  await client.connect(b);
  return client;
}

const textOf = (r: { contents: ReadonlyArray<object> }): string =>
  r.contents.map((c) => ('text' in c && typeof c.text === 'string' ? c.text : '')).join('\n');

const OPEN = [1, 2, 3, 6];

describe('zammad://overview/{slug} and zammad://escalations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('exist only when their tools are enabled, and read through them', async () => {
    const client = await connect(h, [getTicket, getOverviewTickets, listEscalations]);
    try {
      const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
      expect(templates).toContain('zammad://overview/{slug}');
      const fixed = (await client.listResources()).resources.map((r) => r.uri);
      // resources/list: the escalation list and the caller's own overviews, as Zammad lists them.
      const own = (await h.zammad.worklist.overviews()).map((o) => `zammad://overview/${o.link}`);
      expect(own.length).toBeGreaterThan(0);
      expect(fixed).toEqual(['zammad://escalations', ...own]);
      const text = textOf(await client.readResource({ uri: 'zammad://overview/all_open' }));
      const first = [...h.sandbox.store.tickets.values()]
        .filter((t) => OPEN.includes(t.state_id))
        .sort(
          (a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id,
        )[0] as TicketRecord;
      expect(text).toContain('Tickets of "Open Tickets"');
      expect(text).toContain(`#${first.number} id ${first.id} · `);
      expect(textOf(await client.readResource({ uri: 'zammad://escalations' }))).toMatch(
        /Escalations \(overdue or due within 4h|No open ticket is escalated/,
      );
      await expect(client.readResource({ uri: 'zammad://overview/no_such_view' })).rejects.toThrow(
        /No overview "no_such_view"/,
      );
      await expect(client.readResource({ uri: 'zammad://overview/Open%20Tickets' })).rejects.toThrow(
        /Invalid overview in zammad:\/\/overview\/Open%20Tickets: use its link/,
      );
    } finally {
      await client.close();
    }
    const without = await connect(h, [getTicket]);
    try {
      expect((await without.listResources()).resources).toEqual([]);
      const templates = (await without.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
      expect(templates).toEqual(['zammad://ticket/{id}']);
    } finally {
      await without.close();
    }
  });
});

describe('resources/list of the worklist', () => {
  it("lists a customer's own overviews only, and still answers when Zammad cannot list them", async () => {
    const h = await startHarness();
    const customer = await connectInProcess(
      h.sandbox,
      { MCP_TOOLSETS: 'tickets,worklist' },
      { as: 'customer' },
    );
    const admin = await connectInProcess(h.sandbox, { MCP_TOOLSETS: 'tickets,worklist' });
    try {
      const listed = async (c: Client) => (await c.listResources()).resources.map((r) => r.uri);
      const mine = await listed(customer.client);
      expect(mine).not.toContain('zammad://overview/all_unassigned');
      expect((await listed(admin.client)).length).toBeGreaterThan(mine.length);
      h.sandbox.faults.add({ path: '/api/v1/ticket_overviews', status: 500 });
      expect(await listed(admin.client)).toEqual(['zammad://escalations']);
    } finally {
      h.sandbox.faults.clear();
      await customer.close();
      await admin.close();
      await h.close();
    }
  });
});

describe('worklist resources under a group scope, audited', () => {
  it('never show a ticket of another group, and each read is one audit event', async () => {
    const h = await startHarness();
    const p = await connectInProcess(h.sandbox, { MCP_ALLOWED_GROUPS: 'Sales' });
    try {
      const s = h.sandbox.store;
      const sales = s.byName(s.groups, 'Sales')?.id;
      const elsewhere = [...s.tickets.values()].filter(
        (t) => t.group_id !== sales && OPEN.includes(t.state_id),
      );
      expect(elsewhere.length).toBeGreaterThan(0);
      const text = textOf(await p.client.readResource({ uri: 'zammad://overview/all_open' }));
      for (const t of elsewhere) expect(text).not.toContain(`#${t.number} `);
      const esc = textOf(await p.client.readResource({ uri: 'zammad://escalations' }));
      for (const t of elsewhere) expect(esc).not.toContain(`#${t.number} `);
      const reads = p.logs.filter((l) => l.includes('resource read'));
      expect(reads.some((l) => l.includes('get_overview_tickets'))).toBe(true);
      expect(reads.some((l) => l.includes('list_escalations'))).toBe(true);
    } finally {
      await p.close();
      await h.close();
    }
  });
});
