/**
 * The Zammad credential never appears in a log line, a tool result or an error — even when
 * Zammad itself echoes it back in an error body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { connectInProcess, type InProcess } from './inprocess.js';
import { textOf } from './mcp.js';

let sb: Sandbox;
let mcp: InProcess;
let token: string;
beforeAll(async () => {
  sb = await startSandbox();
  token = sb.credentials.admin.token;
  mcp = await connectInProcess(sb, { MCP_LOG_LEVEL: 'debug' });
});
afterAll(async () => {
  await mcp.close();
  await sb.close();
});

describe('secrets', () => {
  it('never shows the token, whatever Zammad answers', async () => {
    const echoes = [
      { status: 401, body: { error: `Can't find User for Token ${token}` } },
      { status: 403, body: { error: `Token authorization failed. (${token})` } },
      { status: 422, body: { error: `Invalid value ${token}`, error_human: `Invalid value ${token}` } },
      { status: 500, body: { error: `Error ID x: header Token token=${token}` } },
      { status: 503, headers: { 'Retry-After': '0' }, body: { error: token } },
      { reset: true },
    ];
    const seen: string[] = [];
    for (const fault of echoes) {
      sb.faults.add({ path: /\/api\/v1\/tickets\//, ...fault });
      const r = await mcp.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 5 } });
      expect(r.isError, JSON.stringify(fault)).toBe(true);
      seen.push(textOf(r));
      sb.faults.clear();
    }
    const ok = await mcp.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 5 } });
    seen.push(textOf(ok), JSON.stringify(ok.structuredContent));
    for (const s of [...seen, ...mcp.logs]) expect(s).not.toContain(token);
    expect(mcp.logs.some((l) => l.includes('"level":"warn"') && l.includes('zammad error'))).toBe(true);
    // The error the model sees names the host.
    expect(seen[0]).toContain(new URL(sb.url).host);
  });
});
