import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Spawned {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/**
 * Starts a server process on a free port and resolves once /healthz answers. Its output goes
 * nowhere: the server pays for its logging, this process does not read it.
 */
export async function spawnServer(args: string[], env: Record<string, string>): Promise<Spawned> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env, MCP_HTTP_PORT: String(port), PORT: String(port) },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  for (let i = 0; i < 200 && exited === undefined; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok)
      return {
        url: `http://127.0.0.1:${port}/mcp`,
        child,
        stop: () =>
          new Promise<void>((r) => {
            if (child.exitCode !== null) return r();
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
      };
    await sleep(100);
  }
  child.kill('SIGTERM');
  throw new Error(`server ${args.join(' ')} did not start (exit ${String(exited)})`);
}
