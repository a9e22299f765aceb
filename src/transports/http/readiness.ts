/** `/readyz`: is Zammad reachable with the server's credential? Cached briefly, one check at a time. */
import type { ZammadClient } from '../../zammad/client.js';

export function readiness(zammad: ZammadClient, cacheMs = 5_000): () => Promise<boolean> {
  let ready: { at: number; ok: boolean } | undefined;
  let checking: Promise<boolean> | undefined;
  return () => {
    if (ready && Date.now() - ready.at < cacheMs) return Promise.resolve(ready.ok);
    checking ??= zammad
      .me(AbortSignal.timeout(5_000))
      .then(
        () => true,
        () => false,
      )
      .then((ok) => {
        ready = { at: Date.now(), ok };
        checking = undefined;
        return ok;
      });
    return checking;
  };
}
