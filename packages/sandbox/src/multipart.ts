/** multipart/form-data bodies (the upload cache takes its files this way): fields by name. */

export type FormFile = { filename: string; contentType: string; data: Buffer };

/** The parts of a multipart body: text fields as strings, file fields as FormFile; undefined when it is not one. */
export function parseMultipart(
  raw: Buffer,
  contentType: string,
): Record<string, string | FormFile> | undefined {
  const m = /^multipart\/form-data;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return undefined;
  const delim = Buffer.from(`--${boundary}`);
  const out: Record<string, string | FormFile> = {};
  let pos = raw.indexOf(delim);
  while (pos >= 0) {
    const start = pos + delim.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delim, start);
    if (next < 0) return undefined;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = raw.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) return undefined;
    const head = part.subarray(0, split).toString('utf8');
    const data = part.subarray(split + 4);
    const disp = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /\bname="([^"]*)"/.exec(disp)?.[1];
    const filename = /\bfilename="([^"]*)"/.exec(disp)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim();
    if (name !== undefined)
      out[name] =
        filename !== undefined
          ? { filename, contentType: type ?? 'application/octet-stream', data: Buffer.from(data) }
          : data.toString('utf8');
    pos = next;
  }
  return out;
}
