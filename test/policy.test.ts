import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, StartupError } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { silentLogger } from '../src/log.js';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { TOOLSETS } from '../src/policy/risk.js';
import { ALL_TOOLS } from '../src/tools/registry.js';
import { connectInProcess } from './inprocess.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

/** The recipes of docs/security.md (a test below checks the document shows them verbatim). */
const RECIPES = {
  readOnly: { MCP_READ_ONLY: 'true', MCP_ALLOWED_GROUPS: 'Support' },
  triage: {
    MCP_ALLOW_WRITE: 'true',
    MCP_DENIED_TOOLS: 'create_user,update_user,create_organization,update_organization',
    MCP_ALLOWED_GROUPS: 'Support',
  },
  fullAgent: {
    MCP_ALLOW_WRITE: 'true',
    MCP_ALLOW_EXTERNAL: 'true',
    MCP_ALLOWED_TOOLS: 'reply_to_customer',
  },
};

const PRESETS: Record<string, Record<string, string>> = {
  default: {},
  'users-config': {
    MCP_DENIED_TOOLS: 'delete_ticket,delete_user,delete_organization',
    MCP_ALLOWED_CATEGORIES: 'tickets,users,organizations,groups,system',
  },
  'read-only-wins': {
    MCP_READ_ONLY: 'true',
    MCP_ALLOW_WRITE: 'true',
    MCP_ALLOW_DESTRUCTIVE: 'true',
    MCP_ALLOWED_TOOLS: '*',
  },
  'deny-wins': { MCP_DENIED_TOOLS: 'get_*,download_attachment' },
  globs: { MCP_DENIED_TOOLS: 'search_*', MCP_ALLOWED_CATEGORIES: 'tickets,knowledge' },
  'group-scope': { MCP_ALLOWED_GROUPS: 'Sales' },
  write: { MCP_ALLOW_WRITE: 'true' },
  'external-two-keys': {
    MCP_ALLOW_WRITE: 'true',
    MCP_ALLOW_EXTERNAL: 'true',
    MCP_ALLOWED_TOOLS: 'reply_to_customer',
  },
  'external-one-key': { MCP_ALLOW_EXTERNAL: 'true' },
  'destructive-glob': { MCP_ALLOW_DESTRUCTIVE: 'true', MCP_ALLOWED_TOOLS: 'delete_*' },
  'deny-beats-allow': { MCP_ALLOW_DESTRUCTIVE: 'true', MCP_ALLOWED_TOOLS: '*', MCP_DENIED_TOOLS: 'delete_*' },
  // Toolsets (MCP_TOOLSETS) only narrow: each toolset alone with every risk allowed, all of them
  // under the read and write ceilings, a deny inside a toolset, a toolset with the group scope.
  'toolsets-all': { MCP_TOOLSETS: 'all' },
  'toolsets-all-write': { MCP_TOOLSETS: 'all', MCP_ALLOW_WRITE: 'true' },
  ...Object.fromEntries(
    TOOLSETS.map((t) => [
      `toolset-${t}-every-risk`,
      {
        MCP_TOOLSETS: t,
        MCP_ALLOW_WRITE: 'true',
        MCP_ALLOW_EXTERNAL: 'true',
        MCP_ALLOW_DESTRUCTIVE: 'true',
        MCP_ALLOWED_TOOLS: '*',
      },
    ]),
  ),
  'toolsets-deny-beats-toolset': {
    MCP_TOOLSETS: 'bulk,reference',
    MCP_ALLOW_WRITE: 'true',
    MCP_ALLOW_DESTRUCTIVE: 'true',
    MCP_ALLOWED_TOOLS: '*',
    MCP_DENIED_TOOLS: 'merge_*,list_ticket_priorities',
  },
  'toolsets-group-scope': { MCP_TOOLSETS: 'tickets,reference', MCP_ALLOWED_GROUPS: 'Sales' },
  // The recipes of docs/security.md, verbatim.
  'recipe-read-only': RECIPES.readOnly,
  'recipe-triage': RECIPES.triage,
  'recipe-full-agent': RECIPES.fullAgent,
};

