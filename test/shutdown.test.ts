/**
 * Graceful shutdown of the built server: SIGTERM while a write is held in Zammad (the sandbox
 * holds it until the test lets it go). The write finishes and is answered, its audit line is in
 * the audit file, nothing new is taken meanwhile, and the process exits 0.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditFile } from '../src/audit.js';
import { connect, KEYS, serve } from './http-helpers.js';
import { CLI } from './mcp.js';

let sb: Sandbox;
let dir: string;
const KEY = 'audit-key-for-the-shutdown-tests-0123456789';

beforeAll(async () => {
  sb = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'zmcp-shutdown-'));
});
afterAll(async () => {
  await sb?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Holds the next POST to `path` in the sandbox: `arrived` once it is there, `release()` lets it go. */
function hold(path: string): { arrived: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const until = new Promise<void>((r) => (release = r));
  const arrived = new Promise<void>((r) => sb.faults.add({ method: 'POST', path, until, onMatch: r }));
  return { arrived, release };
}

interface Running {
  child: ChildProcessWithoutNullStreams;
  /** The first log line whose `msg` is `msg` (already written or still to come). */
  logged(msg: string): Promise<Record<string, unknown>>;
  exit: Promise<number | null>;
}

function run(args: string[], env: Record<string, string>): Running {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', MCP_LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const waiting: Array<() => void> = [];
  let buf = '';
  child.stderr.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    for (const p of parts) {
      try {
        lines.push(JSON.parse(p) as Record<string, unknown>);
      } catch {
        lines.push({ msg: p });
      }
    }
    for (const w of waiting.splice(0)) w();
  });
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const logged = async (msg: string): Promise<Record<string, unknown>> => {
    for (;;) {
      const hit = lines.find((l) => l.msg === msg);
      if (hit) return hit;
      await new Promise<void>((r) => waiting.push(r));
    }
  };
  return { child, logged, exit };
}

const zammad = (): Record<string, string> => ({
  ZAMMAD_URL: sb.url,
  ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
  MCP_ALLOW_WRITE: 'true',
  MCP_AUDIT_KEY: KEY,
});

/** The audit file verifies, and holds the `ok` line of a call of `tool`. */
async function auditedOk(file: string, tool: string): Promise<void> {
  expect(await verifyAuditFile(file, KEY)).toMatchObject({ ok: true });
  const events = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(events.filter((e) => e.msg === 'tool call' && e.tool === tool && e.outcome === 'ok')).toHaveLength(
    1,
  );
}

describe('SIGTERM during a slow write', () => {
  it('HTTP: no new connection is taken, the write finishes and is audited, exit 0', async () => {
    const audit = join(dir, 'http.jsonl');
    const held = hold('/api/v1/tags/add');
    const s = run(['http'], {
      ...zammad(),
      MCP_HTTP_PORT: '0',
      MCP_AUTH_ENABLED: 'false',
      MCP_AUDIT_FILE: audit,
    });
    const url = String((await s.logged('listening')).url);
    const { client } = await connect(url, { modern: true });
    const call = client.callTool({ name: 'add_ticket_tag', arguments: { ticket_id: 1, tag: 'drain-http' } });
    await held.arrived;

    s.child.kill('SIGTERM');
    expect(await s.logged('draining')).toMatchObject({ inProgress: 1 });
    const refused = await new Promise<string>((resolve) => {
      const sock = netConnect(Number(new URL(url).port), '127.0.0.1', () => {
        sock.destroy();
        resolve('connected');
      });
      sock.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    expect(refused).toBe('ECONNREFUSED');

    held.release();
    const r = await call;
    expect(r.isError).toBeFalsy();
    expect(await s.exit).toBe(0);
    await auditedOk(audit, 'add_ticket_tag');
  });

  it('stdio: a new request is refused, the write finishes and is answered and audited, exit 0', async () => {
    const audit = join(dir, 'stdio.jsonl');
    const held = hold('/api/v1/tags/add');
    const s = run([], { ...zammad(), MCP_AUDIT_FILE: audit });
    const answers = new Map<number, Record<string, unknown>>();
    const waiting: Array<() => void> = [];
    let out = '';
    s.child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const parts = out.split('\n');
      out = parts.pop() ?? '';
      for (const p of parts) {
        const m = JSON.parse(p) as { id?: number };
        if (typeof m.id === 'number') answers.set(m.id, m);
      }
      for (const w of waiting.splice(0)) w();
    });
    const send = (m: Record<string, unknown>): void => void s.child.stdin.write(`${JSON.stringify(m)}\n`);
    const answer = async (id: number): Promise<Record<string, unknown>> => {
      for (;;) {
        const a = answers.get(id);
        if (a) return a;
        await new Promise<void>((r) => waiting.push(r));
      }
    };

    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    });
    await answer(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'add_ticket_tag', arguments: { ticket_id: 1, tag: 'drain-stdio' } },
    });
    await held.arrived;

    s.child.kill('SIGTERM');
    expect(await s.logged('shutting down')).toMatchObject({ reason: 'SIGTERM', inProgress: 1 });
    send({ jsonrpc: '2.0', id: 3, method: 'tools/list' });
    expect(await answer(3)).toMatchObject({ error: { message: 'The server is shutting down.' } });

    held.release();
    const r = (await answer(2)) as { result?: { isError?: boolean; content?: unknown } };
    expect(r.result?.content).toBeDefined();
    expect(r.result?.isError).toBeFalsy();
    expect(await s.exit).toBe(0);
    await auditedOk(audit, 'add_ticket_tag');
  });
});

describe('what a shutdown does not wait for', () => {
  it('a subscription stream (subscriptions/listen) is not a call in progress', async () => {
    const o = await serve(sb);
    const { client } = await connect(o.url, { key: KEYS.alice, modern: true });
    await client.listen({ toolsListChanged: true });
    // Would wait for the stream (ten minutes) if it counted.
    await o.h.close({ waitMs: 600_000 });
    expect(o.logs.find((l) => l.includes('"msg":"draining"'))).toContain('"inProgress":0');
    await o.app.close();
  });
});
