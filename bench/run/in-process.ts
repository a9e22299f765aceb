import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import type { Sandbox } from '@zammad-mcp/sandbox';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';
import { zammadEnv } from '../lib/zammad-env.js';

/** The server's app in this process, configured for the sandbox, logging nothing. */
export async function inProcessApp(
  sb: Sandbox,
  env: Record<string, string> = {},
): Promise<{ config: Readonly<Config>; app: App }> {
  const r = loadConfig({ env: { ...zammadEnv(sb), ...env } });
  if (!r.ok) throw new Error(r.problems.join());
  return { config: r.config, app: await createApp(r.config, silentLogger) };
}

export interface InProcess {
  client: Client;
  /** Upstream requests since the last reset: how many, and their time (ms). */
  upstream: () => { n: number; ms: number };
  reset: () => void;
  close: () => Promise<void>;
}

/** A client connected in memory to an in-process server, with its upstream requests counted. */
export async function inProcess(sb: Sandbox, env: Record<string, string> = {}): Promise<InProcess> {
  const { app } = await inProcessApp(sb, env);
  let n = 0;
  let ms = 0;
  app.zammad.http.observe((e) => {
    n++;
    ms += e.ms;
  });
  const [ct, st] = InMemoryTransport.createLinkedPair();
  const server = app.server();
  await server.connect(st);
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(ct);
  return {
    client,
    upstream: () => ({ n, ms }),
    reset: () => {
      n = 0;
      ms = 0;
    },
    close: async () => {
      await client.close();
      await app.close();
    },
  };
}
