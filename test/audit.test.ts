import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail, verifyAuditFile, type VerifyResult } from '../src/audit.js';
import { loadConfig } from '../src/config/index.js';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { connectInProcess, type InProcess } from './inprocess.js';
import { CLI, textOf } from './mcp.js';

const KEY = 'audit-key-0123456789abcdef0123456789';
const tmp = (): string => join(mkdtempSync(join(tmpdir(), 'zmcp-audit-')), 'audit.jsonl');
const linesOf = (f: string): string[] => readFileSync(f, 'utf8').trim().split('\n');

describe('audit events', () => {
  let sb: Sandbox;
  let mcp: InProcess;
  beforeAll(async () => {
    sb = await startSandbox();
    mcp = await connectInProcess(sb, { ZAMMAD_MAX_RETRIES: '0' });
  });
  afterAll(async () => {
    await mcp.close();
    await sb.close();
  });

  const events = (): Array<Record<string, unknown>> =>
    mcp.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'tool call');

  it('every call has its own id; an error the model sees carries the same id as its audit event', async () => {
    const id = [...sb.store.tickets.keys()][0];
    await mcp.client.callTool({ name: 'get_ticket', arguments: { ticket_id: id } });
    await mcp.client.callTool({ name: 'list_groups', arguments: {} });
    sb.faults.add({ path: /\/api\/v1\/tickets\//, status: 500, body: { error: 'boom' } });
    const failed = await mcp.client.callTool({ name: 'get_ticket', arguments: { ticket_id: id } });
    sb.faults.clear();
    const ev = events();
    expect(ev.map((e) => [e.tool, e.outcome])).toEqual([
      ['get_ticket', 'ok'],
      ['list_groups', 'ok'],
      ['get_ticket', 'error'],
    ]);
    for (const e of ev) expect(e.call).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set(ev.map((e) => e.call)).size).toBe(3);
    const ref = /\(ref ([0-9a-f]{8})\)/.exec(textOf(failed))?.[1];
    expect(ref).toBe(ev[2]?.call);
    // The detailed log line of that failure is found by the same id.
    expect(mcp.logs.some((l) => l.includes('"msg":"zammad error"') && l.includes(`"ref":"${ref}"`))).toBe(
      true,
    );
  });
});

