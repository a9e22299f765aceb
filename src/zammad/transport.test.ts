import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttps, type Server as HttpsServer } from 'node:https';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZammadError } from './errors.js';
import { ZammadHttp } from './http.js';

const http = (apiUrl: string, ca?: string): ZammadHttp =>
  new ZammadHttp({
    apiUrl,
    auth: { kind: 'token', token: 't' },
    timeoutMs: 10_000,
    maxRetries: 0,
    maxConcurrency: 4,
    ...(ca ? { ca } : {}),
  });

describe('transport: keep-alive and redirects', () => {
  let server: Server;
  let url: string;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/moved')) {
        res.writeHead(302, { location: 'http://elsewhere.invalid/' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('reuses one connection for requests in sequence', async () => {
    const h = http(url);
    const before = connections;
    for (let i = 0; i < 5; i++) expect((await h.request('GET', '/x')).body).toEqual({ ok: true });
    expect(connections - before).toBe(1);
    await h.close();
  });

  it('follows no redirect', async () => {
    const h = http(url);
    const e = await h.request('GET', '/moved').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ZammadError);
    expect((e as ZammadError).message).toMatch(/redirect; check ZAMMAD_URL/);
    await h.close();
  });
});

describe('transport: a Zammad behind a private CA (ZAMMAD_CA_FILE)', () => {
  const have = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  let dir: string;
  let server: HttpsServer;
  let url: string;
  const pem = (name: string): string => readFileSync(join(dir, name), 'utf8');

  beforeAll(async () => {
    if (!have) return;
    dir = mkdtempSync(join(tmpdir(), 'zmcp-ca-'));
    const ossl = (...args: string[]): void =>
      void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    ossl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test-ca');
    ossl(
      'req',
      ...ec,
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
    server = createHttps({ key: pem('server.key'), cert: pem('server.pem') }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"secure":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (!have) return;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!have)('trusts the given CA, and without it refuses the certificate', async () => {
    const trusting = http(url, pem('ca.pem'));
    expect((await trusting.request('GET', '/x')).body).toEqual({ secure: true });
    await trusting.close();
    const plain = http(url);
    const e = await plain.request('GET', '/x').catch((x: unknown) => x);
    expect((e as ZammadError).kind).toBe('network');
    await plain.close();
  });
});
