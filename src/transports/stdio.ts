/**
 * MCP over stdio: nothing but protocol on stdout. Exits when stdin closes (the client is gone),
 * or on SIGTERM/SIGINT once the calls in progress are answered (within MCP_SHUTDOWN_TIMEOUT_MS):
 * a write that was running finishes, and its audit line is written, before the process exits.
 * Every line the client writes passes the LineGuard first: a line that is not a JSON-RPC message,
 * or is longer than the limit, gets a JSON-RPC error and is dropped; the connection goes on.
 */
import {
  STDIO_DEFAULT_MAX_BUFFER_SIZE,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type Transport,
  type TransportSendOptions,
} from '@modelcontextprotocol/server';
import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { ServedApp } from './served-app.js';
import { InFlight, shutdownSignals } from './in-flight.js';
import { LineGuard } from './stdio-lines.js';

/** The longest line (message) accepted, in bytes: the SDK's own limit, 10 MiB. */
const MAX_LINE_BYTES = STDIO_DEFAULT_MAX_BUFFER_SIZE;

/**
 * The stdio transport, counting requests until they are answered. While draining, a new request
 * is answered at once with an error; answers, notifications and cancellations still pass.
 */
export class CountingTransport implements Transport {
  private readonly open = new Map<string, () => void>();
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  constructor(
    private readonly inner: Transport,
    private readonly calls: InFlight,
  ) {}

  start(): Promise<void> {
    this.inner.onmessage = (m, extra) => this.receive(m, extra);
    this.inner.onerror = (e) => this.onerror?.(e);
    this.inner.onclose = () => {
      // Nothing more can be answered.
      for (const end of this.open.values()) end();
      this.open.clear();
      this.onclose?.();
    };
    return this.inner.start();
  }

  private receive(m: JSONRPCMessage, extra?: MessageExtraInfo): void {
    m = withoutResourceSubscriptions(m);
    // Requests have a method and an id (checked by shape: cheap). A subscription lasts as long
    // as the client listens: not a call to wait for.
    if ('method' in m && 'id' in m && m.method !== 'subscriptions/listen') {
      if (this.calls.draining) {
        void this.inner.send({
          jsonrpc: '2.0',
          id: m.id,
          error: { code: -32000, message: 'The server is shutting down.' },
        });
        return;
      }
      this.open.get(String(m.id))?.();
      this.open.set(String(m.id), this.calls.enter());
    } else if ('method' in m && m.method === 'notifications/cancelled') {
      // A cancelled request gets no answer.
      this.settle((m.params as { requestId?: unknown } | undefined)?.requestId);
    }
    this.onmessage?.(m, extra);
  }

  private settle(id: unknown): void {
    const key = String(id);
    this.open.get(key)?.();
    this.open.delete(key);
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    try {
      await this.inner.send(message, options);
    } finally {
      if (!('method' in message) && 'id' in message) this.settle(message.id);
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * Resource subscriptions need the 2025 revisions' `resources/subscribe`: the server polls Zammad
 * only for those. A 2026-07-28 `subscriptions/listen` asking for `resourceSubscriptions` has them
 * removed here, so its acknowledgement says truthfully that they are not honoured.
 */
export function withoutResourceSubscriptions(m: JSONRPCMessage): JSONRPCMessage {
  if (!('method' in m) || m.method !== 'subscriptions/listen') return m;
  const params = m.params as { notifications?: Record<string, unknown> } | undefined;
  const n = params?.notifications;
  if (!n || typeof n !== 'object' || !('resourceSubscriptions' in n)) return m;
  const { resourceSubscriptions: _dropped, ...rest } = n;
  return { ...m, params: { ...params, notifications: rest } } as JSONRPCMessage;
}

export function serveOverStdio(
  app: ServedApp,
  onClose: () => Promise<void> = () => app.close(),
): Promise<void> {
  return new Promise((resolve) => {
    const calls = new InFlight();
    const signals = shutdownSignals();
    let closing = false;
    const lines = new LineGuard(MAX_LINE_BYTES, (r) => {
      app.log.info('stdio message refused', { reason: r.reason });
      wire.send(r.reply).catch((e: Error) => app.log.warn('stdio transport error', { error: e.message }));
    });
    // Lines reach the SDK's reader one at a time, each within MAX_LINE_BYTES: its buffer never overflows.
    const wire = new StdioServerTransport(lines, process.stdout, { maxBufferSize: 2 * MAX_LINE_BYTES + 2 });
    // Not ended with stdin: the SDK would close the connection and abandon the calls in progress;
    // shutdown() below closes it once they are answered.
    process.stdin.pipe(lines, { end: false });
    const handle = serveStdio(() => app.server('local'), {
      transport: new CountingTransport(wire, calls),
      onerror: (e) => app.log.warn('stdio transport error', { error: e.message.slice(0, 500) }),
    });
    const shutdown = async (why: string, drain: boolean): Promise<void> => {
      if (closing) return;
      closing = true;
      app.log.info('shutting down', { reason: why, inProgress: calls.count });
      if (drain && !(await calls.drain(app.config.shutdownTimeoutMs, signals.again)))
        app.log.warn('calls still in progress are cut', { inProgress: calls.count });
      await handle.close().catch(() => undefined);
      await onClose().catch(() => undefined);
      signals.dispose();
      resolve();
    };
    // The client has sent all it will: the calls it already made are answered (within the
    // shutdown timeout) before the process exits, as a pipe of requests expects.
    process.stdin.once('end', () => void shutdown('stdin closed', true));
    process.stdin.once('close', () => void shutdown('stdin closed', true));
    // The SDK's reader listens to the guard, not to stdin: stdin's own errors are ours to handle.
    process.stdin.on('error', (e) => {
      app.log.warn('stdin error', { error: e.message });
      void shutdown('stdin error', false);
    });
    void signals.first.then((s) => shutdown(s, true));
  });
}
