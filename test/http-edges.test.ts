/**
 * The HTTP transport's edges under hostile or odd input: bodies over the limit however they
 * arrive, Host with its port, the server's own origin, and the posture's numbers.
 */
import { request as httpRequest } from 'node:http';
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

const MB = 1024 * 1024;

/**
 * Sends a `size`-byte body the way a plain client does (written to the end, whatever the
 * server answers meanwhile), declared with Content-Length or chunked. Resolves once the
 * connection is closed, with the status and the first socket error (a reset shows there).
 */
function sendBig(
  url: string,
  mode: 'declared' | 'chunked',
  size = 20 * MB,
): Promise<{ status: number; body: string; error?: string }> {
  const u = new URL(url);
  return new Promise((resolve) => {
    let status = 0;
    let body = '';
    let error: string | undefined;
    const req = httpRequest({
      host: u.hostname,
      port: u.port,
      method: 'POST',
      path: u.pathname,
      agent: false,
      headers: {
        ...bearer(KEYS.alice),
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(mode === 'declared' ? { 'content-length': String(size) } : {}),
      },
    });
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('error', (e) => (error ??= (e as NodeJS.ErrnoException).code ?? e.message));
    });
    req.on('error', (e) => (error ??= (e as NodeJS.ErrnoException).code ?? e.message));
    req.on('close', () => resolve({ status, body, ...(error ? { error } : {}) }));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const write = (): void => {
      while (sent < size && !req.destroyed) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(chunk.subarray(0, n))) return void req.once('drain', write);
      }
      if (!req.destroyed) req.end();
    };
    write();
  });
}

describe('a body over the limit gets 413, however it arrives', () => {
  it('20 MB with a declared Content-Length: 413, and the connection is closed, not reset', async () => {
    const r = await sendBig(s.url, 'declared');
    expect(r).toEqual({ status: 413, body: expect.stringMatching(/Payload too large/) as unknown });
  });
  it('20 MB chunked, without a length: 413, not a reset', async () => {
    const r = await sendBig(s.url, 'chunked');
    expect(r).toEqual({ status: 413, body: expect.stringMatching(/Payload too large/) as unknown });
  });
  it('a client that keeps sending until it has the answer: 413, then a clean close', async () => {
    const outcome = await new Promise<{ head: string; sent: number; error?: string }>((resolve) => {
      let got = '';
      let sent = 0;
      let error: string | undefined;
      let answered = false;
      const sock = netConnect(port, '127.0.0.1');
      sock.on('data', (d: Buffer) => {
        got += d.toString();
        // The whole answer is in (its body is JSON): finish the body and hang up.
        if (!answered && /\r\n\r\n\{.*\}$/s.test(got)) {
          answered = true;
          sock.end('0\r\n\r\n');
        }
      });
      sock.on('error', (e) => (error ??= (e as NodeJS.ErrnoException).code ?? e.message));
      sock.on('close', () =>
        resolve({ head: got.split('\r\n')[0] ?? '', sent, ...(error ? { error } : {}) }),
      );
      const piece = `4000\r\n${'a'.repeat(0x4000)}\r\n`;
      const more = (): void => {
        if (answered || sock.destroyed) return;
        sent += 0x4000;
        sock.write(piece, () => setImmediate(more));
      };
      sock.write(
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${KEYS.alice}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n`,
        more,
      );
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.head).toBe('HTTP/1.1 413 Payload Too Large');
    expect(outcome.sent).toBeGreaterThan(MB);
  });
  it('a client that never stops gets its 413, and is cut off after MCP_REQUEST_TIMEOUT_MS', async () => {
    const o = await serve(sb, { MCP_REQUEST_TIMEOUT_MS: '1000', MCP_HEADERS_TIMEOUT_MS: '1000' });
    const oPort = Number(new URL(o.url).port);
    const head = await new Promise<string>((resolve) => {
      let got = '';
      const sock = netConnect(oPort, '127.0.0.1');
      sock.on('data', (d: Buffer) => (got += d.toString()));
      sock.on('error', () => undefined); // the cut may arrive as a reset: the client never stopped
      sock.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
      const piece = `4000\r\n${'a'.repeat(0x4000)}\r\n`;
      const more = (): void => {
        if (!sock.destroyed) sock.write(piece, () => setImmediate(more));
      };
      sock.write(
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${oPort}\r\nTransfer-Encoding: chunked\r\n\r\n`,
        more,
      );
    });
    expect(head).toBe('HTTP/1.1 413 Payload Too Large');
    await o.close();
  });
  it('a body within the limit still works on the same server', async () => {
    expect(await init({})).toBe(200);
  });
});

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

describe('timeouts', () => {
  it('a headers timeout longer than the request timeout is a configuration problem, not a crash at start', () => {
    const r = loadConfig({
      env: {
        ZAMMAD_URL: 'https://z.example.com',
        ZAMMAD_HTTP_TOKEN: 'x'.repeat(20),
        MCP_TRANSPORT: 'http',
        MCP_API_KEYS: KEYS_TEXT,
        MCP_REQUEST_TIMEOUT_MS: '5000',
      },
    });
    expect(r.ok ? [] : r.problems).toEqual([
      'MCP_HEADERS_TIMEOUT_MS (10000) is longer than MCP_REQUEST_TIMEOUT_MS (5000), which includes the headers: lower MCP_HEADERS_TIMEOUT_MS or raise MCP_REQUEST_TIMEOUT_MS.',
    ]);
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
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ shutdownTimeoutMs: 20000 });
    // The Host allowlist as enforced: the default names on the listening port.
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      http: { allowedHosts: ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080'] },
    });
  });
});
