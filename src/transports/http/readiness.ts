/**
 * `/readyz`: is Zammad reachable with the server's credential? Cached briefly, one check at a time.
 * Each change of the answer is logged, a "not ready" with why (the Zammad error, no secret).
 */
import type { Logger } from '../../log.js';
import type { ZammadClient } from '../../zammad/client.js';

export function readiness(zammad: ZammadClient, cacheMs = 5_000, log?: Logger): () => Promise<boolean> {
  let ready: { at: number; ok: boolean } | undefined;
  let checking: Promise<boolean> | undefined;
  let said: boolean | undefined;
  return () => {
    if (ready && Date.now() - ready.at < cacheMs) return Promise.resolve(ready.ok);
    checking ??= zammad
      .me(AbortSignal.timeout(5_000))
      .then(
        () => true,
        (e: unknown) => {
          if (said !== false)
            log?.warn('not ready: Zammad does not answer with the configured credential', {
              reason: e instanceof Error ? e.message : String(e),
              fix: 'run `zammad-mcp doctor` with the same configuration',
            });
          return false;
        },
      )
      .then((ok) => {
        if (ok && said === false) log?.info('ready: Zammad answers again');
        said = ok;
        ready = { at: Date.now(), ok };
        checking = undefined;
        return ok;
      });
    return checking;
  };
}
