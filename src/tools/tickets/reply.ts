/**
 * reply_to_customer: an email reply the customer receives. Confirmed before it runs (the pipeline's
 * gate shows what `preview` builds); the recipients are a policy check (src/policy/recipients.ts).
 */
import { z } from 'zod';
import { UserInputError } from '../../errors.js';
import { addressesIn, checkRecipients } from '../../policy/recipients.js';
import type { TicketView } from '../../zammad/client.js';
import type { ReferenceSnapshot } from '../../zammad/reference.js';
import type { Ticket } from '../../zammad/schemas.js';
import {
  articleAttachments,
  attachmentsDetail,
  attachmentsParam,
  checkAttachments,
  type AttachmentIn,
  type CheckedAttachment,
} from '../attachment-input.js';
import { defineTool, type ConfirmationPreview, type ToolContext } from '../define.js';
import { ticket } from '../entities.js';
import { ticketRef } from '../params.js';
import {
  bodyPreview,
  contentType,
  emailAddress,
  messageBody,
  prepareBody,
  type PreparedBody,
} from '../write-support.js';
import { ticketLabel } from './label.js';

interface ReplyPlan {
  ticket: Ticket;
  to: string[];
  cc: string[];
  subject: string;
  body: PreparedBody;
  attachments: CheckedAttachment[];
  /** Recipients who are not participants, let through by MCP_ALLOWED_RECIPIENT_DOMAINS. */
  outsiders: string[];
}

type ReplyArgs = {
  ticket_id?: number | undefined;
  ticket_number?: string | undefined;
  body: string;
  content_type: 'text/plain' | 'text/html';
  to?: string[] | undefined;
  cc?: string[] | undefined;
  subject?: string | undefined;
  attachments?: AttachmentIn[] | undefined;
};

/**
 * Everything the reply needs, from the ticket bundle the pipeline loaded (one request by id): the
 * recipients (default: the customer) checked by the policy against the ticket's participants.
 */
function planReply(a: ReplyArgs, bundle: TicketView, ctx: ToolContext): ReplyPlan {
  const body = prepareBody(a.body, a.content_type);
  const attachments = checkAttachments(a.attachments);
  const t = bundle.ticket;
  const customer = (t.customer_id ? bundle.assets.User?.[String(t.customer_id)] : undefined) as
    { email?: unknown } | undefined;
  const customerEmail =
    typeof customer?.email === 'string' && customer.email !== '' ? customer.email.toLowerCase() : undefined;
  // Participants: the customer and every address in the customer-visible articles (internal notes do not count).
  const participants = new Set<string>(customerEmail ? [customerEmail] : []);
  for (const art of bundle.heads)
    if (!art.internal)
      for (const x of [art.from, art.to, art.cc]) for (const ad of addressesIn(x)) participants.add(ad);
  const to = [...new Set((a.to ?? (customerEmail ? [customerEmail] : [])).map((x) => x.toLowerCase()))];
  if (to.length === 0)
    throw new UserInputError(`The customer of ticket #${t.number} has no email address: give to.`);
  const cc = [...new Set((a.cc ?? []).map((x) => x.toLowerCase()))].filter((x) => !to.includes(x));
  const outsiders = checkRecipients({
    ticket: `#${t.number}`,
    participants,
    recipients: [...to, ...cc],
    allowedDomains: ctx.config.policy.allowedRecipientDomains,
  });
  const subject = a.subject ?? (/^re:/i.test(t.title) ? t.title : `Re: ${t.title}`);
  return { ticket: t, to, cc, subject, body, attachments, outsiders };
}

