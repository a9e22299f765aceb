/**
 * The policy file over real HTTP (issue 18): two API keys and a JWT, each narrowed by its rule of
 * the team recipe (docs/examples/policy-team.yaml): tools/list, the group scope, quotas at the
 * exact count with their reset time, and reloads that keep open sessions.
 */
import { once } from 'node:events';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { createApp, StartupError, type App, type ReloadReport } from '../src/app.js';
import { generateKey, keyLine } from '../src/auth/api-keys.js';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/log.js';
import { watchReloads } from '../src/reload.js';
import { startHttp, type HttpHandle } from '../src/transports/http/index.js';
import { connect, textOf } from './http-helpers.js';

const ISSUER = 'https://idp.example.com/';
const AUDIENCE = 'https://mcp.example.com/mcp';
const KEYS = { triage: generateKey(), lead: generateKey(), other: generateKey() };
const RECIPE = join(import.meta.dirname, '../docs/examples/policy-team.yaml');
/** A fixed clock: 10:20:30 UTC, so the quota windows (and their reset times) are known. */
const NOW = Date.UTC(2026, 11, 6, 10, 20, 30);

let sb: Sandbox;
let jwks: Server;
let jwksUrl = '';
let signer: CryptoKey;
let dir: string;

async function jwt(sub: string, claims: Record<string, unknown>): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: 'zammad:read zammad:write', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(signer);
}

interface Running {
  app: App;
  h: HttpHandle;
  logs: string[];
  close(): Promise<void>;
}

function env(policyFile: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ZAMMAD_URL: sb.url,
    ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
    ZAMMAD_MAX_RETRIES: '0',
    MCP_TRANSPORT: 'http',
    MCP_HTTP_PORT: '0',
    MCP_API_KEYS: [
      keyLine('triage-bot', KEYS.triage),
      keyLine('team-lead', KEYS.lead),
      keyLine('other', KEYS.other),
    ].join('\n'),
    MCP_OAUTH_JWKS_URL: jwksUrl,
    MCP_OAUTH_ISSUER: ISSUER,
    MCP_OAUTH_AUDIENCE: AUDIENCE,
    MCP_PUBLIC_URL: AUDIENCE,
    MCP_ALLOW_WRITE: 'true',
    MCP_ALLOW_EXTERNAL: 'true',
    MCP_ALLOWED_TOOLS: 'apply_macro',
    // The server selects every toolset; the rules narrow per principal (macros are in `bulk`).
    MCP_TOOLSETS: 'all',
    MCP_POLICY_FILE: policyFile,
    ...extra,
  };
}

async function run(e: Record<string, string>, now?: () => number): Promise<Running> {
  const source = { env: e };
  const r = loadConfig(source);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  const logs: string[] = [];
  const app = await createApp(r.config, createLogger('debug', { write: (l) => void logs.push(l) }), {
    source,
    ...(now ? { now } : {}),
  });
  const h = await startHttp(app);
  return {
    app,
    h,
    logs,
    close: async () => {
      await h.close();
      await app.close();
    },
  };
}

const names = async (c: Awaited<ReturnType<typeof connect>>['client']): Promise<string[]> =>
  (await c.listTools()).tools.map((t) => t.name).sort();

