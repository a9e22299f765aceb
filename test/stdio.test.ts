import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { ALL_TOOLS } from '../src/tools/registry.js';
import { CLI, connectStdio, textOf, type Connected } from './mcp.js';

let sb: Sandbox;
let mcp: Connected;
const TOKEN_MARK = 'distinctive';

beforeAll(async () => {
  sb = await startSandbox();
  mcp = await connectStdio({ ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token });
});
afterAll(async () => {
  await mcp?.close();
  await sb?.close();
});

describe('stdio server with the official client', () => {
  it('lists the read tools under the default configuration, matching the snapshot', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    const shape = tools.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      annotations: t.annotations,
      inputSchema: t.inputSchema,
      outputSchema: t.outputSchema,
    }));
    await expect(JSON.stringify(shape, null, 2)).toMatchFileSnapshot('./snapshots/tools-list.default.json');
  });

  it('answers search_tickets and get_ticket with framed text and structured content', async () => {
    const s = await mcp.client.callTool({ name: 'search_tickets', arguments: { state: 'open', limit: 5 } });
    expect(s.isError).toBeFalsy();
    const sc = s.structuredContent as { tickets: Array<{ id: number; number: string; state: string }> };
    expect(sc.tickets.length).toBeGreaterThan(0);
    expect(sc.tickets.every((t) => t.state === 'open')).toBe(true);
    expect(textOf(s)).toMatch(/<untrusted-[0-9a-f]+>/);
    const first = sc.tickets[0];
    const g = await mcp.client.callTool({ name: 'get_ticket', arguments: { ticket_number: first?.number } });
    expect(g.isError).toBeFalsy();
    expect((g.structuredContent as { ticket: { id: number } }).ticket.id).toBe(first?.id);
    // A model that sends the number as a JSON number gets the same ticket.
    const n = await mcp.client.callTool({
      name: 'get_ticket',
      arguments: { ticket_number: Number(first?.number) },
    });
    expect(n.isError).toBeFalsy();
    expect((n.structuredContent as { ticket: { id: number } }).ticket.id).toBe(first?.id);
  });

  it('validates structuredContent against each tool’s output schema', async () => {
    const t = [...sb.store.tickets.values()][3];
    const r = await mcp.client.callTool({ name: 'get_ticket', arguments: { ticket_id: t?.id, articles: 3 } });
    const tool = ALL_TOOLS.find((x) => x.name === 'get_ticket');
    expect(tool?.output.safeParse(r.structuredContent).success).toBe(true);
  });

  it('explains an unknown ticket, and ticket_id vs ticket_number', async () => {
    const r = await mcp.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 999999 } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(
      /Ticket 999999 not found.*`ticket_id` is the internal id; `ticket_number` is the number shown in Zammad/,
    );
    const both = await mcp.client.callTool({
      name: 'get_ticket',
      arguments: { ticket_id: 1, ticket_number: '31001' },
    });
    expect(both.isError).toBe(true);
    expect(textOf(both)).toMatch(/exactly one of ticket_id or ticket_number/);
  });

  it('rejects bad input before any upstream request', async () => {
    const mark = sb.log.mark();
    for (const args of [{ limit: 1e6 }, { page: -1 }, { query: 'x'.repeat(10_000) }, { state: 5 }]) {
      const r = await mcp.client.callTool({ name: 'search_tickets', arguments: args });
      expect(r.isError, JSON.stringify(args)).toBe(true);
    }
    expect(sb.log.since(mark)).toEqual([]);
  });

  it('lists valid names for an unknown state', async () => {
    const r = await mcp.client.callTool({ name: 'search_tickets', arguments: { state: 'opn' } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/Unknown state "opn". Valid states: new, open, pending reminder, closed/);
  });

  it('logs JSON lines on stderr and never the token', async () => {
    const lines = mcp.stderr().trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
    expect(mcp.stderr()).toContain('"msg":"posture"');
    expect(mcp.stderr()).not.toContain(sb.credentials.admin.token);
  });
});

