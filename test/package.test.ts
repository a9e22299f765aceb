/**
 * The published package as a user gets it: `npm pack`, installed into an empty folder (from the
 * tarball; its dependencies from the npm cache where they are, else the registry), and the installed
 * `zammad-mcp` command run: `--version`, `demo` over stdio with the official MCP client, `doctor`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { SERVER_VERSION } from '../src/version.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
  files: string[];
  mcpName: string;
};
let dir: string;
let bin: string;
let files: string[];
let sb: Sandbox;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zammad-mcp-pack-'));
  // dist/ is built by `npm test`; the prepare script (checked below) builds it on a real pack.
  const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
    cwd: root,
  });
  const info = (JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>)[0];
  if (!info) throw new Error('npm pack printed nothing');
  files = info.files.map((f) => f.path).sort();
  const app = join(dir, 'app');
  await run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), '{"name":"someone-elses-app","private":true}\n');
  await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, info.filename)],
    { cwd: app },
  );
  bin = join(app, 'node_modules', '.bin', 'zammad-mcp');
  sb = await startSandbox();
}, 180_000);

afterAll(async () => {
  await sb?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('is ours: a scoped name, the zammad-mcp command, the registry name, a build on prepare', () => {
    expect(pkg.name).toBe('@zammad-mcp/server');
    expect(Object.keys(pkg.bin)).toEqual(['zammad-mcp']);
    expect(pkg.scripts.prepare).toBe('node scripts/build.mjs');
    expect(pkg.mcpName).toMatch(/^io\.github\.[^/]+\/zammad-mcp$/);
  });

  it('ships the bundle, LICENSE and the docs, and no source, tests or source maps', () => {
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('LICENSE');
    expect(files).toContain('README.md');
    expect(files).toContain('SECURITY.md');
    expect(files).toContain('docs/configuration.md');
    expect(files.filter((f) => /^(src|test|packages|bench|scripts)\/|\.map$/.test(f))).toEqual([]);
  });

  it('the installed command prints the version', async () => {
    const r = await run(bin, ['--version']);
    expect(r.stdout.trim()).toBe(SERVER_VERSION);
  });

  it('the installed command serves the demo over stdio to the official MCP client', async () => {
    const transport = new StdioClientTransport({
      command: bin,
      args: ['demo'],
      env: { PATH: process.env.PATH ?? '' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: 'package-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const tools = await client.listTools();
      expect(tools.tools.map((t) => t.name)).toContain('search_tickets');
      const r = await client.callTool({ name: 'search_tickets', arguments: { limit: 2 } });
      expect(r.isError).toBeFalsy();
      expect(stderr).toContain('zammad-mcp demo: serving MCP on stdio');
    } finally {
      await client.close();
    }
  });

  it('the installed doctor checks a Zammad and exits 0, or 1 with the fix', async () => {
    const ok = await run(bin, ['doctor'], {
      env: {
        PATH: process.env.PATH ?? '',
        ZAMMAD_URL: sb.url,
        ZAMMAD_HTTP_TOKEN: sb.credentials.agent.token,
      },
    });
    expect(ok.stdout).toMatch(/^PASS {2}token +Acts as Lukas Becker/m);
    const bad = await run(bin, ['doctor'], {
      env: { PATH: process.env.PATH ?? '', ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: 'wrong-0123456789abcdef' },
    }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL {2}token .* Fix: /m);
  });
});
