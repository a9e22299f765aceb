/**
 * The OAuth 2.1 resource server over real HTTP (checklist rows 16 and 18): JWT access tokens
 * verified against a JWKS served by a local authorization-server stand-in, with keys made here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { ALL_TOOLS } from '../src/tools/registry.js';
import { bearer, connect, INIT, raw, serve, tagFixture, textOf, type Served } from './http-helpers.js';

let sb: Sandbox;
let s: Served;
let jwksServer: Server;
let jwksUrl = '';
let jwksFetches = 0;
let key: { privateKey: CryptoKey; publicKey: CryptoKey };
let stranger: { privateKey: CryptoKey; publicKey: CryptoKey };
const ISSUER = 'https://idp.example.com/';
const AUDIENCE = 'https://mcp.example.com/mcp';

async function token(
  claims: Record<string, unknown> = {},
  o: { aud?: string; iss?: string; exp?: number; signer?: CryptoKey; kid?: string; sub?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: 'zammad:read zammad:write', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? 'k1' })
    .setIssuer(o.iss ?? ISSUER)
    .setAudience(o.aud ?? AUDIENCE)
    .setSubject(o.sub ?? 'user-42')
    .setIssuedAt(now)
    .setExpirationTime(o.exp ?? now + 300)
    .sign(o.signer ?? key.privateKey);
}

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

beforeAll(async () => {
  key = await generateKeyPair('RS256', { extractable: true });
  stranger = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwksServer = createServer((req, res) => {
    jwksFetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
  sb = await startSandbox();
  s = await serve(
    sb,
    {
      MCP_API_KEYS: '',
      MCP_OAUTH_JWKS_URL: jwksUrl,
      MCP_OAUTH_ISSUER: ISSUER,
      MCP_OAUTH_AUDIENCE: AUDIENCE,
      MCP_PUBLIC_URL: AUDIENCE,
      MCP_ALLOW_WRITE: 'true',
    },
    { tools: [...ALL_TOOLS.filter((t) => t.risk === 'read'), tagFixture] },
  );
});
afterAll(async () => {
  await s?.close();
  await sb?.close();
  await new Promise<void>((r) => (jwksServer ? jwksServer.close(() => r()) : r()));
});

describe('row 16: JWT checks', () => {
  it('a valid token works with both client generations; the JWKS is fetched once and cached', async () => {
    const t = await token();
    for (const modern of [false, true]) {
      const c = await connect(s.url, { key: t, modern });
      const r = await c.client.callTool({ name: 'search_tickets', arguments: { state: 'open', limit: 1 } });
      expect(r.isError, textOf(r)).toBeFalsy();
      await c.client.close();
    }
    expect(jwksFetches).toBe(1);
    expect(s.logs.some((l) => l.includes('"principal":"oauth:user-42"'))).toBe(true);
  });

  const rejected: Array<[string, () => Promise<string>, RegExp]> = [
    [
      'alg:none',
      async () =>
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: ISSUER, aud: AUDIENCE, sub: 'x', scope: 'zammad:read', exp: Math.floor(Date.now() / 1000) + 300 })}.`,
      /invalid|algorithm/,
    ],
    [
      'HS256 signed with the RSA public key as the secret',
      async () => {
        const secret = new TextEncoder().encode(await exportSPKI(key.publicKey));
        return new SignJWT({ scope: 'zammad:read' })
          .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setSubject('x')
          .setExpirationTime('5m')
          .sign(secret);
      },
      /algorithm/,
    ],
    [
      'a token for another application (aud=other-app)',
      () => token({}, { aud: 'other-app' }),
      /not issued for this server/,
    ],
    ['an expired token', () => token({}, { exp: Math.floor(Date.now() / 1000) - 120 }), /expired/],
    ['another issuer', () => token({}, { iss: 'https://evil.example/' }), /expected authorization server/],
    [
      'a key the authorization server does not publish',
      () => token({}, { signer: stranger.privateKey }),
      /invalid/,
    ],
    ['a forged signature', async () => (await token()).replace(/.{6}$/, 'AAAAAA'), /invalid/],
  ];
  for (const [what, make, why] of rejected) {
    it(`refuses ${what} with 401 and a challenge`, async () => {
      const r = await raw(s.url, { body: INIT, headers: bearer(await make()) });
      expect(r.status).toBe(401);
      expect(String(r.headers['www-authenticate'])).toMatch(
        /^Bearer .*error="invalid_token".*resource_metadata=/,
      );
      expect(r.body).toMatch(why);
    });
  }

  it('a token with none of this server’s scopes gets 403 insufficient_scope', async () => {
    const r = await raw(s.url, { body: INIT, headers: bearer(await token({ scope: 'openid profile' })) });
    expect(r.status).toBe(403);
    expect(String(r.headers['www-authenticate'])).toMatch(/error="insufficient_scope".*scope="zammad:read"/);
  });

  it('serves RFC 9728 protected-resource metadata naming the authorization server', async () => {
    const r = await raw(s.url, {
      method: 'GET',
      path: '/.well-known/oauth-protected-resource/mcp',
      headers: { host: 'mcp.example.com' },
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      resource: AUDIENCE,
      authorization_servers: [ISSUER],
      scopes_supported: ['zammad:read', 'zammad:write', 'zammad:external', 'zammad:destructive'],
      bearer_methods_supported: ['header'],
      resource_name: 'Zammad MCP server',
    });
    const challenge = await raw(s.url, { body: INIT });
    expect(String(challenge.headers['www-authenticate'])).toContain(
      'resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"',
    );
  });
});

describe('row 18: scope step-up', () => {
  it('a read-scoped token sees only read tools, and calling a write tool gets 403 insufficient_scope', async () => {
    const read = await token({ scope: 'zammad:read' });
    const c = await connect(s.url, { key: read, modern: true });
    const { tools } = await c.client.listTools();
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    expect(tools.map((t) => t.name)).not.toContain('fixture_add_tag');
    await expect(
      c.client.callTool({ name: 'fixture_add_tag', arguments: { ticket_id: 1, tag: 'x' } }),
    ).rejects.toThrow();
    await c.client.close();

    const mark = sb.log.mark();
    const call = JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'fixture_add_tag', arguments: { ticket_id: 1, tag: 'x' } },
    });
    const init = await raw(s.url, { body: INIT, headers: bearer(read) });
    const sid = String(init.headers['mcp-session-id']);
    const r = await raw(s.url, {
      body: call,
      headers: { ...bearer(read), 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' },
    });
    expect(r.status).toBe(403);
    // Every scope the client needs in one challenge: what it had plus what the call needs.
    expect(String(r.headers['www-authenticate'])).toMatch(
      /error="insufficient_scope".*scope="zammad:read zammad:write".*resource_metadata="https:\/\/mcp\.example\.com\/\.well-known\/oauth-protected-resource\/mcp"/,
    );
    expect(sb.log.since(mark).filter((e) => e.method !== 'GET')).toEqual([]);

    // With the write scope the same call goes through.
    const rw = await connect(s.url, { key: await token({ scope: 'zammad:read zammad:write' }) });
    expect((await rw.client.listTools()).tools.map((t) => t.name)).toContain('fixture_add_tag');
    const ok = await rw.client.callTool({
      name: 'fixture_add_tag',
      arguments: { ticket_id: [...sb.store.tickets.keys()][0], tag: 'stepped-up' },
    });
    expect(ok.isError, textOf(ok)).toBeFalsy();
    await rw.client.close();
  });

  it('a JWT never reaches Zammad: it only sees the server’s own token', async () => {
    const t = await token();
    const mark = sb.log.mark();
    const c = await connect(s.url, { key: t });
    await c.client.callTool({ name: 'search_tickets', arguments: { state: 'open', limit: 1 } });
    await c.client.close();
    const seen = sb.log.since(mark);
    expect(seen.length).toBeGreaterThan(0);
    for (const e of seen) {
      expect(e.headers.authorization).toBe(`Token token=${sb.credentials.admin.token}`);
      expect(JSON.stringify(e)).not.toContain(t.split('.')[2]);
    }
  });
});

describe('an unreachable JWKS', () => {
  it('answers 503, never lets the token through', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/jwks.json`;
    await new Promise<void>((r) => dead.close(() => r()));
    const o = await serve(sb, {
      MCP_API_KEYS: '',
      MCP_OAUTH_JWKS_URL: url,
      MCP_OAUTH_ISSUER: ISSUER,
      MCP_OAUTH_AUDIENCE: AUDIENCE,
    });
    const r = await raw(o.url, { body: INIT, headers: bearer(await token()) });
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toBe('30');
    await o.close();
  });
});
