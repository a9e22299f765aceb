/**
 * get_article_source: an email article's raw source, read for a phishing check: the headers that
 * matter (From, Reply-To, Return-Path, the Received chain, Authentication-Results, Message-ID,
 * X-Spam-*), one warning line when they disagree or authentication failed (content/spoofing.ts),
 * and the body as text, capped like every other body. All of it is untrusted: the pipeline
 * sanitizes and frames it.
 */
import { z } from 'zod';
import { cut, mailBody, parseMailHeaders, spoofingWarningOf, type MailHeaders } from '../../content/index.js';
import { ARTICLE_TYPES } from '../../zammad/reference.js';
import { budgetCharsOf } from '../budget.js';
import { defineTool } from '../define.js';
import { article } from '../entities.js';
import { recordId } from '../params.js';
import { compact } from '../render/format.js';
import { fmtSize } from '../render/ticket.js';

/** Bytes of the raw source read: the headers and the first parts; a longer source is cut, not refused. */
export const SOURCE_BYTES = 1024 * 1024;
const HOPS_SHOWN = 10;
const HOP_CHARS = 300;
const AUTH_SHOWN = 5;

const HeadersOut = z.object({
  from: z.array(z.string()),
  reply_to: z.array(z.string()).optional(),
  return_path: z.string().optional(),
  subject: z.string().optional(),
  date: z.string().optional(),
  message_id: z.string().optional(),
  authentication_results: z.array(z.string()).optional(),
  received: z.array(z.string()).optional(),
  spam: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
});

const mailbox = (a: { name: string; address: string }): string =>
  a.name ? `${a.name} <${a.address}>` : `<${a.address}>`;

function headersOut(h: MailHeaders): z.infer<typeof HeadersOut> {
  return compact({
    from: h.from.map(mailbox),
    reply_to: h.replyTo.map(mailbox),
    return_path: h.returnPath === undefined ? undefined : `<${h.returnPath}>`,
    subject: h.subject,
    date: h.date,
    message_id: h.messageId,
    authentication_results: h.authenticationResults,
    received: h.received,
    spam: h.spam,
  });
}

function headerLines(h: z.infer<typeof HeadersOut>): string[] {
  const lines: string[] = [];
  const one = (name: string, v: string | undefined): void => void (v && lines.push(`${name}: ${v}`));
  one('From', h.from.join(', ') || '(none)');
  one('Reply-To', h.reply_to?.join(', '));
  one('Return-Path', h.return_path);
  one('Subject', h.subject);
  one('Date', h.date);
  one('Message-ID', h.message_id);
  const auth = h.authentication_results ?? [];
  auth.slice(0, AUTH_SHOWN).forEach((v) => lines.push(`Authentication-Results: ${v}`));
  if (auth.length > AUTH_SHOWN) lines.push(`(+${auth.length - AUTH_SHOWN} more Authentication-Results)`);
  for (const s of h.spam ?? []) lines.push(`${s.name}: ${s.value}`);
  const hops = h.received ?? [];
  if (hops.length > 0) {
    lines.push(`Received (${hops.length} hop${hops.length > 1 ? 's' : ''}, newest first):`);
    hops.slice(0, HOPS_SHOWN).forEach((v, i) => {
      const c = cut(v, HOP_CHARS);
      lines.push(`  ${i + 1}. ${c.text}${c.cut ? '…' : ''}`);
    });
    if (hops.length > HOPS_SHOWN) lines.push(`  (+${hops.length - HOPS_SHOWN} more hops)`);
  }
  return lines;
}

export const getArticleSource = defineTool({
  name: 'get_article_source',
  title: 'Email source',
  description:
    "An email article's raw headers for a phishing check, with a spoofing warning and the body as text.",
  category: 'tickets',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({ article_id: recordId('Article') }),
  output: z.object({
    article_id: z.number(),
    ticket_id: z.number(),
    has_source: z.boolean(),
    warning: z.string().optional(),
    headers: HeadersOut.optional(),
    attachments: z
      .array(z.object({ filename: z.string(), mime_type: z.string(), bytes: z.number() }))
      .optional(),
    body: z.string().optional(),
    body_cut: z.boolean().optional(),
    source_bytes: z.number().optional(),
    source_truncated: z.boolean().optional(),
  }),
  entities: { article: article('article_id') },
  // The article (scope: +1 under a group scope), then GET /ticket_article_plain/{id} for an email;
  // any other article answers from its type alone.
  async handler(a, ctx, { article: art }) {
    const base = { article_id: art.id, ticket_id: art.ticket_id };
    const type = art.type ?? ARTICLE_TYPES[art.type_id ?? 0] ?? 'unknown';
    if (type !== 'email') {
      return {
        text: `Article ${art.id} (ticket ${art.ticket_id}) is a ${type} article, not an email: it has no raw source. get_ticket_article shows it.`,
        structured: { ...base, has_source: false },
      };
    }
    const src = await ctx.zammad.articleSource(art.id, SOURCE_BYTES, ctx.signal);
    if (src.data.length === 0) {
      return {
        text: `Zammad keeps no raw source for email article ${art.id} (ticket ${art.ticket_id}), e.g. one created through the API. get_ticket_article shows its fields.`,
        structured: { ...base, has_source: false },
      };
    }
    const raw = src.data.toString('utf8');
    const parsed = parseMailHeaders(raw);
    const headers = headersOut(parsed);
    const warning = spoofingWarningOf(parsed);
    const mail = await mailBody(raw);
    const head = [
      `Email source of article ${art.id} (ticket ${art.ticket_id}), ${src.truncated ? `first ${fmtSize(src.data.length)} read` : fmtSize(src.data.length)}:`,
      ...(warning ? [`WARNING: ${warning}`] : []),
      ...headerLines(headers),
      ...(mail.attachments.length
        ? [
            `Attachments: ${mail.attachments.map((x) => `${x.filename} (${x.mimeType}, ${fmtSize(x.bytes)})`).join(', ')}`,
          ]
        : []),
    ].join('\n');
    const room = Math.max(500, budgetCharsOf(ctx) - head.length - 300);
    const body = cut(mail.text.trim(), room);
    const bodyHead =
      mail.from === 'none'
        ? 'Body: (no text or HTML part)'
        : mail.from === 'unreadable'
          ? 'Body: not shown: its MIME structure nests deeper than this server reads. The headers above are complete.'
          : `Body (${mail.from === 'html' ? 'HTML as text, ' : ''}${mail.text.trim().length} characters${body.cut ? `, first ${body.text.length} shown: get_ticket_article continues the stored body` : ''}):`;
    return {
      text: `${head}\n${bodyHead}${body.text ? `\n${body.text}` : ''}`,
      structured: {
        ...base,
        has_source: true,
        ...(warning ? { warning } : {}),
        headers,
        ...(mail.attachments.length
          ? {
              attachments: mail.attachments.map((x) => ({
                filename: x.filename,
                mime_type: x.mimeType,
                bytes: x.bytes,
              })),
            }
          : {}),
        body: body.text,
        ...(body.cut ? { body_cut: true } : {}),
        source_bytes: src.data.length,
        ...(src.truncated ? { source_truncated: true } : {}),
      },
    };
  },
});