beforeAll(async () => {
  const k = await generateKeyPair('RS256', { extractable: true });
  signer = k.privateKey;
  const jwk: JWK = { ...(await exportJWK(k.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  sb = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'zmcp-policy-'));
});
afterAll(async () => {
  await sb?.close();
  await new Promise<void>((r) => (jwks ? jwks.close(() => r()) : r()));
});

describe('the team recipe (docs/examples/policy-team.yaml) over HTTP', () => {
  let s: Running;
  beforeAll(async () => {
    s = await run(env(RECIPE));
  });
  afterAll(async () => s?.close());

  it('each principal lists only its tools', async () => {
    const triage = await connect(s.h.url, { key: KEYS.triage });
    const lead = await connect(s.h.url, { key: KEYS.lead, modern: true });
    const auditor = await connect(s.h.url, { key: await jwt('audit-1', { roles: ['staff', 'auditor'] }) });
    const t = await names(triage.client);
    // Reads of its toolsets, and exactly one write: the internal note.
    expect(t).toContain('get_ticket');
    expect(t).toContain('add_internal_note');
    expect(t).not.toContain('update_ticket');
    expect(t).not.toContain('add_ticket_tag');
    expect(t).not.toContain('search_users'); // toolset customers
    expect(t).not.toContain('apply_macro');
    const l = await names(lead.client);
    expect(l).toEqual(
      expect.arrayContaining([
        'apply_macro',
        'update_ticket',
        'add_ticket_tag',
        'search_users',
        'confirm_action',
      ]),
    );
    expect(l).not.toContain('create_ticket'); // a write not in its allowed_tools
    expect(l).not.toContain('reply_to_customer'); // not in MCP_ALLOWED_TOOLS: the server's limit holds
    const a = await names(auditor.client);
    expect(a.length).toBeGreaterThan(10);
    expect(a).not.toContain('add_internal_note');
    expect(a).not.toContain('confirm_action');
    // A tool the principal does not list cannot be called either.
    await expect(
      triage.client.callTool({ name: 'update_ticket', arguments: { ticket_id: 3, priority: '3 high' } }),
    ).rejects.toThrow(/Tool update_ticket not found/);
    for (const c of [triage, lead, auditor]) await c.client.close();
  });

  it('groups: a Support ticket is found for the triage bot and not found for the Sales lead', async () => {
    const triage = await connect(s.h.url, { key: KEYS.triage });
    const lead = await connect(s.h.url, { key: KEYS.lead });
    const auditor = await connect(s.h.url, { key: await jwt('audit-1', { roles: 'auditor' }) });
    const ok = await triage.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 3 } });
    expect(ok.isError ?? false).toBe(false);
    expect(textOf(ok)).toContain('31003');
    const hidden = await lead.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 3 } });
    expect(hidden.isError).toBe(true);
    expect(textOf(hidden)).toMatch(/Ticket 3 not found/);
    // The bot's Billing ticket answers exactly like one that does not exist.
    const billing = await triage.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 5 } });
    const missing = await triage.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 99999 } });
    expect(textOf(billing).replace('5', 'N')).toBe(textOf(missing).replace('99999', 'N'));
    // A subgroup of Support is Support's; the auditor (no groups rule) sees Billing.
    expect(
      (await triage.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 7 } })).isError ?? false,
    ).toBe(false);
    expect(
      (await auditor.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 5 } })).isError ?? false,
    ).toBe(false);
    // Searches are filtered too.
    const found = await triage.client.callTool({ name: 'search_tickets', arguments: { query: 'renewal' } });
    expect(textOf(found)).not.toContain('31005');
    for (const c of [triage, lead, auditor]) await c.client.close();
  });

  it('a principal no rule names is refused (there is no default rule)', async () => {
    const r = await fetch(s.h.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${KEYS.other}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(r.status).toBe(403);
    expect(await r.text()).toMatch(/no rule for this principal/);
  });
});

describe('quotas over HTTP', () => {
  it('the call past the quota is refused with the quota and its reset time; the count is exact', async () => {
    const file = join(dir, 'quota.yaml');
    writeFileSync(
      file,
      [
        'principals:',
        '  triage-bot:',
        '    allowed_tools: [add_internal_note]',
        '    write_quota_per_hour: 2',
        '    calls_per_minute: 4',
        '  team-lead: { denied_tools: [confirm_action] }',
        'default: { risk: read }',
      ].join('\n'),
    );
    const s = await run(env(file), () => NOW);
    try {
      const bot = await connect(s.h.url, { key: KEYS.triage });
      const note = (): Promise<{ isError?: boolean; content?: unknown }> =>
        bot.client.callTool({
          name: 'add_internal_note',
          arguments: { ticket_id: 3, body: 'Checked the connector logs.' },
        }) as never;
      expect((await note()).isError ?? false).toBe(false);
      expect((await note()).isError ?? false).toBe(false);
      const third = await note();
      expect(third.isError).toBe(true);
      expect(textOf(third)).toMatch(
        /Quota exceeded: write_quota_per_hour \(2 writes per hour\) for key:triage-bot.*resets at 2026-12-06T11:00:00Z \(in 2370 s\)/,
      );
      // The refused write did not count as a call: two reads are left this minute, then none.
      for (let i = 0; i < 2; i++) {
        const read = await bot.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 3 } });
        expect(read.isError ?? false).toBe(false);
      }
      const fifth = await bot.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 3 } });
      expect(textOf(fifth)).toMatch(
        /calls_per_minute \(4 calls per minute\).*resets at 2026-12-06T10:21:00Z \(in 30 s\)/,
      );
      // Quotas are per principal: the lead has none. Its rule denies confirm_action, which is no
      // declared tool: the grant leaves it out all the same (gated tools then confirm by form only).
      const lead = await connect(s.h.url, { key: KEYS.lead });
      const leadTools = await names(lead.client);
      expect(leadTools).toContain('apply_macro');
      expect(leadTools).not.toContain('confirm_action');
      expect(
        (await lead.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 3 } })).isError ?? false,
      ).toBe(false);
      expect(s.logs.join('\n')).toMatch(/"outcome":"quota"/);
      await bot.client.close();
      await lead.client.close();
    } finally {
      await s.close();
    }
  });
});

