/** The multipart/form-data body of file uploads (Zammad's upload cache takes files this way). */
import { randomBytes } from 'node:crypto';

export interface FilePart {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A multipart/form-data body; names are quoted with `"`, CR and LF percent-encoded (as browsers do). */
export function multipart(files: readonly FilePart[]): { contentType: string; body: Buffer } {
  const boundary = `----zammad-mcp-${randomBytes(12).toString('hex')}`;
  const q = (s: string): string => s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${q(f.field)}"; filename="${q(f.filename)}"\r\n` +
          `Content-Type: ${f.contentType}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}
