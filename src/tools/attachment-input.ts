/**
 * Files a write tool sends to Zammad (reply_to_customer, add_internal_note, save_draft_reply,
 * create_ticket): one declaration of their shape, count, size and type rules, the checks that run
 * before any request, and the file name as it is stored.
 */
import { z } from 'zod';
import { stripCodePoints } from '../content/index.js';
import { UserInputError } from '../errors.js';
import { fmtSize } from './render/ticket.js';

export const MAX_ATTACHMENT_BYTES = 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

const attachment = z.object({
  filename: z.string().min(1).max(255).describe('File name; a path is cut to its last part'),
  mime_type: z
    .string()
    .trim()
    .max(100)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'a MIME type such as application/pdf'),
  data: z
    .string()
    .max(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 4)
    .describe('The file, base64-encoded (at most 1 MB decoded)'),
});

/** The `attachments` parameter: at most 5 files of at most 1 MB each. */
export const attachmentsParam = z
  .array(attachment)
  .max(MAX_ATTACHMENTS)
  .optional()
  .describe('Files: at most 5, 1 MB each');

export type AttachmentIn = z.infer<typeof attachment>;
export type CheckedAttachment = AttachmentIn & { size: number };

/**
 * The name Zammad stores and shows: the last part of a path, without control, format (BiDi,
 * zero-width) or line characters, without leading dots, at most 255 characters.
 */
export function safeFilename(name: string): string {
  const clean = stripCodePoints(name)
    .replace(/[\t\n]+/g, ' ')
    .split(/[/\\]/)
    .pop();
  return (clean ?? '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '').trim().slice(0, 255);
}

/** Base64 checked (whitespace ignored), decoded size checked, file name made safe; throws naming the file and what is allowed. */
export function checkAttachments(list: readonly AttachmentIn[] | undefined): CheckedAttachment[] {
  return (list ?? []).map((x, i) => {
    const filename = safeFilename(x.filename);
    if (filename === '')
      throw new UserInputError(
        `attachments[${i}]: the file name "${x.filename.slice(0, 80)}" has no usable characters; give a name such as report.pdf.`,
      );
    const data = x.data.replace(/\s+/g, '');
    if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data))
      throw new UserInputError(
        `attachments[${i}] (${filename}): data is not valid base64 (A–Z, a–z, 0–9, +, / and = padding).`,
      );
    const size = Buffer.byteLength(data, 'base64');
    if (size > MAX_ATTACHMENT_BYTES)
      throw new UserInputError(
        `attachments[${i}] (${filename}) is ${size.toLocaleString('en-US')} bytes; at most 1 MB (${MAX_ATTACHMENT_BYTES.toLocaleString('en-US')} bytes) per file, ${MAX_ATTACHMENTS} files.`,
      );
    return { filename, mime_type: x.mime_type, data, size };
  });
}

/** The attachments of an article as Zammad's article create takes them (`data` base64, `mime-type`). */
export function articleAttachments(list: readonly CheckedAttachment[]): {
  attachments?: Array<{ filename: string; data: string; 'mime-type': string }>;
} {
  if (list.length === 0) return {};
  return {
    attachments: list.map((x) => ({ filename: x.filename, data: x.data, 'mime-type': x.mime_type })),
  };
}

/** "2 attachments (a.pdf, b.png)" for result lines, or "". */
export function attachmentsLine(list: readonly CheckedAttachment[]): string {
  if (list.length === 0) return '';
  return `${list.length} attachment${list.length > 1 ? 's' : ''} (${list.map((x) => x.filename).join(', ')})`;
}

/** "a.pdf (12 KB, application/pdf); …" for previews. */
export function attachmentsDetail(list: readonly CheckedAttachment[]): string {
  return list.map((x) => `${x.filename} (${fmtSize(x.size)}, ${x.mime_type})`).join('; ');
}
