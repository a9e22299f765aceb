// Smoke test of the container image: started with a read-only root filesystem against the
// Zammad sandbox, it must run as uid 1000, report healthy, refuse writes to its filesystem, and
// answer the official MCP client over Streamable HTTP with an API key.
// Usage: node container/smoke.mjs <image>   (after `npm run build`; needs podman)
// PODMAN_ARGS adds run options this host needs (e.g. "--runtime runc" before `run` is global).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const image = process.argv[2] ?? 'localhost/zammad-mcp:latest';
const global = (process.env.PODMAN_GLOBAL ?? '').split(' ').filter(Boolean);
const extra = (process.env.PODMAN_ARGS ?? '').split(' ').filter(Boolean);
const podman = (...args) => execFileSync('podman', [...global, ...args], { encoding: 'utf8' }).trim();
/** The container's output: the server logs on stderr, which `podman logs` passes on as stderr. */
const logs = (n) => {
  const r = spawnSync('podman', [...global, 'logs', n], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
};
const port = 18080 + Math.floor(Math.random() * 1000);
const name = `zammad-mcp-smoke-${port}`;

const sandbox = spawn(process.execPath, ['dist/cli.js', 'sandbox'], { stdio: ['ignore', 'ignore', 'pipe'] });
let banner = '';
await new Promise((resolve, reject) => {
  sandbox.stderr.on('data', (d) => {
    banner += d.toString();
    if (banner.includes('Press Ctrl-C')) resolve();
  });
  sandbox.once('exit', () => reject(new Error(`sandbox exited: ${banner}`)));
});
const url = /at (http:\/\/[0-9.:]+)\/api\/v1/.exec(banner)?.[1];
const token = /^ {2}agent .* token: (\S+)/m.exec(banner)?.[1];
const secrets = mkdtempSync(join(tmpdir(), 'zammad-mcp-smoke-'));
// keygen: the key on stdout, the line for the keys file (its hash) on stderr.
const kg = spawn(process.execPath, ['dist/cli.js', 'keygen', 'smoke'], { stdio: ['ignore', 'pipe', 'pipe'] });
let kgOut = '';
let kgErr = '';
kg.stdout.on('data', (d) => (kgOut += d.toString()));
kg.stderr.on('data', (d) => (kgErr += d.toString()));
await new Promise((r) => kg.once('close', r));
const key = kgOut.trim();
writeFileSync(join(secrets, 'keys'), `${/^smoke:.*$/m.exec(kgErr)?.[0] ?? ''}\n`);
writeFileSync(join(secrets, 'zammad'), token ?? '');
chmodSync(secrets, 0o755); // the container's uid 1000 reads them
for (const f of ['keys', 'zammad']) chmodSync(join(secrets, f), 0o644);

const checks = [];
const ok = (what, cond) => {
  checks.push(`${cond ? 'ok  ' : 'FAIL'} ${what}`);
  if (!cond) process.exitCode = 1;
};
try {
  podman(
    'run',
    '-d',
    '--name',
    name,
    '--network',
    'host',
    '--read-only',
    ...extra,
    '-e',
    `ZAMMAD_URL=${url}`,
    '-e',
    'ZAMMAD_HTTP_TOKEN_FILE=/run/secrets/zammad',
    '-e',
    'MCP_API_KEYS_FILE=/run/secrets/keys',
    '-e',
    'MCP_ALLOW_HTTP=true',
    '-e',
    `MCP_HTTP_PORT=${port}`,
    '-e',
    `MCP_ALLOWED_HOSTS=127.0.0.1:${port}`,
    '-v',
    `${secrets}:/run/secrets:ro`,
    image,
  );
  // Until it listens (the guard: 60 s), or stops.
  for (let i = 0; i < 600 && !logs(name).includes('"msg":"listening"'); i++) {
    if (podman('inspect', name, '--format', '{{.State.Running}}') !== 'true')
      throw new Error(`the container stopped:\n${logs(name)}`);
    await delay(100);
  }
  ok(
    'runs as uid 1000 (node)',
    podman('exec', name, 'node', '-e', 'process.stdout.write(String(process.getuid()))') === '1000',
  );
  ok(
    'read-only root filesystem',
    podman('inspect', name, '--format', '{{.HostConfig.ReadonlyRootfs}}') === 'true',
  );
  const write = spawnSync(
    'podman',
    [...global, 'exec', name, 'node', '-e', "require('fs').writeFileSync('/app/x', 'x')"],
    {
      encoding: 'utf8',
    },
  );
  ok('a write to /app fails with EROFS', write.status !== 0 && write.stderr.includes('EROFS'));
  let healthy = true;
  try {
    podman('healthcheck', 'run', name);
  } catch {
    healthy = false;
  }
  ok('health check passes', healthy);
  ok('HTTP mode by default (no command given)', logs(name).includes('"msg":"listening","transport":"http"'));
  const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
    requestInit: { headers: { 'X-API-Key': key } },
  });
  const client = new Client({ name: 'container-smoke', version: '1.0.0' });
  await client.connect(transport);
  const r = await client.callTool({ name: 'search_tickets', arguments: { limit: 1 } });
  ok('the official MCP client calls search_tickets with an API key', !r.isError);
  await client.close();
} catch (e) {
  process.exitCode = 1;
  console.error(e instanceof Error ? e.message : e);
} finally {
  try {
    podman('rm', '-f', name);
  } catch {
    /* not started */
  }
  sandbox.kill();
  rmSync(secrets, { recursive: true, force: true });
  console.log(checks.join('\n'));
}
