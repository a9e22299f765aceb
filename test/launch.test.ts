import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binPrologue, HTTP_NODE_FLAGS, NODE_FLAGS } from '../src/version.js';
import { CLI } from './mcp.js';

const read = (p: string): string => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');

describe('documented launch commands', () => {
  it('README and package scripts use the V8 flags of each mode; dist/cli.js starts with the prologue', () => {
    const readme = read('README.md');
    const pkg = read('package.json');
    for (const f of NODE_FLAGS) {
      expect(readme).toContain(f);
      expect(pkg).toContain(f);
    }
    expect(readme).toContain(`node ${HTTP_NODE_FLAGS.join(' ')} dist/cli.js http`);
    expect(read('dist/cli.js').startsWith(`${binPrologue()}\n`)).toBe(true);
  });
});

/** Runs the executable file itself (its shell prologue picks the flags), returns node's argv. */
async function launchedArgv(args: string[], env: Record<string, string>): Promise<string[]> {
  const child = spawn(CLI, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  try {
    // The first stderr line: node runs our code by then, in the process the shell exec'd.
    await new Promise<void>((resolve, reject) => {
      child.stderr.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`exited ${String(code)} before any output`)));
    });
    return readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } finally {
    child.kill('SIGTERM');
  }
}

const zammad = { ZAMMAD_URL: 'http://127.0.0.1:9', ZAMMAD_HTTP_TOKEN: 'launch-test-token-0123456789' };
const http = { ...zammad, MCP_AUTH_ENABLED: 'false', MCP_HTTP_PORT: '0' };

describe.skipIf(!existsSync('/proc/self/cmdline'))('dist/cli.js run as a program', () => {
  it('stdio (the default) runs under the stdio flags', async () => {
    const argv = await launchedArgv([], zammad);
    expect(argv.slice(1, 1 + NODE_FLAGS.length)).toEqual([...NODE_FLAGS]);
  });
  it('`http` runs under the HTTP flags, without the small young generation', async () => {
    const argv = await launchedArgv(['http'], http);
    expect(argv.slice(1, 1 + HTTP_NODE_FLAGS.length)).toEqual([...HTTP_NODE_FLAGS]);
    expect(argv).not.toContain('--max-semi-space-size=2');
  });
  it('MCP_TRANSPORT=http and --transport http pick the HTTP flags too', async () => {
    for (const [args, env] of [
      [[], { ...http, MCP_TRANSPORT: 'http' }],
      [['--transport', 'http'], http],
      [['--transport=http'], http],
    ] as const) {
      const argv = await launchedArgv([...args], env);
      expect(argv.slice(1, 1 + HTTP_NODE_FLAGS.length), args.join(' ')).toEqual([...HTTP_NODE_FLAGS]);
    }
  });
  it('node dist/cli.js skips the prologue: a flag-less launch works', async () => {
    const child = spawn(process.execPath, [CLI, '--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+\.\d+\.\d+/);
  });
});
