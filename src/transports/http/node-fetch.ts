/**
 * The bridge between node:http and the SDK's fetch-style handlers: an IncomingMessage (whose body
 * the guards already read) becomes a web `Request`; a web `Response` is streamed back, SSE included.
 * A client that goes away aborts the request's signal and cancels the response stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function toWebRequest(
  req: IncomingMessage,
  origin: string,
  body: Buffer | undefined,
  signal: AbortSignal,
): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else headers.set(k, v);
  }
  const method = req.method ?? 'GET';
  const init: RequestInit = { method, headers, signal };
  if (body !== undefined && method !== 'GET' && method !== 'HEAD') init.body = body;
  // The path only: the URL's origin is ours, never taken from the (untrusted) Host header.
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  return new Request(new URL(path, origin), init);
}

/** Writes `res` out, streaming its body; resolves when the response ended or the client left. */
export async function sendWebResponse(
  out: ServerResponse,
  res: Response,
  extraHeaders?: Record<string, string>,
): Promise<void> {
  out.statusCode = res.status;
  res.headers.forEach((v, k) => out.setHeader(k, v));
  for (const [k, v] of Object.entries(extraHeaders ?? {})) out.setHeader(k, v);
  if (!res.body) {
    out.end();
    return;
  }
  const streaming = (res.headers.get('content-type') ?? '').includes('text/event-stream');
  if (!streaming) {
    // A JSON answer is complete once the handler resolves: one write with a length, no chunking.
    const bytes = Buffer.from(await res.arrayBuffer());
    if (!out.destroyed) {
      out.setHeader('content-length', bytes.length);
      out.end(bytes);
    }
    return;
  }
  out.flushHeaders();
  const reader = res.body.getReader();
  let gone = false;
  const onClose = (): void => {
    gone = true;
    reader.cancel().catch(() => undefined);
  };
  out.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || gone) break;
      if (!out.write(value)) {
        await new Promise<void>((resolve) => {
          const go = (): void => {
            out.off('drain', go);
            out.off('close', go);
            resolve();
          };
          out.on('drain', go);
          out.on('close', go);
        });
      }
    }
  } catch {
    // The stream failed or was cancelled because the client left: nothing more to send.
  } finally {
    out.off('close', onClose);
    if (!out.writableEnded) out.end();
  }
}
