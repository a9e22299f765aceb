/**
 * Each HTTP control with the attack it stops, over real HTTP (checklist rows 15, 19–22 of
 * security-anchors.md §5; row 17 is in http.test.ts, rows 16 and 18 in http-oauth.test.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { bearer, connect, INIT, KEYS, KEYS_TEXT, raw, serve, type Served } from './http-helpers.js';

let sb: Sandbox;
let s: Served;

beforeAll(async () => {
  sb = await startSandbox();
  s = await serve(sb);
});
afterAll(async () => {
  await s?.close();
  await sb?.close();
});

describe('row 15: authentication is on by default', () => {
  it('no credential → 401 with WWW-Authenticate naming the resource metadata', async () => {
    const r = await raw(s.url, { body: INIT });
    expect(r.status).toBe(401);
    const www = String(r.headers['www-authenticate']);
    expect(www).toMatch(/^Bearer /);
    expect(www).toContain(
      `resource_metadata="${new URL(s.url).origin}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(JSON.parse(r.body)).toMatchObject({
      jsonrpc: '2.0',
      error: { message: expect.stringMatching(/^Unauthorized/) },
    });
    // The metadata document it points to is served without authentication.
    const prm = await raw(s.url, { method: 'GET', path: '/.well-known/oauth-protected-resource/mcp' });
    expect(prm.status).toBe(200);
    expect(JSON.parse(prm.body)).toMatchObject({
      resource: s.url,
      scopes_supported: expect.arrayContaining(['zammad:read']),
    });
  });

  it('a wrong key → 401, in either header; the right key works in either header', async () => {
    const wrong = KEYS.alice.slice(0, -2) + (KEYS.alice.endsWith('AA') ? 'BB' : 'AA');
    expect((await raw(s.url, { body: INIT, headers: bearer(wrong) })).status).toBe(401);
    expect((await raw(s.url, { body: INIT, headers: { 'x-api-key': wrong } })).status).toBe(401);
    expect(
      (await raw(s.url, { body: INIT, headers: { authorization: `Token token=${KEYS.alice}` } })).status,
    ).toBe(401);
    expect(
      (await raw(s.url, { body: INIT, headers: { authorization: `Basic ${btoa(`alice:${KEYS.alice}`)}` } }))
        .status,
    ).toBe(401);
    expect((await raw(s.url, { body: INIT, headers: bearer(KEYS.alice) })).status).toBe(200);
    expect((await raw(s.url, { body: INIT, headers: { 'x-api-key': KEYS.alice } })).status).toBe(200);
    // Two credentials are ambiguous: refused, never "the better one wins".
    expect(
      (await raw(s.url, { body: INIT, headers: { ...bearer(wrong), 'x-api-key': KEYS.alice } })).status,
    ).toBe(401);
    // The official client gets the 401 too.
    await expect(connect(s.url, { key: wrong })).rejects.toThrow();
  });

  it('never logs the key', () => {
    for (const k of Object.values(KEYS)) expect(s.logs.join('\n')).not.toContain(k);
    expect(s.logs.some((l) => l.includes('"reason":"unknown api key"'))).toBe(true);
  });

  it('enabled without a method → refuses to start; disabled → loopback only, with a warning', () => {
    const base = { ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: 'x'.repeat(20), MCP_TRANSPORT: 'http' };
    const none = loadConfig({ env: base });
    expect(none.ok).toBe(false);
    expect(!none.ok && none.problems.join('\n')).toMatch(
      /Client authentication is on .* no method is configured/,
    );
    const off = loadConfig({ env: { ...base, MCP_AUTH_ENABLED: 'false' } });
    expect(off.ok && off.config.warnings.join('\n')).toMatch(/CLIENT AUTHENTICATION IS OFF/);
    const offRemote = loadConfig({
      env: { ...base, MCP_AUTH_ENABLED: 'false', MCP_HTTP_HOST: '10.1.2.3', MCP_ALLOW_HTTP: 'true' },
    });
    expect(!offRemote.ok && offRemote.problems.join('\n')).toMatch(/allowed on a loopback address only/);
    // stdio never needs client authentication.
    expect(loadConfig({ env: { ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: 'x'.repeat(20) } }).ok).toBe(true);
  });
});

describe('row 19: DNS rebinding', () => {
  it('a forged Host gets 421 before anything else', async () => {
    const r = await raw(s.url, { body: INIT, headers: { ...bearer(KEYS.alice), host: 'evil.example' } });
    expect(r.status).toBe(421);
    const port = new URL(s.url).port;
    expect(
      (await raw(s.url, { body: INIT, headers: { ...bearer(KEYS.alice), host: `localhost:${port}` } }))
        .status,
    ).toBe(200);
  });

  it('a foreign browser Origin gets 403; same origin and no Origin work', async () => {
    const own = new URL(s.url).origin;
    const evil = await raw(s.url, {
      body: INIT,
      headers: { ...bearer(KEYS.alice), origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect(
      (await raw(s.url, { body: INIT, headers: { ...bearer(KEYS.alice), origin: 'null' } })).status,
    ).toBe(403);
    // Another local port is another origin (a dev server on localhost:5173 must not drive this one).
    const otherPort = await raw(s.url, {
      body: INIT,
      headers: { ...bearer(KEYS.alice), origin: 'http://127.0.0.1:5173' },
    });
    expect(otherPort.status).toBe(403);
    expect((await raw(s.url, { body: INIT, headers: { ...bearer(KEYS.alice), origin: own } })).status).toBe(
      200,
    );
    expect((await raw(s.url, { body: INIT, headers: bearer(KEYS.alice) })).status).toBe(200);
  });

  it('configured origins are allowed, with CORS answers for them only', async () => {
    const o = await serve(sb, { MCP_ALLOWED_ORIGINS: 'https://app.example.com' });
    const pre = await raw(o.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(pre.headers['access-control-allow-headers'])).toContain('mcp-session-id');
    const ok = await raw(o.url, {
      body: INIT,
      headers: { ...bearer(KEYS.alice), origin: 'https://app.example.com' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(
      (await raw(o.url, { body: INIT, headers: { ...bearer(KEYS.alice), origin: 'https://evil.example' } }))
        .status,
    ).toBe(403);
    await o.close();
  });
});

describe('row 20: TLS or loopback, checked at start-up', () => {
  const base = {
    ZAMMAD_URL: 'https://z.example.com',
    ZAMMAD_HTTP_TOKEN: 'x'.repeat(20),
    MCP_TRANSPORT: 'http',
    MCP_API_KEYS: KEYS_TEXT,
  };
  const problems = (env: Record<string, string>, readFile?: (p: string) => string): string => {
    const r = loadConfig({ env: { ...base, ...env }, ...(readFile ? { readFile } : {}) });
    return r.ok ? '' : r.problems.join('\n');
  };

  it('refuses plain HTTP on 0.0.0.0, :: or a public address, with the fix', () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.10'])
      expect(problems({ MCP_HTTP_HOST: host, MCP_ALLOWED_HOSTS: 'mcp.example.com' })).toMatch(
        /would serve plain HTTP beyond this machine.*MCP_TLS_CERT_FILE.*MCP_ALLOW_HTTP=true/,
      );
    expect(problems({ MCP_HTTP_HOST: '0.0.0.0', MCP_ALLOW_HTTP: 'true' })).toMatch(/set MCP_ALLOWED_HOSTS/);
    const allowed = loadConfig({
      env: {
        ...base,
        MCP_HTTP_HOST: '0.0.0.0',
        MCP_ALLOW_HTTP: 'true',
        MCP_ALLOWED_HOSTS: 'mcp.example.com',
      },
    });
    expect(allowed.ok && allowed.config.warnings.join('\n')).toMatch(
      /MCP_ALLOW_HTTP=true: plain HTTP is served on 0\.0\.0\.0/,
    );
    expect(problems({ MCP_HTTP_HOST: '127.0.0.1' })).toBe('');
  });

  it('refuses half a TLS configuration', () => {
    const files: Record<string, string> = {
      '/c.pem': '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n',
    };
    const read = (p: string): string => {
      const f = files[p];
      if (f === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return f;
    };
    expect(problems({ MCP_TLS_CERT_FILE: '/c.pem' }, read)).toMatch(/TLS is half configured/);
    expect(problems({ MCP_TLS_CLIENT_CA_FILE: '/c.pem' }, read)).toMatch(/needs MCP_TLS_CERT_FILE/);
  });

  it('the real command exits at start-up with the actionable error', async () => {
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'http', '--http-host', '0.0.0.0'], {
      env: { PATH: process.env.PATH ?? '', ...base, MCP_TRANSPORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/cannot start/);
    expect(err).toMatch(/MCP_HTTP_HOST=0\.0\.0\.0 would serve plain HTTP/);
  });
});

describe('row 21: source-IP allowlist and proxy headers', () => {
  it('an IP outside the list gets 403 before authentication', async () => {
    const o = await serve(sb, { MCP_ALLOWED_SOURCE_IPS: '10.0.0.0/8' });
    const noKey = await raw(o.url, { body: INIT });
    expect(noKey.status).toBe(403); // not 401: refused before authentication
    expect(noKey.body).toMatch(/source IP/);
    expect((await raw(o.url, { body: INIT, headers: bearer(KEYS.alice) })).status).toBe(403);
    await o.close();
  });

  it('a spoofed X-Forwarded-For is ignored unless the peer is a trusted proxy', async () => {
    const o = await serve(sb, { MCP_ALLOWED_SOURCE_IPS: '10.0.0.0/8' });
    const spoof = await raw(o.url, {
      body: INIT,
      headers: { ...bearer(KEYS.alice), 'x-forwarded-for': '10.0.0.5' },
    });
    expect(spoof.status).toBe(403);
    await o.close();

    const p = await serve(sb, { MCP_ALLOWED_SOURCE_IPS: '10.0.0.0/8', MCP_TRUSTED_PROXIES: '127.0.0.1' });
    const viaProxy = await raw(p.url, {
      body: INIT,
      headers: { ...bearer(KEYS.alice), 'x-forwarded-for': '10.0.0.5' },
    });
    expect(viaProxy.status).toBe(200);
    // The client prepends a forged allowed address; the proxy appends the real one: the real one counts.
    const forged = await raw(p.url, {
      body: INIT,
      headers: { ...bearer(KEYS.alice), 'x-forwarded-for': '10.0.0.5, 203.0.113.9' },
    });
    expect(forged.status).toBe(403);
    // Through the proxy without a header: the proxy's own address, outside the list.
    expect((await raw(p.url, { body: INIT, headers: bearer(KEYS.alice) })).status).toBe(403);
    await p.close();
  });
});

describe('row 22: denial-of-service bounds', () => {
  it('a 10 MB body gets 413, declared or chunked, before authentication', async () => {
    const big =
      '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"' + 'a'.repeat(10 * 1024 * 1024) + '"}}';
    const declared = await raw(s.url, { body: big, headers: bearer(KEYS.alice) });
    expect(declared.status).toBe(413);
    const chunked = await raw(s.url, { body: big, chunked: true });
    expect(chunked.status).toBe(413);
  });

  it('a burst gets 429 with Retry-After, per principal', async () => {
    const o = await serve(sb, { MCP_RATE_LIMIT_PER_MINUTE: '60', MCP_RATE_LIMIT_BURST: '5' });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 8; i++) {
      const r = await raw(o.url, { body: INIT, headers: bearer(KEYS.alice) });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = String(r.headers['retry-after']);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Bob has his own bucket.
    expect((await raw(o.url, { body: INIT, headers: bearer(KEYS.bob) })).status).toBe(200);
    await o.close();
  });

  it('wrong credentials from one address get 429 past the limit; valid and missing ones are not held up', async () => {
    const o = await serve(sb, { MCP_AUTH_FAILURES_PER_MINUTE: '3' });
    const wrong = { authorization: `Bearer ${'x'.repeat(43)}` };
    // No credential at all (a client's first request, OAuth discovery) never counts.
    for (let i = 0; i < 5; i++) expect((await raw(o.url, { body: INIT })).status).toBe(401);
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 5; i++) {
      const r = await raw(o.url, { body: INIT, headers: wrong });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = String(r.headers['retry-after']);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Someone else behind the same address (a NAT, a proxy) with a valid key is not locked out.
    expect((await raw(o.url, { body: INIT, headers: bearer(KEYS.alice) })).status).toBe(200);
    expect((await raw(o.url, { body: INIT, headers: wrong })).status).toBe(429);
    await o.close();
    // Off at 0.
    const off = await serve(sb, { MCP_AUTH_FAILURES_PER_MINUTE: '0' });
    for (let i = 0; i < 5; i++) expect((await raw(off.url, { body: INIT, headers: wrong })).status).toBe(401);
    await off.close();
  });

  it('caps requests in progress per principal', async () => {
    // Zammad answers slowly; three concurrent tool calls with a cap of 2: one is refused.
    const o = await serve(sb, { MCP_MAX_CONCURRENT_REQUESTS: '2' });
    const m = await connect(o.url, { key: KEYS.alice, modern: true });
    sb.faults.add({ path: /\/tickets\/search/, delayMs: 1500, times: 3 });
    const call = (): Promise<unknown> =>
      m.client.callTool({ name: 'search_tickets', arguments: { state: 'open', limit: 1 } }).then(
        () => 'ok',
        (e: unknown) => String(e),
      );
    const results = await Promise.all([call(), call(), call()]);
    expect(results.filter((r) => r === 'ok')).toHaveLength(2);
    expect(results.filter((r) => r !== 'ok').join()).toMatch(/429|Too many requests/);
    sb.faults.clear();
    await m.client.close();
    await o.close();
  });

  it('a client that sends its headers too slowly is cut off (header timeout)', async () => {
    const o = await serve(sb, { MCP_HEADERS_TIMEOUT_MS: '1000' });
    const u = new URL(o.url);
    const started = Date.now();
    const outcome = await new Promise<string>((resolve) => {
      const sock = netConnect(Number(u.port), u.hostname, () =>
        sock.write('POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n'),
      );
      let got = '';
      sock.on('data', (d) => (got += d.toString()));
      sock.on('close', () => resolve(got));
      sock.on('error', () => resolve(got));
      setTimeout(() => {
        sock.destroy();
        resolve('still open');
      }, 15_000);
    });
    expect(outcome).not.toBe('still open');
    expect(outcome === '' || outcome.startsWith('HTTP/1.1 408')).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    await o.close();
  });
});

describe('TLS and mutual TLS', () => {
  let dir: string;
  const pem = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const have = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  beforeAll(() => {
    if (!have) return;
    dir = mkdtempSync(join(tmpdir(), 'zmcp-tls-'));
    const ossl = (...args: string[]): void =>
      void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    ossl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=test-ca',
    );
    ossl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    );
    ossl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-copy_extensions',
      'copy',
    );
    ossl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'client.key',
      '-out',
      'client.csr',
      '-subj',
      '/CN=client',
    );
    ossl(
      'x509',
      '-req',
      '-in',
      'client.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'client.pem',
      '-days',
      '2',
    );
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(have)(
    'serves HTTPS with the configured certificate; with a client CA, only clients with a certificate',
    async () => {
      const env = { MCP_TLS_CERT_FILE: join(dir, 'server.pem'), MCP_TLS_KEY_FILE: join(dir, 'server.key') };
      const t = await serve(sb, env);
      expect(t.url).toMatch(/^https:/);
      const ok = await raw(t.url, { body: INIT, headers: bearer(KEYS.alice), tls: { ca: pem('ca.pem') } });
      expect(ok.status).toBe(200);
      await t.close();

      const m = await serve(sb, { ...env, MCP_TLS_CLIENT_CA_FILE: join(dir, 'ca.pem') });
      await expect(
        raw(m.url, { body: INIT, headers: bearer(KEYS.alice), tls: { ca: pem('ca.pem') } }),
      ).rejects.toThrow();
      const withCert = await raw(m.url, {
        body: INIT,
        headers: bearer(KEYS.alice),
        tls: { ca: pem('ca.pem'), cert: pem('client.pem'), key: pem('client.key') },
      });
      expect(withCert.status).toBe(200);
      await m.close();
    },
  );

  it('lists the controls in the posture, and warns about weakened ones', async () => {
    const { postureOf } = await import('../src/posture.js');
    const r = loadConfig({
      env: {
        ZAMMAD_URL: sb.url,
        ZAMMAD_HTTP_TOKEN: 'x'.repeat(20),
        MCP_TRANSPORT: 'http',
        MCP_AUTH_ENABLED: 'false',
        MCP_RATE_LIMIT_PER_MINUTE: '0',
      },
    });
    if (!r.ok) throw new Error(r.problems.join());
    const p = postureOf(
      r.config,
      { enabled: [], disabled: [], warnings: [], errors: [], ceiling: 'read' },
      'http',
    );
    expect(p.info.http).toMatchObject({ bind: '127.0.0.1:8080', clientAuth: 'OFF', tls: 'off (loopback)' });
    expect(p.warnings.join('\n')).toMatch(/CLIENT AUTHENTICATION IS OFF/);
    expect(p.warnings.join('\n')).toMatch(/No rate limit/);
  });
});
