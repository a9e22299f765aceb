/**
 * The command line explains itself: `--help` and `--version` on stdout (pipe-able, `| less`),
 * `demo` without a terminal says on stderr that it serves MCP on stdio, and `/readyz` logs why
 * it is not ready.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { serve } from './http-helpers.js';
import { CLI } from './mcp.js';

function run(args: string[], stdin: 'ignore' | 'pipe' = 'ignore') {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: [stdin, 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      // demo: once it said what it does, close stdin (the client went away): it exits.
      if (stdin === 'pipe' && stderr.includes('"msg":"posture"')) child.stdin?.end();
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the command line', () => {
  it('--help goes to stdout, with doctor among the commands', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^zammad-mcp \d+\.\d+\.\d+ — a secure MCP server for Zammad/);
    expect(r.stdout).toContain('zammad-mcp doctor');
    expect(r.stderr).toBe('');
  });

  it('--version goes to stdout', async () => {
    const r = await run(['--version']);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(r.stderr).toBe('');
  });

  it('demo without a terminal says on stderr that it serves MCP on stdio, stdout stays JSON-RPC', async () => {
    const r = await run(['demo'], 'pipe');
    expect(r.stderr.split('\n')[0]).toMatch(
      /^zammad-mcp demo: serving MCP on stdio \(stdin is not a terminal, so an MCP client is assumed\) against a built-in Zammad sandbox at http:\/\/127\.0\.0\.1:\d+\./,
    );
    expect(r.stdout).toBe('');
  });
});

describe('the Inspector the demo banner suggests', () => {
  it('is the version CI runs with an API key on Node 20 (.ci/interop, test/http-inspector.test.ts)', () => {
    const read = (p: string): string => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');
    const pinned = /const INSPECTOR = '@modelcontextprotocol\/inspector@([0-9.]+)'/.exec(
      read('src/cli.ts'),
    )?.[1];
    const ci = /^INSPECTOR_VERSION=([0-9.]+)$/m.exec(read('.ci/interop'))?.[1];
    expect(pinned).toBeDefined();
    expect(pinned).toBe(ci);
    // The banner's command line uses the pinned version.
    expect(read('src/cli.ts')).toContain('npx -y $' + '{INSPECTOR} $' + '{launch}');
  });
});

describe('/readyz', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('logs why it is not ready, once per change', async () => {
    const s = await serve(sb, { ZAMMAD_HTTP_TOKEN: 'wrong-token-0123456789' });
    try {
      const r = await fetch(`${s.url.replace(/\/mcp$/, '')}/readyz`);
      expect(r.status).toBe(503);
      const lines = s.logs.filter((l) => l.includes('not ready'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/"reason":"[^"]*401/);
      expect(lines[0]).toContain('zammad-mcp doctor');
      expect(lines[0]).not.toContain('wrong-token-0123456789');
    } finally {
      await s.close();
    }
  });
});