describe('the audit file (MCP_AUDIT_FILE)', () => {
  it('is a signed chain: intact verifies; an edited, removed, inserted or reordered line is found', async () => {
    const f = tmp();
    const t = AuditTrail.open(f, KEY);
    for (let i = 0; i < 4; i++) t.append({ msg: 'tool call', tool: 'get_ticket', outcome: 'ok', n: i });
    t.close();
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(await verifyAuditFile(f, KEY)).toMatchObject({ ok: true, events: 4, head: { seq: 4 } });
    const good = linesOf(f);
    const check = (lines: string[]): Promise<VerifyResult> => {
      writeFileSync(f, `${lines.join('\n')}\n`);
      return verifyAuditFile(f, KEY);
    };
    const edited = [...good];
    edited[1] = (edited[1] ?? '').replace('"outcome":"ok"', '"outcome":"error"');
    expect(await check(edited)).toMatchObject({
      ok: false,
      line: 2,
      problem: expect.stringMatching(/MAC mismatch/),
    });
    expect(await check([good[0] ?? '', good[2] ?? '', good[3] ?? ''])).toMatchObject({ ok: false, line: 2 });
    expect(await check([good[0] ?? '', good[0] ?? '', ...good.slice(1)])).toMatchObject({
      ok: false,
      line: 2,
    });
    expect(await check([good[1] ?? '', good[0] ?? '', ...good.slice(2)])).toMatchObject({
      ok: false,
      line: 1,
    });
    writeFileSync(f, `${good.join('\n')}\n`);
    expect(await verifyAuditFile(f, 'another-key-0123456789abcdef0123456')).toMatchObject({
      ok: false,
      line: 1,
    });
    // A restart continues the chain.
    const again = AuditTrail.open(f, KEY);
    again.append({ msg: 'tool call', tool: 'list_groups', outcome: 'ok' });
    again.close();
    expect(await verifyAuditFile(f, KEY)).toMatchObject({ ok: true, events: 5 });
    // Same content, other bytes (spaces, key order): the line is not what was written.
    const respaced = [...good];
    respaced[0] = JSON.stringify(JSON.parse(good[0] ?? ''), null, 1).replace(/\n/g, '');
    expect(await check(respaced)).toMatchObject({
      ok: false,
      line: 1,
      problem: expect.stringMatching(/form/),
    });
    expect(await check([good[0] ?? '', 'null'])).toMatchObject({
      ok: false,
      line: 2,
      problem: 'not an audit event',
    });
    const infinite = (good[1] ?? '').replace('"outcome":"ok"', '"outcome":1e999');
    expect(await check([good[0] ?? '', infinite])).toMatchObject({ ok: false, line: 2 });
  });

  it('continues only from a last line signed with the key; a partial or forged one stops the start', () => {
    const f = tmp();
    const t = AuditTrail.open(f, KEY);
    t.append({ msg: 'tool call', tool: 'get_ticket' });
    t.close();
    const good = readFileSync(f, 'utf8');
    writeFileSync(f, `${good}{"seq":2,"prev":"`);
    expect(() => AuditTrail.open(f, KEY)).toThrow(/incomplete/);
    writeFileSync(f, `${good}{"mac":"${'a'.repeat(64)}","prev":"${'b'.repeat(64)}","seq":7}\n`);
    expect(() => AuditTrail.open(f, KEY)).toThrow(/not an audit event signed with MCP_AUDIT_KEY/);
    writeFileSync(f, good);
    expect(() => AuditTrail.open(f, 'another-key-0123456789abcdef0123456')).toThrow(/MAC mismatch/);
    writeFileSync(f, 'hello\n');
    expect(() => AuditTrail.open(f, KEY)).toThrow(/not JSON/);
  });

  it('a failed write to the file changes no outcome: the event is on stderr and the failure logged', async () => {
    const f = tmp();
    const sbx = await startSandbox();
    const c = await connectInProcess(sbx, { MCP_AUDIT_FILE: f, MCP_AUDIT_KEY: KEY });
    c.app.auditTrail?.close(); // the descriptor is gone: every append now fails
    const r = await c.client.callTool({ name: 'list_groups', arguments: {} });
    expect(r.isError).toBeFalsy();
    const lines = c.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const event = lines.find((l) => l.msg === 'tool call');
    expect(event).toMatchObject({ tool: 'list_groups', outcome: 'ok' });
    expect(lines.find((l) => l.msg === 'audit file not written')).toMatchObject({
      level: 'error',
      call: event?.call,
    });
    await c.client.close();
    await sbx.close();
  });

  it('needs a key, and a file that can be appended to', async () => {
    const base = { ZAMMAD_URL: 'http://127.0.0.1:9', ZAMMAD_HTTP_TOKEN: 'x'.repeat(40) };
    const noKey = loadConfig({ env: { ...base, MCP_AUDIT_FILE: tmp() } });
    expect(noKey.ok ? [] : noKey.problems).toEqual([
      expect.stringMatching(/MCP_AUDIT_FILE needs MCP_AUDIT_KEY/),
    ]);
    const short = loadConfig({ env: { ...base, MCP_AUDIT_FILE: tmp(), MCP_AUDIT_KEY: 'short' } });
    expect(short.ok ? [] : short.problems.join()).toMatch(/MCP_AUDIT_KEY is too short/);
    const sbx = await startSandbox();
    await expect(
      connectInProcess(sbx, { MCP_AUDIT_FILE: '/nonexistent-dir/audit.jsonl', MCP_AUDIT_KEY: KEY }),
    ).rejects.toThrow(/MCP_AUDIT_FILE \/nonexistent-dir\/audit.jsonl cannot be appended to: ENOENT/);
    await sbx.close();
  });

  it('holds the same events as the log, refusals included; audit-verify checks it', async () => {
    const f = tmp();
    const sbx = await startSandbox();
    const c = await connectInProcess(sbx, {
      MCP_AUDIT_FILE: f,
      MCP_AUDIT_KEY: KEY,
      MCP_ALLOW_DESTRUCTIVE: 'true',
      MCP_ALLOWED_TOOLS: 'delete_ticket',
    });
    const id = [...sbx.store.tickets.keys()][0];
    await c.client.callTool({ name: 'get_ticket', arguments: { ticket_id: id } });
    await c.client.callTool({ name: 'search_users', arguments: { query: 'kim' } });
    await c.client.callTool({ name: 'confirm_action', arguments: { confirmation: 'zc1.forged.token' } });
    await c.close();
    await sbx.close();
    const logged = c.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'tool call')
      .map((l) => l.call);
    const filed = linesOf(f).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(filed.map((e) => e.call)).toEqual(logged);
    expect(filed.map((e) => [e.seq, e.tool, e.outcome, e.confirmation])).toEqual([
      [1, 'get_ticket', 'ok', undefined],
      [2, 'search_users', 'ok', undefined],
      [3, 'confirm_action', 'refused', 'refused:format'],
    ]);
    expect(readFileSync(f, 'utf8')).not.toContain(KEY);
    // The head is logged at open and close, to tell a file cut short.
    const heads = c.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'audit file');
    expect(heads.map((h) => [h.at, h.seq])).toEqual([
      ['open', 0],
      ['close', 3],
    ]);
    const verify = (): { status: number | null; out: string } => {
      const r = spawnSync(process.execPath, [CLI, 'audit-verify', f], {
        env: { PATH: process.env.PATH ?? '', MCP_AUDIT_KEY: KEY },
        encoding: 'utf8',
      });
      return { status: r.status, out: r.stderr };
    };
    expect(verify()).toEqual({
      status: 0,
      out: expect.stringMatching(/3 audit events, chain and signatures intact\. Last line: seq 3/),
    });
    writeFileSync(f, readFileSync(f, 'utf8').replace('"search_users"', '"delete_user"'));
    expect(verify()).toEqual({
      status: 1,
      out: expect.stringMatching(/line 2: MAC mismatch.*The 1 events before it verify/),
    });
  });
});
