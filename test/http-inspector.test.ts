/**
 * The MCP Inspector CLI (@modelcontextprotocol/inspector 2.12.0) against the HTTP transport with an
 * API key: lists the tools and calls one, in both protocol eras; a wrong key is `auth_required`.
 * The Inspector is not a dependency of this project: .ci/interop installs it into a temporary
 * directory and sets MCP_INSPECTOR to its launcher. Without MCP_INSPECTOR this file is skipped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { KEYS, serve, type Served } from './http-helpers.js';

const INSPECTOR = process.env.MCP_INSPECTOR;
let sb: Sandbox;
let s: Served;
let home: string;

function inspector(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [INSPECTOR as string, '--cli', ...args, '--stored-auth-only', '--format', 'json', '-q'],
      {
        // The Inspector keeps state under HOME: a throw-away one.
        env: { PATH: process.env.PATH ?? '', HOME: home, MCP_CATALOG_PATH: join(home, 'catalog.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.runIf(INSPECTOR)('MCP Inspector CLI over HTTP with an API key', () => {
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'zmcp-inspector-'));
    sb = await startSandbox();
    s = await serve(sb);
  });
  afterAll(async () => {
    await s?.close();
    await sb?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  for (const era of ['legacy', 'modern'] as const) {
    it(`lists the tools and calls one (${era} era)`, async () => {
      const auth = ['--header', `Authorization: Bearer ${KEYS.alice}`, '--protocol-era', era];
      const list = await inspector([s.url, '--method', 'tools/list', ...auth]);
      expect(list.code, list.stderr).toBe(0);
      const tools = (JSON.parse(list.stdout) as { result: { tools: Array<{ name: string }> } }).result.tools;
      expect(tools.map((t) => t.name)).toContain('search_tickets');
      const call = await inspector([
        s.url,
        '--method',
        'tools/call',
        '--tool-name',
        'search_tickets',
        '--tool-args-json',
        '{"state":"open","limit":2}',
        ...auth,
      ]);
      expect(call.code, call.stderr).toBe(0);
      const result = (JSON.parse(call.stdout) as { result: { structuredContent: { tickets: unknown[] } } })
        .result;
      expect(result.structuredContent.tickets.length).toBeGreaterThan(0);
    }, 120_000);
  }

  it('exits with auth_required for a wrong key', async () => {
    const r = await inspector([
      s.url,
      '--method',
      'tools/list',
      '--header',
      'Authorization: Bearer zmcp_wrong',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/auth_required/);
  }, 120_000);
});
