/**
 * One HTTP exchange with Zammad over node:http(s), with a keep-alive agent of the client's own
 * (trusting ZAMMAD_CA_FILE's CAs where given). Not fetch: streaming a large answer through fetch's
 * web streams held ~35 MB more at its peak than node:http, GC pacing included (ADR 0006), and
 * node:http neither follows redirects nor asks for compression, both of which we want.
 */
import http from 'node:http';
import https from 'node:https';

/** A response whose body is read chunk by chunk, and can be dropped (the socket destroyed). */
export interface WireResponse {
  status: number;
  headers: Headers;
  /** The next chunk of the body, or undefined at its end. */
  next(): Promise<Uint8Array | undefined>;
  /** Stops reading: destroys the response and its socket. */
  cancel(): void;
}

export interface WireRequest {
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | null;
  signal: AbortSignal;
}

function toHeaders(h: http.IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) out.append(k, x);
    else out.set(k, v);
  }
  return out;
}

export class Transport {
  private readonly agent: http.Agent;

  constructor(url: URL, ca?: string) {
    this.agent =
      url.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, ...(ca ? { ca } : {}) })
        : new http.Agent({ keepAlive: true });
  }

  send(url: URL, r: WireRequest): Promise<WireResponse> {
    const mod = url.protocol === 'https:' ? https : http;
    const headers = { ...r.headers };
    if (r.body !== null) headers['content-length'] = String(Buffer.byteLength(r.body));
    return new Promise((resolve, reject) => {
      const req = mod.request(
        url,
        { method: r.method, headers, agent: this.agent, signal: r.signal },
        (res) => {
          const chunks = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
          resolve({
            status: res.statusCode ?? 0,
            headers: toHeaders(res.headers),
            next: async () => {
              const x = await chunks.next();
              return x.done ? undefined : x.value;
            },
            cancel: () => {
              res.destroy();
              req.destroy();
            },
          });
        },
      );
      req.on('error', reject);
      req.end(r.body ?? undefined);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
