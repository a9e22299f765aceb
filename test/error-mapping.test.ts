/**
 * One mapper decides what the model sees of a failure. Zammad's own words reach it only where they
 * say what to fix (validation), with every configured secret masked in any form; other statuses
 * give a safe category and the call id, and Zammad's text goes to the log. Resource reads pass the
 * same pipeline: audited, and a client's mistake is a -32602, not an internal error.
 */
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectInProcess, type InProcess } from './inprocess.js';
import { textOf } from './mcp.js';

let sb: Sandbox;
let mcp: InProcess;
let token: string;
beforeAll(async () => {
  sb = await startSandbox();
  token = sb.credentials.admin.token;
  mcp = await connectInProcess(sb, { MCP_LOG_LEVEL: 'debug', MCP_ALLOW_WRITE: 'true' });
});
afterAll(async () => {
  await mcp.close();
  await sb.close();
});

async function failingCall(fault: Record<string, unknown>, path: RegExp): Promise<string> {
  sb.faults.add({ path, ...fault });
  try {
    const r = await mcp.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 5 } });
    expect(r.isError).toBe(true);
    return textOf(r);
  } finally {
    sb.faults.clear();
  }
}

describe('what the model sees of a Zammad failure', () => {
  it('masks the token in another case and cut short', async () => {
    const forms = [token.toUpperCase(), token.slice(0, Math.max(8, Math.ceil(token.length / 2))), token];
    for (const form of forms) {
      const text = await failingCall(
        { status: 422, body: { error: `Invalid value ${form} given` } },
        /\/api\/v1\/tickets\//,
      );
      // Validation words reach the model (they say what to fix) — without the secret in any form.
      expect(text).toContain('Invalid value');
      expect(text.toLowerCase()).not.toContain(token.slice(0, 8).toLowerCase());
    }
  });

  it("keeps Zammad's words out of other statuses: a safe category, the host and the call id", async () => {
    const words = 'Internal detail about table tickets_x';
    for (const status of [401, 500]) {
      const text = await failingCall({ status, body: { error: words } }, /\/api\/v1\/tickets\//);
      expect(text, String(status)).not.toContain(words);
      expect(text).toContain(new URL(sb.url).host);
      expect(text).toMatch(/\(ref [0-9a-f]{8}\)/);
    }
    // A ticket Zammad hides (403) or lacks (404): the same not-found, nothing of Zammad's text.
    for (const status of [403, 404]) {
      const text = await failingCall({ status, body: { error: words } }, /\/api\/v1\/tickets\//);
      expect(text).toMatch(/^Ticket 5 not found\./);
      expect(text).not.toContain(words);
    }
    // Zammad's words are in the log, under the call id the model saw.
    const text = await failingCall({ status: 500, body: { error: words } }, /\/api\/v1\/tickets\//);
    const ref = /\(ref ([0-9a-f]{8})\)/.exec(text)?.[1];
    const line = mcp.logs.find((l) => l.includes('"zammad error"') && l.includes(`"ref":"${ref}"`));
    expect(line).toContain(words);
  });
});

describe('resource reads through the pipeline', () => {
  it('audits a read like a tool call, with a call id and its outcome', async () => {
    const before = mcp.logs.length;
    await mcp.client.readResource({ uri: 'zammad://ticket/5' });
    await mcp.client.readResource({ uri: 'zammad://ticket/999999' }).catch(() => undefined);
    const events = mcp.logs
      .slice(before)
      .filter((l) => l.includes('"resource read"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => [e.resource, e.tool, e.outcome])).toEqual([
      ['ticket', 'get_ticket', 'ok'],
      ['ticket', 'get_ticket', 'error'],
    ]);
    for (const e of events) expect(e.call).toMatch(/^[0-9a-f]{8}$/);
  });

  it('answers a malformed id with -32602 and a one-line message, never an internal error', async () => {
    for (const uri of ['zammad://ticket/__proto__', 'zammad://user/-1', 'zammad://organization/1e3']) {
      const e = (await mcp.client.readResource({ uri }).then(
        () => undefined,
        (x: unknown) => x,
      )) as { code?: number; message?: string } | undefined;
      expect(e?.code, uri).toBe(-32602);
      expect(e?.message).toMatch(/positive whole number/);
      expect(e?.message).not.toContain('\n');
    }
  });

  it('answers a ticket that does not exist as resource not found', async () => {
    const e = (await mcp.client.readResource({ uri: 'zammad://ticket/999999' }).then(
      () => undefined,
      (x: unknown) => x,
    )) as { code?: number; message?: string; data?: unknown } | undefined;
    expect(e?.message).toContain('Ticket 999999 not found');
    expect(e?.data).toEqual({ uri: 'zammad://ticket/999999' });
  });
});