describe.each(Object.entries(PRESETS))('policy preset %s', (name, env) => {
  it('lists exactly the enabled tools (snapshot) and refuses every other one with no request to Zammad', async () => {
    let c;
    try {
      c = await connectInProcess(sb, env);
    } catch (e) {
      throw new Error(`preset ${name}: ${(e as Error).message}`, { cause: e });
    }
    const { tools } = await c.client.listTools();
    const listed = tools.map((t) => t.name);
    await expect(listed.join('\n') + '\n').toMatchFileSnapshot(`./snapshots/tools-list.${name}.txt`);
    for (const t of ALL_TOOLS.filter((x) => !listed.includes(x.name))) {
      const mark = sb.log.mark();
      // The same JSON-RPC error as for a tool that does not exist.
      await expect(c.client.callTool({ name: t.name, arguments: {} }), t.name).rejects.toThrow(
        `Tool ${t.name} not found`,
      );
      expect(sb.log.since(mark), t.name).toEqual([]);
    }
    await expect(c.client.callTool({ name: 'delete_everything', arguments: {} })).rejects.toThrow(
      'Tool delete_everything not found',
    );
    await c.close();
  });
});

describe('security recipes', () => {
  it('docs/security.md shows each recipe verbatim', () => {
    const doc = readFileSync(new URL('../docs/security.md', import.meta.url), 'utf8');
    for (const recipe of Object.values(RECIPES)) {
      for (const [k, v] of Object.entries(recipe)) expect(doc).toContain(`${k}=${v}`);
    }
  });

  it('full agent: a reply is previewed, changes nothing, and runs once through confirm_action', async () => {
    const c = await connectInProcess(sb, RECIPES.fullAgent);
    const t = [...sb.store.tickets.values()].find((x) => x.state_id === 2);
    const mark = sb.log.mark();
    const r = await c.client.callTool({
      name: 'reply_to_customer',
      arguments: { ticket_id: t?.id, body: "We've fixed it." },
    });
    expect(r.isError).toBeFalsy();
    expect(sb.log.since(mark).filter((x) => x.method !== 'GET')).toEqual([]);
    const token = (r.structuredContent as { confirmation?: string }).confirmation;
    expect(token).toMatch(/^zc1\./);
    const done = await c.client.callTool({ name: 'confirm_action', arguments: { confirmation: token } });
    expect(done.isError).toBeFalsy();
    const writes = sb.log.since(mark).filter((x) => x.method !== 'GET');
    expect(writes.map((x) => `${x.method} ${x.path}`)).toEqual(['POST /api/v1/ticket_articles']);
    expect((writes[0]?.body as { body: string }).body).toBe("We've fixed it.");
    await c.close();
  });
});

describe('policy: configuration errors stop the server', () => {
  async function startupProblems(env: Record<string, string>): Promise<string[]> {
    const r = loadConfig({
      env: { ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token, ...env },
    });
    if (!r.ok) return r.problems;
    try {
      const app = await createApp(r.config, silentLogger);
      await app.close();
      return [];
    } catch (e) {
      if (e instanceof StartupError) return e.problems;
      throw e;
    }
  }

  it('unknown tool names', async () => {
    expect((await startupProblems({ MCP_DENIED_TOOLS: 'delete_tickets' })).join()).toMatch(
      /MCP_DENIED_TOOLS names unknown tools: delete_tickets/,
    );
  });
  it('unknown toolsets, listing the valid ones', async () => {
    expect((await startupProblems({ MCP_TOOLSETS: 'tickets,worklists' })).join()).toMatch(
      /MCP_TOOLSETS names unknown toolsets: worklists. Valid toolsets: worklist, tickets, customers, knowledge, collaboration, bulk, reference \(or all\)/,
    );
  });
  it('unknown categories', async () => {
    expect((await startupProblems({ MCP_ALLOWED_CATEGORIES: 'ticket' })).join()).toMatch(
      /unknown categories: ticket/,
    );
  });
  it('unknown groups, listing the valid ones', async () => {
    const p = (await startupProblems({ MCP_ALLOWED_GROUPS: 'Sales,Nope' })).join();
    expect(p).toMatch(
      /MCP_ALLOWED_GROUPS names groups Zammad does not have: Nope. Valid groups: Users, Sales/,
    );
  });
  it('an empty tool set', async () => {
    expect((await startupProblems({ MCP_DENIED_TOOLS: '*' })).join()).toMatch(/enables no tool at all/);
  });
});