function replyPreview(p: ReplyPlan, ref: ReferenceSnapshot): ConfirmationPreview {
  const details: Array<[string, string]> = [
    ['Ticket', ticketLabel(p.ticket, ref)],
    ['To', p.to.join(', ')],
  ];
  if (p.cc.length) details.push(['Cc', p.cc.join(', ')]);
  if (p.outsiders.length)
    details.push([
      'Not on the ticket before',
      `${p.outsiders.join(', ')} (allowed by MCP_ALLOWED_RECIPIENT_DOMAINS)`,
    ]);
  details.push(['Subject', p.subject]);
  details.push([
    'Format',
    p.body.content_type === 'text/html'
      ? `HTML${p.body.removed.length ? ` (cleaned: ${p.body.removed.join(', ')} removed)` : ''}`
      : 'plain text',
  ]);
  details.push(['Body', bodyPreview(p.body)]);
  if (p.attachments.length) details.push(['Attachments', attachmentsDetail(p.attachments)]);
  return {
    summary: `Reply to ticket #${p.ticket.number} "${p.ticket.title}" — email to ${p.to.join(', ')}${p.cc.length ? `, cc ${p.cc.join(', ')}` : ''}`,
    details,
  };
}

export const replyToCustomer = defineTool({
  name: 'reply_to_customer',
  title: 'Reply to the customer',
  description:
    "Send an email reply on a ticket that the customer receives and sees. to defaults to the ticket's customer; " +
    'recipients must already be on the ticket (customer, addresses in its articles) unless their domain is configured. Plain text is sent exactly as given; HTML is cleaned. Use save_draft_reply to let an agent send it instead.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'external',
  input: z.object({
    ...ticketRef,
    body: messageBody,
    content_type: contentType,
    to: z.array(emailAddress).min(1).max(20).optional().describe("Default: the ticket's customer"),
    cc: z.array(emailAddress).max(20).optional(),
    subject: z.string().trim().min(1).max(250).optional().describe('Default: "Re: <ticket title>"'),
    attachments: attachmentsParam,
  }),
  output: z.object({
    ticket_id: z.number(),
    number: z.string(),
    article_id: z.number(),
    to: z.array(z.string()),
    cc: z.array(z.string()).optional(),
    subject: z.string(),
    content_type: z.string(),
    attachments: z.number(),
  }),
  // Preview and handler: GET /tickets/{id}?all=true (ticket, articles, customer); +1 by number or under a group scope.
  // No article bodies are held: the participants come from the articles' headers.
  entities: { ticket: ticket('bundle', () => ({ articles: 0, includeInternal: true })) },
  check(a) {
    prepareBody(a.body, a.content_type);
    checkAttachments(a.attachments);
  },
  async preview(a, ctx, { ticket: bundle }) {
    return replyPreview(planReply(a, bundle, ctx), await ctx.zammad.reference.get(ctx.signal));
  },
  // The same reads, then POST /ticket_articles (type email, sender Agent, internal false).
  async handler(a, ctx, { ticket: bundle }) {
    const p = planReply(a, bundle, ctx);
    const art = await ctx.zammad.createArticle(
      {
        ticket_id: p.ticket.id,
        type: 'email',
        sender: 'Agent',
        internal: false,
        to: p.to.join(', '),
        ...(p.cc.length ? { cc: p.cc.join(', ') } : {}),
        subject: p.subject,
        body: p.body.body,
        content_type: p.body.content_type,
        ...articleAttachments(p.attachments),
      },
      ctx.signal,
    );
    const cleaned = p.body.removed.length ? ` HTML cleaned: ${p.body.removed.join(', ')} removed.` : '';
    return {
      text:
        `Email reply created on ticket #${p.ticket.number} (article ${art.id}); Zammad sends it to ${p.to.join(', ')}` +
        `${p.cc.length ? `, cc ${p.cc.join(', ')}` : ''}. Subject "${p.subject}"` +
        `${p.attachments.length ? `, ${p.attachments.length} attachment${p.attachments.length > 1 ? 's' : ''}` : ''}.${cleaned}`,
      structured: {
        ticket_id: p.ticket.id,
        number: p.ticket.number,
        article_id: art.id,
        to: p.to,
        ...(p.cc.length ? { cc: p.cc } : {}),
        subject: p.subject,
        content_type: p.body.content_type,
        attachments: p.attachments.length,
      },
    };
  },
});
