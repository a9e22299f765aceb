/**
 * The ways zammad-mcp is distributed besides npm: server.json for the MCP registry, and the MCP
 * Bundle (.mcpb) for Claude Desktop — its manifest validated by the official tooling
 * (@anthropic-ai/mcpb), the bundle built, unpacked and started as Claude Desktop would, with the
 * official MCP client standing in for the app.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { SETTINGS } from '../src/config/settings/index.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const json = <T>(p: string): T => JSON.parse(readFileSync(join(root, p), 'utf8')) as T;
const pkg = json<{ name: string; version: string; mcpName: string }>('package.json');
const mcpb = join(root, 'node_modules', '.bin', 'mcpb');
const setting = (env: string) => SETTINGS.find((s) => s.env === env);

interface EnvVar {
  name: string;
  isSecret?: boolean;
  isRequired?: boolean;
}
interface ServerJson {
  $schema: string;
  name: string;
  description: string;
  version: string;
  packages: Array<{
    registryType: string;
    identifier: string;
    version: string;
    transport: { type: string };
    environmentVariables: EnvVar[];
  }>;
}

describe('server.json for the MCP registry', () => {
  const s = json<ServerJson>('server.json');
  it('names the current dated schema and keeps its constraints', () => {
    expect(s.$schema).toBe('https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json');
    // The published schema: name reverse-DNS/server (3–200), description 1–100, exact versions.
    expect(s.name).toMatch(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/);
    expect(s.name.length).toBeLessThanOrEqual(200);
    expect(s.description.length).toBeGreaterThan(0);
    expect(s.description.length).toBeLessThanOrEqual(100);
    for (const p of s.packages) {
      expect(p.version).not.toBe('latest');
      expect(p.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
      expect(['stdio', 'streamable-http', 'sse']).toContain(p.transport.type);
    }
  });
  it('matches the npm package: identifier, version, mcpName (the registry’s proof of ownership)', () => {
    expect(s.name).toBe(pkg.mcpName);
    expect(s.version).toBe(pkg.version);
    expect(s.packages[0]).toMatchObject({ registryType: 'npm', identifier: pkg.name, version: pkg.version });
  });
  it('offers only settings the server reads, secrets marked secret', () => {
    for (const v of s.packages.flatMap((p) => p.environmentVariables)) {
      const known = setting(v.name);
      expect(known, v.name).toBeDefined();
      expect(Boolean(v.isSecret), v.name).toBe(Boolean(known?.secret));
    }
  });
});

interface Manifest {
  version: string;
  server: { mcp_config: { command: string; args: string[]; env: Record<string, string> } };
  user_config: Record<string, { type: string; sensitive?: boolean; required?: boolean }>;
}

describe('the MCP Bundle for Claude Desktop', () => {
  const m = json<Manifest>('mcpb/manifest.json');
  let sb: Sandbox;
  let dir: string;
  beforeAll(async () => {
    sb = await startSandbox();
    dir = mkdtempSync(join(tmpdir(), 'zammad-mcp-bundle-'));
  });
  afterAll(async () => {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('its manifest passes the official validation', async () => {
    const r = await run(mcpb, ['validate', join(root, 'mcpb/manifest.json')]);
    expect(r.stdout).toContain('Manifest schema validation passes');
  });

  it('asks for the URL and the token (sensitive, so kept in the keychain); env names are settings', () => {
    expect(m.version).toBe(pkg.version);
    expect(m.user_config.zammad_url).toMatchObject({ type: 'string', required: true });
    expect(m.user_config.zammad_token).toMatchObject({ type: 'string', required: true, sensitive: true });
    for (const name of Object.keys(m.server.mcp_config.env)) expect(setting(name), name).toBeDefined();
    expect(m.server.mcp_config.env.ZAMMAD_HTTP_TOKEN).toBe('${user_config.zammad_token}');
  });

  it('builds, unpacks and serves: the official client lists and calls tools', async () => {
    const file = join(dir, 'zammad-mcp.mcpb');
    await run(process.execPath, [join(root, 'scripts/bundle.mjs'), file]);
    const unpacked = join(dir, 'unpacked');
    await run(mcpb, ['unpack', file, unpacked]);
    // What Claude Desktop does: substitute ${__dirname} and ${user_config.*}, then start it.
    const values: Record<string, string> = {
      zammad_url: sb.url,
      zammad_token: sb.credentials.agent.token,
      allowed_groups: 'Sales',
      allow_write: 'false',
    };
    const fill = (v: string): string =>
      v
        .replace('${__dirname}', unpacked)
        .replace(/\$\{user_config\.(\w+)\}/g, (_, k: string) => values[k] ?? '');
    const c = m.server.mcp_config;
    const transport = new StdioClientTransport({
      command: c.command === 'node' ? process.execPath : c.command,
      args: c.args.map(fill),
      env: {
        PATH: process.env.PATH ?? '',
        ...Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, fill(v)])),
      },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' });
    await client.connect(transport);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('search_tickets');
      expect(names).not.toContain('create_ticket'); // allow_write false
      const r = await client.callTool({ name: 'get_current_user', arguments: {} });
      expect(r.isError).toBeFalsy();
      expect(JSON.stringify(r.structuredContent)).toContain('Sales');
    } finally {
      await client.close();
    }
  });
});
