/**
 * A graceful shutdown, shared by both transports: on SIGTERM or SIGINT new calls are refused,
 * calls in progress may finish within MCP_SHUTDOWN_TIMEOUT_MS (a second signal stops waiting),
 * then the transport and the app close — the audit file last, after the calls' lines.
 */

/** Calls in progress. */
export class InFlight {
  private active = 0;
  private closing = false;
  private readonly idle = new Set<() => void>();

  get count(): number {
    return this.active;
  }

  /** True once a drain has started: new calls are refused. */
  get draining(): boolean {
    return this.closing;
  }

  /** A call started; the returned function ends it (calling it again does nothing). */
  enter(): () => void {
    this.active++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.active--;
      if (this.active === 0) for (const wake of [...this.idle]) wake();
    };
  }

  /**
   * Starts refusing new calls and waits for the ones in progress: true once none is left,
   * false when `ms` passed or `stop` settled first.
   */
  drain(ms: number, stop?: Promise<unknown>): Promise<boolean> {
    this.closing = true;
    if (this.active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (ok: boolean): void => {
        clearTimeout(timer);
        this.idle.delete(wake);
        resolve(ok);
      };
      const wake = (): void => finish(true);
      const timer = setTimeout(() => finish(false), ms);
      this.idle.add(wake);
      void stop?.then(() => finish(false));
    });
  }
}

export interface ShutdownSignals {
  /** The first SIGTERM or SIGINT. */
  first: Promise<NodeJS.Signals>;
  /** The one after it: stop waiting for calls. */
  again: Promise<NodeJS.Signals>;
  /** Stops listening (the process keeps no handler after shutdown). */
  dispose(): void;
}

export function shutdownSignals(): ShutdownSignals {
  let seen = 0;
  let onFirst: (s: NodeJS.Signals) => void = () => undefined;
  let onAgain: (s: NodeJS.Signals) => void = () => undefined;
  const first = new Promise<NodeJS.Signals>((r) => (onFirst = r));
  const again = new Promise<NodeJS.Signals>((r) => (onAgain = r));
  const on = (s: NodeJS.Signals): void => {
    seen++;
    (seen === 1 ? onFirst : onAgain)(s);
  };
  process.on('SIGTERM', on);
  process.on('SIGINT', on);
  return {
    first,
    again,
    dispose: () => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
    },
  };
}
