/**
 * Protocol-test helpers: the official MCP client spawning the built `zammad-mcp` over stdio.
 */
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface Connected {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

export async function connectStdio(
  env: Record<string, string>,
  o: {
    args?: string[];
    modern?: boolean;
    capabilities?: Record<string, unknown>;
    /** Wait for the server's start-up check (its own requests to Zammad) to finish: default true. */
    settled?: boolean;
  } = {},
): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...(o.args ?? [])],
    env: { PATH: process.env.PATH ?? '', MCP_LOG_LEVEL: 'info', ...env },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const client = new Client(
    { name: 'zammad-mcp-tests', version: '1.0.0' },
    {
      capabilities: o.capabilities ?? {},
      ...(o.modern ? { versionNegotiation: { mode: 'auto' as const } } : {}),
    },
  );
  await client.connect(transport);
  // The start-up check reads Zammad in the background; a test that counts Zammad requests starts
  // once it is done. The guard is the test's timeout.
  while (o.settled !== false && !/"msg":"start-up check (passed|failed|could not run)/.test(err))
    await new Promise((r) => setTimeout(r, 20));
  return {
    client,
    stderr: () => err,
    close: () => client.close(),
  };
}

export function textOf(r: { content?: unknown }): string {
  const c = (r.content ?? []) as Array<{ type: string; text?: string }>;
  return c
    .filter((x) => x.type === 'text')
    .map((x) => x.text ?? '')
    .join('\n');
}