describe('posture at start-up', () => {
  it('states the transport, ceiling, tools by risk and scope, with a WARN per weakened layer', async () => {
    const c = await connectInProcess(sb, { MCP_ALLOW_WRITE: 'true', MCP_ALLOW_EXTERNAL: 'true' });
    await c.close();
    const { logPosture } = await import('../src/posture.js');
    const r = loadConfig({
      env: {
        ZAMMAD_URL: sb.url,
        ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
        MCP_ALLOW_WRITE: 'true',
        MCP_ALLOW_EXTERNAL: 'true',
      },
    });
    if (!r.ok) throw new Error();
    const lines: string[] = [];
    const { createLogger } = await import('../src/log.js');
    const app = await createApp(r.config, silentLogger);
    logPosture(createLogger('info', { write: (l) => void lines.push(l) }), r.config, app.selection, 'stdio');
    await app.close();
    const posture = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(posture).toMatchObject({
      msg: 'posture',
      transport: 'stdio',
      ceiling: 'write',
      groups: 'all visible to the token',
      toolsets: ['worklist', 'tickets', 'customers', 'knowledge', 'reference'],
    });
    expect(posture).not.toHaveProperty('dynamicToolsets');
    expect((posture.tools as Record<string, string[]>).read).toContain('get_ticket');
    const warns = lines.slice(1).map((l) => JSON.parse(l) as { level: string; msg: string });
    expect(warns.every((w) => w.level === 'warn')).toBe(true);
    expect(warns.map((w) => w.msg).join('\n')).toMatch(
      /MCP_ALLOW_EXTERNAL=true but MCP_ALLOWED_TOOLS names no external tool/,
    );
    expect(warns.map((w) => w.msg).join('\n')).toMatch(/No group scope/);
    expect(posture.outputBudget).toBe('6000 tokens');
    expect(lines.join()).not.toContain(sb.credentials.admin.token);
  });
});

describe('posture: confirmation key', () => {
  /** The posture of a server with delete_ticket enabled, under `env` on top. */
  async function gatedPosture(
    env: Record<string, string>,
    transport: 'stdio' | 'http',
  ): Promise<{ warnings: string[]; info: Record<string, unknown> }> {
    const { postureOf } = await import('../src/posture.js');
    const r = loadConfig({
      env: {
        ZAMMAD_URL: sb.url,
        ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
        MCP_ALLOW_DESTRUCTIVE: 'true',
        MCP_ALLOWED_TOOLS: 'delete_ticket',
        ...env,
      },
    });
    if (!r.ok) throw new Error(r.problems.join());
    const app = await createApp(r.config, silentLogger);
    const p = postureOf(r.config, app.selection, transport);
    await app.close();
    return p;
  }

  it('warns that tokens die with the process when gated tools run without MCP_CONFIRMATION_KEY', async () => {
    for (const [extra, expected] of [
      [{}, true],
      [{ MCP_CONFIRMATION_KEY: 'k'.repeat(40) }, false],
    ] as const) {
      const p = await gatedPosture(extra, 'stdio');
      expect(p.warnings.some((w) => w.startsWith('No MCP_CONFIRMATION_KEY'))).toBe(expected);
    }
  });

  it('over HTTP, a shared key without a shared spent store is warned about; the posture names the store', async () => {
    const http = { MCP_CONFIRMATION_KEY: 'k'.repeat(40), MCP_TRANSPORT: 'http', MCP_AUTH_ENABLED: 'false' };
    for (const [extra, expected] of [
      [{}, true],
      [{ MCP_CONFIRMATION_STORE_URL: 'redis://:hunter2-secret@127.0.0.1:6379/15' }, false],
    ] as const) {
      const p = await gatedPosture({ ...http, ...extra }, 'http');
      expect(p.warnings.some((w) => w.includes('set MCP_CONFIRMATION_STORE_URL'))).toBe(expected);
      const shown = JSON.stringify(p.info);
      expect(shown).toContain(expected ? 'in memory (this process)' : 'redis redis://127.0.0.1:6379/15');
      expect(shown).not.toContain('hunter2');
    }
  });
});
