/**
 * Vitest global set-up: the tests of the shared spent store need a Redis (TEST_REDIS_URL, default
 * redis://127.0.0.1:6379/15). When none answers there, start a throw-away `redis-server` on that
 * port (no persistence), as .ci/run does, and stop it afterwards. Without `redis-server` on PATH
 * the set-up says so; only the Redis tests then fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';

const url = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15');
const host = url.hostname || '127.0.0.1';
const port = Number(url.port || 6379);

/** True when something answers PING with +PONG (or demands a password: it is a Redis). */
function answers(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(2_000, () => done(false));
    s.once('error', () => done(false));
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => done(/^(\+PONG|-NOAUTH)/.test(d.toString())));
  });
}

let started: ChildProcess | undefined;

export async function setup(): Promise<void> {
  if (await answers()) return;
  if (host !== '127.0.0.1' && host !== 'localhost') return;
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const failed = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(true));
    child.once('spawn', () => resolve(false));
  });
  if (failed) {
    console.warn(
      `No Redis answers at ${host}:${port} and redis-server is not installed: the Redis tests will fail. Install Redis (apt-get install redis-server) or set TEST_REDIS_URL.`,
    );
    return;
  }
  started = child;
  // Wait until it answers; the guard is the hook timeout.
  while (!(await answers())) await new Promise((r) => setTimeout(r, 50));
}

export function teardown(): void {
  started?.kill('SIGTERM');
}
