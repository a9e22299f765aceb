/**
 * The HTTP transport's edges under hostile or odd input: bodies over the limit however they
 * arrive, Host with its port, the server's own origin, and the posture's numbers.
 */
import { connect as netConnect } from 'node:net';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/log.js';
import { logPosture } from '../src/posture.js';
import { bearer, INIT, KEYS, KEYS_TEXT, raw, serve, type Served } from './http-helpers.js';

let sb: Sandbox;
let s: Served;
let port: number;

beforeAll(async () => {
  sb = await startSandbox();
  s = await serve(sb);
  port = Number(new URL(s.url).port);
});
afterAll(async () => {
  await s?.close();
  await sb?.close();
});

const init = (headers: Record<string, string>): Promise<number> =>
  raw(s.url, { body: INIT, headers: { ...bearer(KEYS.alice), ...headers } }).then((r) => r.status);

describe('Host, with its port', () => {
  it('the listening port is accepted under every local name; another port is refused (421)', async () => {
    for (const name of ['127.0.0.1', 'localhost', '[::1]'])
      expect(await init({ host: `${name}:${port}` })).toBe(200);
    const other = port === 65535 ? port - 1 : port + 1;
    for (const host of [`localhost:${other}`, `127.0.0.1:${other}`, 'localhost', '127.0.0.1:80'])
      expect(await init({ host }), host).toBe(421);
  });
  it('an empty Host stays refused', async () => {
    // node:http would fill in an empty Host: the request is written by hand.
    const status = await new Promise<string>((resolve, reject) => {
      const sock = netConnect(port, '127.0.0.1', () =>
        sock.end(
          `POST /mcp HTTP/1.1\r\nHost: \r\nAuthorization: Bearer ${KEYS.alice}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ${Buffer.byteLength(INIT)}\r\nConnection: close\r\n\r\n${INIT}`,
        ),
      );
      let got = '';
      sock.on('data', (d: Buffer) => (got += d.toString()));
      sock.on('end', () => resolve(got.split('\r\n')[0] ?? ''));
      sock.on('error', reject);
    });
    expect(status).toBe('HTTP/1.1 421 Misdirected Request');
  });
  it('MCP_ALLOWED_HOSTS entries keep their meaning: a name on any port, name:port exactly', async () => {
    const o = await serve(sb, { MCP_ALLOWED_HOSTS: 'mcp.example.com,other.example.com:9' });
    const at = (host: string): Promise<number> =>
      raw(o.url, { body: INIT, headers: { ...bearer(KEYS.alice), host } }).then((r) => r.status);
    expect(await at('mcp.example.com:1234')).toBe(200);
    expect(await at('other.example.com:9')).toBe(200);
    expect(await at('other.example.com:10')).toBe(421);
    expect(await at(`localhost:${new URL(o.url).port}`)).toBe(421);
    await o.close();
  });
});

describe('Origin', () => {
  it('the server’s own origin is accepted whichever of its names the request uses', async () => {
    for (const [host, origin] of [
      [`127.0.0.1:${port}`, `http://localhost:${port}`],
      [`localhost:${port}`, `http://127.0.0.1:${port}`],
      [`localhost:${port}`, `http://[::1]:${port}`],
    ] as const)
      expect(await init({ host, origin }), `${host} ${origin}`).toBe(200);
    // Another port on the same machine is another origin.
    expect(await init({ host: `127.0.0.1:${port}`, origin: `http://localhost:${port + 1}` })).toBe(403);
    expect(await init({ host: `127.0.0.1:${port}`, origin: `https://localhost:${port}` })).toBe(403);
  });
});

describe('posture', () => {
  it('shows the limits as numbers, the wrong-credential limit too (never masked as a secret)', () => {
    const r = loadConfig({
      env: {
        ZAMMAD_URL: 'https://z.example.com',
        ZAMMAD_HTTP_TOKEN: 'x'.repeat(20),
        MCP_TRANSPORT: 'http',
        MCP_API_KEYS: KEYS_TEXT,
        MCP_AUTH_FAILURES_PER_MINUTE: '17',
      },
    });
    if (!r.ok) throw new Error(r.problems.join());
    const lines: string[] = [];
    const sel = { enabled: [], disabled: [], warnings: [], errors: [], ceiling: 'read' as const };
    logPosture(createLogger('info', { write: (l) => void lines.push(l) }), r.config, sel, 'http');
    const posture = JSON.parse(lines[0] ?? '{}') as { http: { limits: Record<string, unknown> } };
    expect(posture.http.limits).toMatchObject({
      authFailuresPerMinute: 17,
      bodyBytes: 1048576,
      ratePerMinute: 600,
      rateBurst: 60,
      concurrentPerPrincipal: 16,
    });
    expect(lines[0]).not.toContain('***');
    // The Host allowlist as enforced: the default names on the listening port.
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      http: { allowedHosts: ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080'] },
    });
  });
});
