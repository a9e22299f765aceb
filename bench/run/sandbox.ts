import { spawn } from 'node:child_process';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { distCli } from '../lib/paths.js';

/**
 * The Zammad the server talks to runs in its own process, so its work does not land on the
 * server's thread or in its measurements. A local copy with the same seed (identical data and
 * tokens) tells the benchmark which ids exist.
 */
async function spawnSandbox(): Promise<{ url: string; close: () => void }> {
  const child = spawn(process.execPath, [distCli, 'sandbox'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stderr.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(buf);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(`sandbox exited: ${buf}`)));
  });
  return { url, close: () => void child.kill('SIGTERM') };
}

/** The local copy's store, with the spawned sandbox's URL. */
export async function benchSandbox(): Promise<{ sb: Sandbox; close: () => Promise<void> }> {
  const local = await startSandbox();
  const remote = await spawnSandbox();
  const sb = Object.assign(Object.create(local) as Sandbox, { url: remote.url });
  return {
    sb,
    close: async () => {
      remote.close();
      await local.close();
    },
  };
}
