/**
 * `zammad-mcp doctor` against the sandbox, one case per failure kind (wrong token, unreachable,
 * not a Zammad, slow Zammad, customer-only token, admin token): the verdict, the exit code and
 * the fix line. Then the same checks at start-up: one warning in the log, and the first tool
 * call's error carrying the fix.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { runDoctor, formatReport, type Check } from '../src/doctor/index.js';
import { CLI, connectStdio, textOf } from './mcp.js';

let sb: Sandbox;
let notZammad: Server;
let notZammadUrl: string;

beforeAll(async () => {
  sb = await startSandbox();
  // A web server that is not Zammad: every path answers an HTML page.
  notZammad = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Welcome to our intranet</body></html>');
  });
  await new Promise<void>((r) => notZammad.listen(0, '127.0.0.1', r));
  notZammadUrl = `http://127.0.0.1:${(notZammad.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sb.close();
  await new Promise((r) => notZammad.close(r));
});

const env = (over: Record<string, string>): Record<string, string> => ({
  ZAMMAD_URL: sb.url,
  ZAMMAD_HTTP_TOKEN: sb.credentials.agent.token,
  ...over,
});
const byName = (checks: Check[], name: string): Check | undefined => checks.find((c) => c.name === name);

describe('doctor: each failure kind, its exit code and its fix', () => {
  it('an agent token on a reachable Zammad: exit 0, token and permissions pass', async () => {
    const r = await runDoctor({ env: env({ MCP_ALLOWED_GROUPS: 'Sales' }) });
    expect(r.code).toBe(0);
    expect(byName(r.checks, 'token')?.found).toBe(
      'Acts as Lukas Becker <lukas.becker@helpdesk.example> (id 3), roles Agent.',
    );
    expect(byName(r.checks, 'permissions')?.status).toBe('pass');
    expect(byName(r.checks, 'group scope')).toMatchObject({
      status: 'pass',
      found: 'Limited to Sales (sub-groups included).',
    });
  });

  it('wrong token: FAIL token, exit 1, the fix says where to make a token', async () => {
    const r = await runDoctor({ env: env({ ZAMMAD_HTTP_TOKEN: 'not-a-valid-token-0123456789' }) });
    expect(r.code).toBe(1);
    const c = byName(r.checks, 'token');
    expect(c?.status).toBe('fail');
    expect(c?.found).toMatch(/refused the credential \(401\)/);
    expect(c?.fix).toMatch(/Profile → Token Access → Create, with the permission ticket.agent/);
    expect(formatReport(r)).not.toContain('not-a-valid-token');
  });

  it('unreachable: FAIL reachability with the refused connection, exit 1', async () => {
    const r = await runDoctor({ env: env({ ZAMMAD_URL: 'http://127.0.0.1:9', ZAMMAD_MAX_RETRIES: '0' }) });
    expect(r.code).toBe(1);
    expect(byName(r.checks, 'reachability')).toMatchObject({
      status: 'fail',
      found: 'Cannot reach 127.0.0.1:9 (ECONNREFUSED).',
    });
    expect(byName(r.checks, 'reachability')?.fix).toMatch(/Check the host and port in ZAMMAD_URL/);
  });

  it('not a Zammad: FAIL zammad, the fix says what ZAMMAD_URL must be', async () => {
    const r = await runDoctor({ env: env({ ZAMMAD_URL: notZammadUrl }) });
    expect(r.code).toBe(1);
    const c = byName(r.checks, 'zammad');
    expect(c?.status).toBe('fail');
    expect(c?.found).toMatch(/is not a Zammad API/);
    expect(c?.fix).toMatch(/the address you open Zammad at in the browser/);
  });

  it('a Zammad URL with a wrong path (404): FAIL zammad', async () => {
    const r = await runDoctor({ env: env({ ZAMMAD_URL: `${sb.url}/helpdesk` }) });
    expect(r.code).toBe(1);
    expect(byName(r.checks, 'zammad')?.found).toMatch(/is not a Zammad API: GET \/users\/me answered 404/);
  });

  it('slow Zammad: FAIL reachability within the one deadline, the fix names ZAMMAD_TIMEOUT_MS', async () => {
    let release = (): void => undefined;
    const until = new Promise<void>((r) => (release = r));
    sb.faults.add({ method: 'GET', path: '/api/v1/users/me', until, times: Infinity });
    try {
      const r = await runDoctor({ env: env({ ZAMMAD_TIMEOUT_MS: '1000' }) });
      expect(r.code).toBe(1);
      expect(byName(r.checks, 'reachability')).toMatchObject({
        status: 'fail',
        found: `Zammad at ${new URL(sb.url).host} did not answer within 1000 ms.`,
      });
      expect(byName(r.checks, 'reachability')?.fix).toMatch(/raise ZAMMAD_TIMEOUT_MS/);
    } finally {
      sb.faults.clear();
      release();
      await sb.faults.settled();
    }
  });

  it('customer-only token: FAIL permissions (lacks ticket.agent), without the customer’s login', async () => {
    const r = await runDoctor({ env: env({ ZAMMAD_HTTP_TOKEN: sb.credentials.customer.token }) });
    expect(r.code).toBe(1);
    const c = byName(r.checks, 'permissions');
    expect(c?.status).toBe('fail');
    expect(c?.found).toMatch(/lacks ticket.agent/);
    expect(c?.found).not.toContain(sb.credentials.customer.login);
    expect(c?.fix).toMatch(/token of an agent user/);
  });

  it('admin token: WARN permissions and dedicated user, exit 0', async () => {
    const r = await runDoctor({ env: env({ ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token }) });
    expect(r.code).toBe(0);
    expect(byName(r.checks, 'zammad')?.found).toMatch(/^Zammad 7\.1\.2 at /);
    expect(byName(r.checks, 'permissions')).toMatchObject({ status: 'warn' });
    expect(byName(r.checks, 'permissions')?.found).toMatch(/is an administrator/);
    expect(byName(r.checks, 'dedicated user')?.status).toBe('warn');
  });

  it('configuration: every problem at once, exit 1, no connection attempted', async () => {
    const r = await runDoctor({ env: { ZAMMAD_URL: 'ftp://x', MCP_DENIED_TOOL: 'delete_ticket' } });
    expect(r.code).toBe(1);
    expect(r.checks.every((c) => c.name === 'configuration' && c.status === 'fail')).toBe(true);
    expect(r.checks.length).toBeGreaterThanOrEqual(2);
    expect(r.checks.map((c) => c.found).join('\n')).toContain('Did you mean MCP_DENIED_TOOLS?');
  });

  it('MCP_ALLOWED_GROUPS naming a group Zammad lacks: FAIL group scope with the valid names', async () => {
    const r = await runDoctor({ env: env({ MCP_ALLOWED_GROUPS: 'Salse' }) });
    expect(r.code).toBe(1);
    expect(byName(r.checks, 'group scope')?.found).toBe(
      'MCP_ALLOWED_GROUPS names groups Zammad does not have: Salse.',
    );
  });
});

const haveOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(haveOpenssl)('doctor: TLS', () => {
  it('a certificate no trusted CA signed: FAIL tls, the fix names ZAMMAD_CA_FILE; with it, TLS passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zmcp-doctor-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'k.pem',
      ].concat([
        '-out',
        'c.pem',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ]),
      { cwd: dir, stdio: 'ignore' },
    );
    // A TLS front for the sandbox: Zammad behind a certificate of a private CA.
    const target = new URL(sb.url);
    const front = createTlsServer(
      { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) },
      (req, res) => {
        void fetch(`${target.origin}${req.url ?? '/'}`, {
          headers: req.headers as Record<string, string>,
        }).then(async (r) => {
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await r.arrayBuffer()));
        });
      },
    );
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
    try {
      const bad = await runDoctor({ env: env({ ZAMMAD_URL: url, ZAMMAD_MAX_RETRIES: '0' }) });
      expect(bad.code).toBe(1);
      const c = byName(bad.checks, 'tls');
      expect(c?.status).toBe('fail');
      expect(c?.found).toMatch(/failed certificate verification \((SELF_SIGNED|DEPTH_ZERO)/);
      expect(c?.fix).toMatch(/ZAMMAD_CA_FILE/);
      const good = await runDoctor({ env: env({ ZAMMAD_URL: url, ZAMMAD_CA_FILE: join(dir, 'c.pem') }) });
      expect(byName(good.checks, 'tls')).toMatchObject({
        status: 'pass',
        found: expect.stringContaining('ZAMMAD_CA_FILE'),
      });
      expect(byName(good.checks, 'https')?.status).toBe('pass');
    } finally {
      await new Promise((r) => front.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('doctor: the production checklist', () => {
  it('warns on enabled delete tools, inline secrets, debug logs; passes them when fixed', async () => {
    const risky = await runDoctor({
      env: env({
        MCP_ALLOW_DESTRUCTIVE: 'true',
        MCP_ALLOWED_TOOLS: 'delete_ticket',
        MCP_LOG_LEVEL: 'debug',
      }),
    });
    expect(byName(risky.checks, 'delete tools')).toMatchObject({
      status: 'warn',
      found: expect.stringContaining('delete_ticket'),
    });
    expect(byName(risky.checks, 'delete tools')?.fix).toBe(
      'Unless the assistant must delete, set MCP_DENIED_TOOLS=delete_* (deny always wins).',
    );
    expect(byName(risky.checks, 'secrets')).toMatchObject({ status: 'warn' });
    expect(byName(risky.checks, 'secrets')?.fix).toContain('ZAMMAD_HTTP_TOKEN_FILE');
    expect(byName(risky.checks, 'logs')?.status).toBe('warn');
    expect(byName(risky.checks, 'https')?.status).toBe('warn');
    expect(byName(risky.checks, 'revoke')?.found).toMatch(/Token Access → delete the token/);

    const safe = await runDoctor({
      env: { ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN_FILE: '/run/secrets/t', MCP_DENIED_TOOLS: 'delete_*' },
      readFile: () => sb.credentials.agent.token,
    });
    expect(byName(safe.checks, 'delete tools')).toMatchObject({
      status: 'pass',
      found: 'Every delete_* tool is denied (MCP_DENIED_TOOLS).',
    });
    expect(byName(safe.checks, 'secrets')?.status).toBe('pass');
    expect(byName(safe.checks, 'logs')?.status).toBe('pass');
  });
});

describe('doctor as a command', () => {
  it('prints one line per check on stdout and exits 1 on a failure', async () => {
    const r = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'doctor'], {
        env: {
          PATH: process.env.PATH ?? '',
          ZAMMAD_URL: sb.url,
          ZAMMAD_HTTP_TOKEN: 'wrong-token-0123456789',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^PASS {2}configuration /m);
    expect(r.stdout).toMatch(
      /^FAIL {2}token +Zammad at .* refused the credential \(401\).* Fix: In Zammad: avatar/m,
    );
    expect(r.stdout).toMatch(/1 check failed/);
  });
});

describe('the same checks at start-up', () => {
  it('a wrong token: one warning in the log, and the first tool call’s error carries the fix', async () => {
    const mcp = await connectStdio({ ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: 'wrong-token-0123456789' });
    try {
      // The check runs in the background: wait for its line (the guard is the test's timeout).
      while (!mcp.stderr().includes('start-up check failed')) await new Promise((r) => setTimeout(r, 20));
      const warnings = mcp
        .stderr()
        .split('\n')
        .filter((l) => l.includes('start-up check failed'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /refused the credential \(401\).*Fix: In Zammad: avatar → Profile → Token Access/,
      );
      const first = await mcp.client.callTool({ name: 'search_tickets', arguments: { limit: 1 } });
      expect(first.isError).toBe(true);
      expect(textOf(first)).toMatch(/Start-up check: Zammad at .* refused the credential \(401\).* Fix: /);
      const second = await mcp.client.callTool({ name: 'search_tickets', arguments: { limit: 1 } });
      expect(textOf(second)).not.toContain('Start-up check');
    } finally {
      await mcp.close();
    }
  });

  it('a good configuration: the start-up check passes and adds nothing to calls', async () => {
    const mcp = await connectStdio({ ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: sb.credentials.agent.token });
    try {
      while (!mcp.stderr().includes('start-up check passed')) await new Promise((r) => setTimeout(r, 20));
      const r = await mcp.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 999999 } });
      expect(r.isError).toBe(true);
      expect(textOf(r)).not.toContain('Start-up check');
    } finally {
      await mcp.close();
    }
  });
});
