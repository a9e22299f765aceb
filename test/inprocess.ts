/**
 * The real server assembly (createApp → McpServer) connected to the official client in-process.
 * Faster than spawning for table-driven tests; test/stdio.test.ts covers the spawned binary.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { createLogger, type LogSink } from '../src/log.js';
import type { Timers } from '../src/server/index.js';
import type { Sandbox } from '@zammad-mcp/sandbox';

export interface InProcess {
  app: App;
  client: Client;
  logs: string[];
  close(): Promise<void>;
}

export async function connectInProcess(
  sb: Sandbox,
  env: Record<string, string> = {},
  o: { as?: 'admin' | 'agent' | 'customer'; capabilities?: Record<string, unknown>; timers?: Timers } = {},
): Promise<InProcess> {
  const r = loadConfig({
    env: {
      ZAMMAD_URL: sb.url,
      ZAMMAD_HTTP_TOKEN: sb.credentials[o.as ?? 'admin'].token,
      ZAMMAD_MAX_RETRIES: '0',
      ...env,
    },
  });
  if (!r.ok) throw new Error(r.problems.join('\n'));
  const logs: string[] = [];
  const sink: LogSink = { write: (l) => void logs.push(l) };
  const app = await createApp(r.config, createLogger('debug', sink), o.timers ? { timers: o.timers } : {});
  const [ct, st] = InMemoryTransport.createLinkedPair();
  await app.server().connect(st);
  const client = new Client({ name: 'tests', version: '1' }, { capabilities: o.capabilities ?? {} });
  await client.connect(ct);
  return {
    app,
    client,
    logs,
    close: async () => {
      await client.close();
      await app.close();
    },
  };
}