describe('reload', () => {
  it('a good new file applies to an open session; a bad one is refused and the old policy stays', async () => {
    const file = join(dir, 'reload.yaml');
    copyFileSync(RECIPE, file);
    const s = await run(env(file));
    const stop = watchReloads(s.app, { debounceMs: 20 });
    try {
      const bot = await connect(s.h.url, { key: KEYS.triage }); // a 2025-era session
      expect(
        (await bot.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 3 } })).isError ?? false,
      ).toBe(false);
      // The file is replaced as editors do (a new file renamed over it); the watcher reloads.
      const next = readFileSync(RECIPE, 'utf8').replace(
        'allowed_groups: [Support]',
        'allowed_groups: [Billing]',
      );
      const reloaded = once(s.app.events, 'reload') as Promise<[ReloadReport]>;
      writeFileSync(`${file}.new`, next);
      renameSync(`${file}.new`, file);
      const [report] = await reloaded;
      expect(report.policy).toEqual({ ok: true, version: 2 });
      // Same session, new policy: Support is out of scope now, Billing in.
      expect(textOf(await bot.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 3 } }))).toMatch(
        /not found/,
      );
      expect(
        (await bot.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 5 } })).isError ?? false,
      ).toBe(false);
      // A bad file: refused with file, line and the valid values; the policy in force stays.
      const bad = once(s.app.events, 'reload') as Promise<[ReloadReport]>;
      writeFileSync(`${file}.new`, next.replace('risk: write', 'risk: writ'));
      renameSync(`${file}.new`, file);
      const [refused] = await bad;
      expect(refused.policy?.ok).toBe(false);
      const problems = refused.policy && !refused.policy.ok ? refused.policy.problems.join('\n') : '';
      expect(problems).toMatch(
        /reload\.yaml:9: principals\.triage-bot\.risk: is not allowed\. Valid values: read, write, external, destructive/,
      );
      expect(s.app.governance?.current.version).toBe(2);
      expect(
        (await bot.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 5 } })).isError ?? false,
      ).toBe(false);
      expect(s.logs.join('\n')).toMatch(/policy file refused, the policy in force stays/);
      await bot.client.close();
    } finally {
      stop();
      await s.close();
    }
  });

  it('a call in progress during a reload is not dropped', async () => {
    const file = join(dir, 'inflight.yaml');
    copyFileSync(RECIPE, file);
    const s = await run(env(file));
    try {
      const bot = await connect(s.h.url, { key: KEYS.triage, modern: true });
      let release = (): void => undefined;
      let arrived = (): void => undefined;
      const held = new Promise<void>((r) => (release = r));
      const reached = new Promise<void>((r) => (arrived = r));
      sb.faults.add({
        method: 'GET',
        path: /\/api\/v1\/ticket_articles\/by_ticket\/3$/,
        until: held,
        onMatch: () => arrived(),
      });
      const call = bot.client.callTool({ name: 'list_ticket_articles', arguments: { ticket_id: 3 } });
      await reached; // the call is inside Zammad now
      writeFileSync(
        file,
        readFileSync(RECIPE, 'utf8').replace('calls_per_minute: 60', 'calls_per_minute: 61'),
      );
      expect((await s.app.reload()).policy).toEqual({ ok: true, version: 2 });
      release();
      const r = await call;
      expect(r.isError ?? false).toBe(false);
      expect(JSON.stringify(r.structuredContent)).toMatch(/"ticket_id":3/);
      await bot.client.close();
    } finally {
      sb.faults.clear();
      await s.close();
    }
  });

  it('a rotated API-keys file and Zammad token take effect on reload, without a restart', async () => {
    const keysFile = join(dir, 'keys');
    const tokenFile = join(dir, 'token');
    const e = env(RECIPE);
    writeFileSync(keysFile, e.MCP_API_KEYS as string);
    writeFileSync(tokenFile, sb.credentials.admin.token);
    const { MCP_API_KEYS: _k, ZAMMAD_HTTP_TOKEN: _t, ...rest } = e;
    const s = await run({ ...rest, MCP_API_KEYS_FILE: keysFile, ZAMMAD_HTTP_TOKEN_FILE: tokenFile });
    try {
      const fresh = generateKey();
      const ok = async (key: string): Promise<number> =>
        (
          await fetch(s.h.url, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
            },
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
          })
        ).status;
      // 401: refused by authentication; anything else got past it.
      expect(await ok(fresh)).toBe(401);
      writeFileSync(keysFile, [keyLine('triage-bot', fresh), keyLine('team-lead', KEYS.lead)].join('\n'));
      // A token Zammad does not know: every Zammad request after the reload must use it.
      writeFileSync(tokenFile, 'rotated-but-wrong-token');
      const report = await s.app.reload();
      expect(report.secrets.ok).toBe(true);
      expect(await ok(fresh)).not.toBe(401);
      expect(await ok(KEYS.triage)).toBe(401);
      const lead = await connect(s.h.url, { key: KEYS.lead });
      // (A search always asks Zammad; group names come from a cache.)
      const search = { name: 'search_tickets', arguments: { query: 'renewal' } };
      const r = await lead.client.callTool(search);
      expect(r.isError).toBe(true);
      // Back to the right token: works again, same process.
      writeFileSync(tokenFile, sb.credentials.admin.token);
      await s.app.reload();
      expect((await lead.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 3 } })).isError).toBe(
        true,
      ); // Support: out of scope
      expect((await lead.client.callTool(search)).isError ?? false).toBe(false);
      expect(s.logs.join('\n')).not.toContain('rotated-but-wrong-token');
      await lead.client.close();
    } finally {
      await s.close();
    }
  });
});

