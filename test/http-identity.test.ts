/**
 * Per-principal Zammad identity: from configuration files only, never from the request. Proved
 * with the sandbox's request log: which credential and which `From` header Zammad received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { postureOf } from '../src/posture.js';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { bearer, connect, INIT, KEYS, raw, serve } from './http-helpers.js';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb?.close();
});

const search = { name: 'search_tickets', arguments: { state: 'open', limit: 50 } };

describe('acting as a mapped Zammad user (From header)', () => {
  it('sends From for a mapped principal with the service token; refuses unmapped principals', async () => {
    const files = { '/act-as': `# principal:zammad login\nalice: ${sb.credentials.agent.login}\n` };
    const s = await serve(
      sb,
      { MCP_ZAMMAD_ACT_AS_FILE: '/act-as' },
      { readFile: (p) => files[p as keyof typeof files] ?? '' },
    );
    const mark = sb.log.mark();
    const alice = await connect(s.url, { key: KEYS.alice, headers: { from: 'admin@example.com' } });
    const r = await alice.client.callTool(search);
    expect(r.isError).toBeFalsy();
    const seen = sb.log.since(mark);
    expect(seen.length).toBeGreaterThan(0);
    for (const e of seen) {
      expect(e.headers.from).toBe(sb.credentials.agent.login);
      expect(e.headers.authorization).toBe(`Token token=${sb.credentials.admin.token}`);
    }
    // The agent sees only its groups: the result is narrower than the admin's.
    const tickets = (r.structuredContent as { tickets: Array<{ group: string }> }).tickets;
    expect(tickets.length).toBeGreaterThan(0);
    const groups = new Set(tickets.map((t) => t.group));
    expect([...groups].every((g) => /sales|billing/i.test(g))).toBe(true);
    await alice.client.close();

    const bob = await raw(s.url, { body: INIT, headers: bearer(KEYS.bob) });
    expect(bob.status).toBe(403);
    expect(bob.body).toMatch(/no Zammad identity/);
    await s.close();
  });

  it('warns in the posture that the service token needs admin.user', () => {
    const r = loadConfig({
      env: {
        ZAMMAD_URL: sb.url,
        ZAMMAD_HTTP_TOKEN: 'x'.repeat(20),
        MCP_TRANSPORT: 'http',
        MCP_AUTH_ENABLED: 'false',
        MCP_ZAMMAD_ACT_AS_FILE: '/a',
      },
      readFile: () => 'local: someone\n',
    });
    if (!r.ok) throw new Error(r.problems.join());
    const p = postureOf(
      r.config,
      { enabled: [], disabled: [], warnings: [], errors: [], ceiling: 'read' },
      'http',
    );
    expect(p.warnings.join('\n')).toMatch(/service token needs admin\.user/);
    expect(p.info.http).toMatchObject({ zammadIdentity: 'From mapping (act as user)' });
  });
});

describe('per-principal Zammad tokens', () => {
  it('uses the principal’s own token, never the client’s credential or the service token', async () => {
    const s = await serve(sb, {
      MCP_ZAMMAD_TOKENS: `alice:${sb.credentials.agent.token}\nbob:${sb.credentials.customer.token}`,
    });
    const mark = sb.log.mark();
    const alice = await connect(s.url, { key: KEYS.alice, modern: true });
    await alice.client.callTool(search);
    const bob = await connect(s.url, { key: KEYS.bob });
    await bob.client.callTool(search);
    const auths = new Set(sb.log.since(mark).map((e) => e.headers.authorization));
    expect(auths).toEqual(
      new Set([`Token token=${sb.credentials.agent.token}`, `Token token=${sb.credentials.customer.token}`]),
    );
    await alice.client.close();
    await bob.client.close();
    // The tokens are registered secrets: they never appear in a log line.
    expect(s.logs.join('\n')).not.toContain(sb.credentials.agent.token);
    await s.close();
  });
});
