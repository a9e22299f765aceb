/**
 * Client mistakes get the JSON-RPC error that fits them, over the spawned stdio server: -32602
 * (the SDK's resource-not-found is -32602 too) with one line saying what was wrong, never -32603
 * and never a raw validation dump; lines that are not JSON-RPC get -32700/-32600 instead of
 * silence; a line over the limit is refused and the server goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { StdioPeer, type Answer } from './chaos/peer.js';

let sb: Sandbox;
let peer: StdioPeer;
let n = 0;

beforeAll(async () => {
  sb = await startSandbox({ tickets: 20 });
  peer = new StdioPeer({ ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token });
  await peer.initialize();
});
afterAll(async () => {
  const exit = await peer?.stop();
  await sb?.close();
  expect(exit).toEqual({ code: 0, signal: null });
  expect(peer.nonJson).toEqual([]);
});

async function ask(method: string, params?: unknown): Promise<Answer> {
  const id = `p-${(n += 1)}`;
  const a = await peer.request({ id, method, ...(params === undefined ? {} : { params }) });
  if (a === 'hang' || a === 'exit') throw new Error(`${method}: ${a}`);
  return a;
}

describe('client mistakes over stdio', () => {
  it.each([
    [
      'zammad://ticket/__proto__',
      /^Invalid ticket id in zammad:\/\/ticket\/__proto__: use a positive whole number\.$/,
    ],
    ['zammad://ticket/constructor', /^Invalid ticket id/],
    ['zammad://user/-1', /^Invalid user id in zammad:\/\/user\/-1/],
    ['zammad://organization/2147483648', /^Invalid organization id/],
    ['zammad://ticket/999999', /^Ticket 999999 not found/],
    ['zammad://nope/1', /^Resource not found/],
  ])('resources/read %s → -32602', async (uri, message) => {
    const a = await ask('resources/read', { uri });
    expect(a.error?.code).toBe(-32602);
    expect(a.error?.message).toMatch(message);
  });

  it.each([
    [
      'initialize',
      { capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      'params.protocolVersion: expected string, received undefined',
    ],
    ['resources/read', { uri: 5 }, 'params.uri: expected string, received number'],
    [
      'prompts/get',
      { name: 'triage_ticket', arguments: { ticket_number: 5 } },
      'params.arguments.ticket_number: expected string, received number',
    ],
    ['tools/list', { cursor: {} }, 'params.cursor: expected string, received object'],
    [
      'tools/call',
      { name: 'get_ticket', arguments: 5 },
      'params.arguments: expected record, received number',
    ],
  ])('%s with bad params → -32602 naming the field, one line', async (method, params, what) => {
    const a = await ask(method, params);
    expect(a.error?.code).toBe(-32602);
    expect(a.error?.message).toContain(what);
    expect(a.error?.message).not.toMatch(/\n|"code":/);
  });

  it('answers lines that are not JSON-RPC messages, with the id when there is one', async () => {
    const bad = peer.expect('bad-params');
    await peer.write(JSON.stringify({ jsonrpc: '2.0', id: 'bad-params', method: 'ping', params: [] }));
    expect(await bad).toMatchObject({
      error: { code: -32600, message: 'Invalid request: params: expected object, received array' },
    });
    const before = peer.idless.length;
    await peer.write('{"jsonrpc":"2.0","id":');
    await peer.write('[]');
    expect(await ask('ping')).toHaveProperty('result');
    expect(peer.idless.slice(before).map((x) => x.error?.code)).toEqual([-32700, -32600]);
  });

  it('refuses a line over 10 MiB and keeps serving', async () => {
    const before = peer.idless.length;
    await peer.write(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'huge',
        method: 'ping',
        params: { x: 'a'.repeat(11 * 1024 * 1024) },
      }),
    );
    expect(await ask('ping')).toHaveProperty('result');
    expect(peer.idless.slice(before)).toEqual([
      {
        jsonrpc: '2.0',
        error: {
          code: -32600,
          message:
            'Invalid request: a message is limited to 10485760 bytes; this one was longer and was dropped.',
        },
      },
    ]);
    expect(peer.alive).toBe(true);
  });
});