describe('start-up refuses a bad policy file', () => {
  it('unknown tool, toolset, group, or a rule matching nobody: each named with file, field and valid values', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'principals:',
        '  triage-bot:',
        '    toolsets: [tickets, tikets]',
        '    denied_tools: [delete_tickt]',
        '    allowed_groups: [Supprt]',
      ].join('\n'),
    );
    const r = loadConfig({ env: env(file) });
    if (!r.ok) throw new Error('config');
    const e = await createApp(r.config, createLogger('error', { write: () => undefined })).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(StartupError);
    expect((e as StartupError).problems.join('\n')).toMatch(
      /bad\.yaml:3: principals\.triage-bot\.toolsets\.\[1\]: is not allowed\. Valid values: worklist, tickets/,
    );
    writeFileSync(
      file,
      [
        'principals:',
        '  triage-bot:',
        '    denied_tools: [delete_tickt]',
        '    allowed_groups: [Supprt]',
        '  nobody-known: {}',
      ].join('\n'),
    );
    const e2 = (await createApp(r.config, createLogger('error', { write: () => undefined })).catch(
      (x: unknown) => x,
    )) as StartupError;
    const text = e2.problems.join('\n');
    expect(text).toMatch(/denied_tools names unknown tools: delete_tickt\. Valid tool names: search_tickets/);
    expect(text).toMatch(
      /allowed_groups names groups Zammad does not have: Supprt\. Valid groups: .*Support/,
    );
    // With JWTs accepted, a bare name may be a subject; without them it matches nobody.
    const noJwt = loadConfig({
      env: { ...env(file), MCP_OAUTH_JWKS_URL: '', MCP_OAUTH_ISSUER: '', MCP_OAUTH_AUDIENCE: '' },
    });
    if (!noJwt.ok) throw new Error(noJwt.problems.join());
    const e3 = (await createApp(noJwt.config, createLogger('error', { write: () => undefined })).catch(
      (x: unknown) => x,
    )) as StartupError;
    expect(e3.problems.join('\n')).toMatch(
      /principals\.nobody-known matches nobody known\. Known principals: triage-bot, team-lead, other/,
    );
  });
});

describe('posture', () => {
  it('names the policy file and telemetry; warns when several clients share one policy', async () => {
    const { postureOf } = await import('../src/posture.js');
    const sel = { enabled: [], disabled: [], warnings: [], errors: [], ceiling: 'read' as const };
    const withFile = loadConfig({
      env: { ...env(RECIPE), OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
    });
    if (!withFile.ok) throw new Error(withFile.problems.join());
    const p = postureOf(withFile.config, sel, 'http');
    expect(p.info.policyFile).toMatch(
      /policy-team\.yaml \(rules per principal; reloaded on SIGHUP and change\)/,
    );
    expect(p.info.telemetry).toMatch(
      /OTLP http\/protobuf, traces to collector:4318, metrics to collector:4318/,
    );
    expect(p.warnings.join('\n')).not.toMatch(/no MCP_POLICY_FILE/);
    const without = loadConfig({ env: { ...env(RECIPE), MCP_POLICY_FILE: '' } });
    if (!without.ok) throw new Error(without.problems.join());
    const q = postureOf(without.config, sel, 'http');
    expect(q.info).toMatchObject({ policyFile: 'none', telemetry: 'off' });
    expect(q.warnings.join('\n')).toMatch(
      /Every client gets the same tools and groups \(no MCP_POLICY_FILE\)/,
    );
  });
});
