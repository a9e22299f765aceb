import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight.js';
import { CountingTransport } from './stdio.js';

/** A transport that records what is sent and lets the test deliver messages. */
function fake(): {
  inner: Transport;
  sent: JSONRPCMessage[];
  deliver(m: JSONRPCMessage): void;
  close(): void;
} {
  const sent: JSONRPCMessage[] = [];
  const inner: Transport = {
    start: () => Promise.resolve(),
    send: (m) => {
      sent.push(m);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { inner, sent, deliver: (m) => inner.onmessage?.(m), close: () => inner.onclose?.() };
}

const request = (id: number, method = 'tools/call'): JSONRPCMessage => ({
  jsonrpc: '2.0',
  id,
  method,
  params: {},
});

describe('stdio: requests in progress', () => {
  it('counts a request until it is answered, or cancelled', async () => {
    const f = fake();
    const calls = new InFlight();
    const t = new CountingTransport(f.inner, calls);
    const seen: JSONRPCMessage[] = [];
    t.onmessage = (m) => void seen.push(m);
    await t.start();
    f.deliver(request(1));
    f.deliver(request(2));
    f.deliver(request(3, 'subscriptions/listen')); // a stream for as long as the client listens
    expect(calls.count).toBe(2);
    await t.send({ jsonrpc: '2.0', id: 7, method: 'elicitation/create', params: {} }); // ours, not an answer
    expect(calls.count).toBe(2);
    await t.send({ jsonrpc: '2.0', id: 1, result: {} });
    expect(calls.count).toBe(1);
    f.deliver({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 2 } });
    expect(calls.count).toBe(0);
    expect(seen).toHaveLength(4);
  });

  it('while draining, answers a new request at once and lets answers and notifications through', async () => {
    const f = fake();
    const calls = new InFlight();
    const t = new CountingTransport(f.inner, calls);
    const seen: JSONRPCMessage[] = [];
    t.onmessage = (m) => void seen.push(m);
    await t.start();
    f.deliver(request(1));
    const drained = calls.drain(600_000);
    f.deliver(request(2));
    expect(f.sent).toEqual([
      { jsonrpc: '2.0', id: 2, error: { code: -32000, message: 'The server is shutting down.' } },
    ]);
    f.deliver({ jsonrpc: '2.0', id: 9, result: { action: 'accept' } }); // an elicitation answer
    expect(seen.map((m) => ('id' in m ? m.id : undefined))).toEqual([1, 9]);
    await t.send({ jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'x' } });
    await expect(drained).resolves.toBe(true);
  });

  it('a closed connection answers nothing more: its requests stop counting', async () => {
    const f = fake();
    const calls = new InFlight();
    const t = new CountingTransport(f.inner, calls);
    let closed = false;
    t.onclose = () => (closed = true);
    await t.start();
    f.deliver(request(1));
    f.close();
    expect(calls.count).toBe(0);
    expect(closed).toBe(true);
  });
});
