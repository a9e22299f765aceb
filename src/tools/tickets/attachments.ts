/**
 * download_attachment: one attachment of an article, as text, an image or (where allowed) an
 * embedded resource; refused before download when over the size limit or of a type not allowed.
 */
import { z } from 'zod';
import { htmlToText } from '../../content/index.js';
import { NotFoundError, PolicyError } from '../../errors.js';
import type { Attachment } from '../../zammad/schemas.js';
import { budgetCharsOf } from '../budget.js';
import { defineTool, type ExtraContent } from '../define.js';
import { article } from '../entities.js';
import { recordId, ticketId } from '../params.js';
import { cut } from '../render/format.js';
import { fmtSize } from '../render/ticket.js';

function attachmentTooBig(att: Attachment, max: number): PolicyError {
  return new PolicyError(
    `Attachment ${att.filename} is ${fmtSize(att.size)} (${att.size} bytes), over this server's limit of ${fmtSize(max)} (${max} bytes, MCP_ATTACHMENT_MAX_BYTES).`,
  );
}

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  htm: 'text/html',
  md: 'text/markdown',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

function prefString(p: Attachment['preferences'], ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = p?.[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/** The attachment's MIME type (lower case, no parameters) and charset, from its metadata or else its file name. */
export function attachmentType(att: Attachment): { type: string; charset: string | undefined } {
  const raw = prefString(att.preferences, 'Content-Type', 'Mime-Type', 'content_type');
  const type = raw?.split(';')[0]?.trim().toLowerCase();
  const charset =
    prefString(att.preferences, 'Charset', 'charset') ?? /charset="?([\w.:-]+)/i.exec(raw ?? '')?.[1];
  const ext = /\.([a-z0-9]+)$/i.exec(att.filename)?.[1]?.toLowerCase();
  const guessed = ext ? BY_EXTENSION[ext] : undefined;
  const known =
    type && type !== 'application/octet-stream' ? type : (guessed ?? type ?? 'application/octet-stream');
  return { type: known, charset };
}

function isText(type: string): boolean {
  return (
    type.startsWith('text/') ||
    [
      'application/json',
      'application/xml',
      'application/csv',
      'application/x-csv',
      'application/x-ndjson',
    ].includes(type) ||
    type.endsWith('+json') ||
    type.endsWith('+xml')
  );
}

/** `application/*`, `*\/*` or an exact type. */
export function typeAllowed(type: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    const re = new RegExp(
      `^${p
        .toLowerCase()
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')}$`,
    );
    return re.test(type);
  });
}

function decode(data: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(data);
  } catch {
    return new TextDecoder('utf-8').decode(data);
  }
}

const DeliveredAs = z.enum(['text', 'image', 'resource']);

export const downloadAttachment = defineTool({
  name: 'download_attachment',
  title: 'Download an attachment',
  description:
    'One attachment of an article (ids from get_ticket_article): text as text, images as images, other types only where allowed; too large a file is refused before download.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({
    ticket_id: ticketId,
    article_id: recordId('Article'),
    attachment_id: recordId('Attachment'),
  }),
  output: z.object({
    ticket_id: z.number(),
    article_id: z.number(),
    attachment_id: z.number(),
    filename: z.string(),
    content_type: z.string(),
    size: z.number(),
    delivered_as: DeliveredAs,
    text: z.string().optional(),
    text_length: z.number().optional(),
    truncated: z.boolean().optional(),
  }),
  entities: { article: article('article_id', { ticket: 'ticket_id' }) },
  // 2 requests: the article (its attachment list and sizes), then the file; +1 under a group scope.
  // A refused file (size or type) costs only the first.
  async handler(a, ctx, { article: art }) {
    const att = art.attachments.find((x) => x.id === a.attachment_id);
    if (!att) {
      const list = art.attachments.map((x) => `${x.filename} (id ${x.id})`).join(', ');
      throw new NotFoundError(
        `Attachment ${a.attachment_id} not found on article ${a.article_id}. ${list ? `Its attachments: ${list}.` : 'It has no attachments.'}`,
      );
    }
    const { type, charset } = attachmentType(att);
    const max = ctx.config.output.attachmentMaxBytes;
    const tooBig = (): PolicyError => attachmentTooBig(att, max);
    if (att.size > max) throw tooBig();
    const kind: z.infer<typeof DeliveredAs> | undefined = isText(type)
      ? 'text'
      : IMAGE_TYPES.has(type)
        ? 'image'
        : typeAllowed(type, ctx.config.output.attachmentTypes)
          ? 'resource'
          : undefined;
    if (!kind) {
      throw new PolicyError(
        `Attachment ${att.filename} is of type ${type}, which this server does not return. Text and png/jpeg/gif/webp images are always returned; other types only when listed in MCP_ATTACHMENT_TYPES (e.g. ${type} or ${type.split('/')[0]}/*).`,
      );
    }
    const file = await ctx.zammad.attachment(a.ticket_id, a.article_id, a.attachment_id, max, ctx.signal);
    const base = {
      ticket_id: a.ticket_id,
      article_id: a.article_id,
      attachment_id: a.attachment_id,
      filename: att.filename,
      content_type: type,
      size: file.data.length,
    };
    const label = `Attachment ${att.filename} (${fmtSize(file.data.length)}, ${type}) of article ${a.article_id}, ticket ${a.ticket_id}`;
    if (kind === 'text') {
      const raw = decode(file.data, charset);
      const full = type === 'text/html' ? htmlToText(raw) : raw.replace(/\r\n?/g, '\n');
      const c = cut(full, Math.max(500, budgetCharsOf(ctx) - 400));
      const note = c.cut ? `\n(cut at ${c.text.length} of ${full.length} characters: the output budget)` : '';
      return {
        text: `${label}${type === 'text/html' ? ', as text' : ''}:\n${c.text}${note}`,
        structured: {
          ...base,
          delivered_as: kind,
          text: c.text,
          text_length: full.length,
          ...(c.cut ? { truncated: true } : {}),
        },
      };
    }
    const data = file.data.toString('base64');
    const extra: ExtraContent[] =
      kind === 'image'
        ? [{ type: 'image', data, mimeType: type }]
        : [
            {
              type: 'resource',
              resource: {
                uri: `zammad://attachment/${a.ticket_id}/${a.article_id}/${a.attachment_id}`,
                mimeType: type,
                blob: data,
              },
            },
          ];
    return {
      text: `${label}: returned as ${kind === 'image' ? 'an image' : 'an embedded resource'}.`,
      structured: { ...base, delivered_as: kind },
      extra,
    };
  },
  errors: {
    // The size Zammad listed was below the limit, the file was not.
    too_large: (_e, a, { article: art }, config) => {
      const att = art.attachments.find((x) => x.id === a.attachment_id);
      return att ? attachmentTooBig(att, config.output.attachmentMaxBytes) : undefined;
    },
    hidden: (_e, a) =>
      new NotFoundError(`Attachment ${a.attachment_id} not found on article ${a.article_id}.`),
  },
});
