import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { connectInProcess, type InProcess } from './inprocess.js';
import { textOf } from './mcp.js';

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
