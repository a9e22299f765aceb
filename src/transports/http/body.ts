/**
 * The body limit. A body is read up to the limit; one over it is answered 413 however it arrives
 * (a declared length, chunks, a client that keeps sending), and the rest of it is read away
 * unprocessed so that the client, still writing, receives the answer instead of a reset.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Reads a request body up to `max` bytes. A declared `Content-Length` over the limit is refused
 * before anything is read; a chunked body stops being read as soon as it passes the limit.
 */
export function readBody(req: IncomingMessage, max: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.resolve({ ok: false, reason: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onError);
      resolve(r);
    };
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > max) {
        req.pause();
        finish({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(c);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onError = (): void => finish({ ok: false, reason: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onError);
  });
}

/**
 * Sends `answer` (a 413) while the client may still be sending: the answer goes out whole at once,
 * then the rest of the body is read and dropped, and the connection is closed once the client has
 * finished or gone. Closing a socket with unread data would reset it, and a client still writing
 * would lose the answer. A client that never finishes is cut by the server's request timeout
 * (MCP_REQUEST_TIMEOUT_MS, counted from the request's start).
 */
export async function answerTooLarge(
  req: IncomingMessage,
  res: ServerResponse,
  answer: Response,
  headers: Record<string, string>,
): Promise<void> {
  const bytes = Buffer.from(await answer.arrayBuffer());
  res.statusCode = answer.status;
  answer.headers.forEach((v, k) => res.setHeader(k, v));
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('connection', 'close');
  res.setHeader('content-length', bytes.length);
  res.write(bytes);
  await new Promise<void>((resolve) => {
    const done = (): void => {
      req.off('data', drop);
      req.off('end', done);
      req.off('error', done);
      req.socket.off('close', done);
      if (!res.writableEnded) res.end();
      resolve();
    };
    const drop = (): void => undefined;
    if (req.readableEnded || req.socket.destroyed) return done();
    req.on('data', drop);
    req.once('end', done);
    req.once('error', done);
    req.socket.once('close', done);
    req.resume();
  });
}