describe('every read tool and resource over the spawned binary', () => {
  // Every toolset, so that every read tool is listed; the default selection is snapshotted above.
  let mcp: Connected;
  beforeAll(async () => {
    mcp = await connectStdio({
      ZAMMAD_URL: sb.url,
      ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
      MCP_TOOLSETS: 'all',
    });
  });
  afterAll(async () => {
    await mcp?.close();
  });

  it('answers each read tool with structuredContent matching its output schema', async () => {
    const store = sb.store;
    const t = [...store.tickets.values()].find((x) =>
      store.articlesOf(x.id).some((a) => a.attachments.length > 0),
    );
    const art = t ? store.articlesOf(t.id).find((a) => a.attachments.length > 0) : undefined;
    const png =
      art?.attachments.find((x) => x.preferences['Content-Type'] === 'image/png') ?? art?.attachments[0];
    const kb = [...store.kbAnswers.values()][0];
    const args: Record<string, Record<string, unknown>> = {
      search_tickets: { query: 'printer' },
      get_ticket: { ticket_id: t?.id },
      list_ticket_articles: { ticket_id: t?.id },
      get_ticket_article: { article_id: art?.id },
      download_attachment: { ticket_id: t?.id, article_id: art?.id, attachment_id: png?.id },
      get_ticket_history: { ticket_id: t?.id },
      get_ticket_links: { ticket_id: t?.id },
      get_ticket_tags: { ticket_id: t?.id },
      get_user: { user_id: t?.customer_id },
      search_users: { query: 'a' },
      get_organization: { organization_id: [...store.organizations.keys()][0] },
      search_organizations: { query: 'a' },
      list_groups: {},
      list_ticket_states: {},
      list_ticket_priorities: {},
      get_current_user: {},
      search_knowledge_base: { query: 'password' },
      get_knowledge_base_answer: { answer_id: kb?.id },
      search_text_modules: { query: 'thank' },
      get_ticket_checklist: { ticket_id: t?.id },
      list_checklist_templates: {},
      list_notifications: {},
      list_overviews: {},
      get_overview_tickets: { overview: 'all_open' },
      list_escalations: { within_hours: 168 },
      get_customer_tickets: { customer: t?.customer_id },
      get_related_tickets: { ticket_id: t?.id },
      get_article_source: { article_id: [...store.articles.values()].find((a) => a.type_id === 1)?.id },
      list_time_accounting: { ticket_id: t?.id },
      list_tags: {},
      list_ticket_fields: {},
      list_macros: {},
    };
    const { tools } = await mcp.client.listTools();
    expect(tools.map((x) => x.name).sort()).toEqual(Object.keys(args).sort());
    for (const [name, a] of Object.entries(args)) {
      const r = await mcp.client.callTool({ name, arguments: a });
      expect(r.isError, `${name}: ${textOf(r)}`).toBeFalsy();
      const tool = ALL_TOOLS.find((x) => x.name === name);
      expect(tool?.output.safeParse(r.structuredContent).success, name).toBe(true);
    }
  });

  it('reads each resource template', async () => {
    const t = [...sb.store.tickets.values()].find((x) => x.organization_id);
    const { resourceTemplates } = await mcp.client.listResourceTemplates();
    expect(resourceTemplates.map((x) => x.uriTemplate).sort()).toEqual(
      [
        'zammad://organization/{id}',
        'zammad://overview/{slug}',
        'zammad://ticket/{id}',
        'zammad://user/{id}',
      ].sort(),
    );
    const { resources } = await mcp.client.listResources();
    // The escalation list, then the caller's own overviews (the template's list).
    expect(resources.map((x) => x.uri)).toEqual([
      'zammad://escalations',
      ...(
        (await (
          await fetch(`${sb.url}/api/v1/ticket_overviews`, {
            headers: { authorization: `Token token=${sb.credentials.admin.token}` },
          })
        ).json()) as Array<{ link: string }>
      ).map((o) => `zammad://overview/${o.link}`),
    ]);
    for (const uri of [
      'zammad://overview/all_open',
      'zammad://escalations',
      `zammad://ticket/${t?.id}`,
      `zammad://user/${t?.customer_id}`,
      `zammad://organization/${t?.organization_id}`,
    ]) {
      const r = await mcp.client.readResource({ uri });
      const text = (r.contents[0] as { text?: string } | undefined)?.text ?? '';
      expect(text, uri).toMatch(/<untrusted-[0-9a-f]+>/);
    }
  });
});

describe('stdio process', () => {
  function run(
    env: Record<string, string>,
    input: string[],
    o: { keepOpen?: number } = {},
  ): Promise<{ stdout: string; stderr: string; code: number | null }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ stdout, stderr, code }));
      for (const l of input) child.stdin.write(`${l}\n`);
      setTimeout(() => child.stdin.end(), o.keepOpen ?? 1500);
    });
  }

  it('writes nothing but JSON-RPC on stdout and exits cleanly when stdin closes', async () => {
    const msgs = [
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
      },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      {
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: { name: 'search_tickets', arguments: { limit: 3 } },
      },
      {
        jsonrpc: '2.0',
        id: 4,
        method: 'tools/call',
        params: { name: 'get_ticket', arguments: { ticket_id: [...sb.store.tickets.values()][0]?.id } },
      },
    ].map((m) => JSON.stringify(m));
    const r = await run({ ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token }, msgs);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(4);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('jsonrpc', '2.0');
  });

  it('exits on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI], {
      env: {
        PATH: process.env.PATH ?? '',
        ZAMMAD_URL: sb.url,
        ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Ready once it answers: a fixed wait would race a slow start on a loaded machine.
    const answered = new Promise<void>((r) => child.stdout.once('data', () => r()));
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })}\n`);
    await answered;
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });

  it('refuses to start on a bad configuration, one line per problem, with no secret', async () => {
    const secret = `${TOKEN_MARK}-secret-0xDEADBEEF`;
    const r = await run(
      {
        ZAMMAD_URL: 'http://zammad.example.com',
        ZAMMAD_HTTP_TOKEN: secret,
        ZAMMAD_OAUTH2_TOKEN: 'other',
        ZAMMAD_PASSWORD_FILE: '/nonexistent/pw',
      },
      [],
      { keepOpen: 100 },
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/configuration problems/);
    expect(r.stderr).toMatch(/plain http:\/\/ to zammad\.example\.com/);
    expect(r.stderr).toMatch(/ZAMMAD_PASSWORD_FILE names \/nonexistent\/pw, which cannot be read/);
    expect(r.stderr).not.toContain(secret);
  });
});
