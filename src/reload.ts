/**
 * What starts a reload (src/app.ts, `reload`): SIGHUP, and a change of the policy file. The file's
 * folder is watched, not the file: editors and secret managers replace a file by renaming a new
 * one over it. Changes within a short moment are one reload; one reload runs at a time.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { App } from './app.js';

/** Starts watching; the returned function stops it. */
export function watchReloads(
  app: Pick<App, 'reload' | 'log' | 'config'>,
  o: { debounceMs?: number } = {},
): () => void {
  let running: Promise<unknown> | undefined;
  let again = false;
  const run = (why: string): void => {
    if (running) {
      again = true;
      return;
    }
    app.log.info('reload', { why });
    running = app
      .reload()
      .catch((e: unknown) =>
        app.log.error('reload failed', { error: e instanceof Error ? e.message : String(e) }),
      )
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run('changed while reloading');
        }
      });
  };
  const onHup = (): void => run('SIGHUP');
  process.on('SIGHUP', onHup);
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  const file = app.config.policy.policyFile;
  if (file) {
    const name = basename(file);
    try {
      watcher = watch(dirname(resolve(file)), (_event, changed) => {
        if (changed !== null && changed !== name) return;
        clearTimeout(timer);
        timer = setTimeout(() => run('policy file changed'), o.debounceMs ?? 200);
        timer.unref();
      });
      watcher.on('error', (e) => app.log.warn('policy file not watched', { error: e.message }));
      watcher.unref();
    } catch (e) {
      app.log.warn('policy file not watched; SIGHUP reloads it', { error: (e as Error).message });
    }
  }
  return () => {
    process.off('SIGHUP', onHup);
    clearTimeout(timer);
    watcher?.close();
  };
}
