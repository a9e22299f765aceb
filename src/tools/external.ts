/**
 * Tools whose effect reaches customers or third parties: reply_to_customer and apply_macro.
 * Both run only after confirmation of what `preview` shows (server/policy gate); preview and handler build the same
 * plan from fresh reads, so what runs is what was shown (or an error if the ticket changed).
 */
import { z } from 'zod';
import { PolicyError, UserInputError } from '../errors.js';
import type { Ticket } from '../zammad/schemas.js';
import { ZammadError } from '../zammad/errors.js';
import { TicketSchema, type Macro } from '../zammad/schemas.js';
import type { ReferenceSnapshot } from '../zammad/reference.js';
import { forTicket, resolveTicketId } from './common.js';
import { defineTool, type ConfirmationPreview, type ToolContext } from './define.js';
import { ticketRef } from './params.js';
import { validateTicketRef } from '../policy/scope.js';
import { fmtSize } from './render/ticket.js';
import { describePerform, type PerformSummary } from './render/macro.js';
import { ticketOut, TicketOut } from './render/ticket.js';
import { ticketChanges } from './ticket-update.js';
import { fetchTicket, refOf } from './ticket-access.js';
import {
  bodyPreview,
  contentType,
  emailAddress,
  messageBody,
  prepareBody,
  type PreparedBody,
} from './write-support.js';

const MAX_ATTACHMENT_BYTES = 1024 * 1024;

const attachment = z.object({
  filename: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[^/\\\0]+$/, 'a file name without slashes'),
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
type AttachmentIn = z.infer<typeof attachment>;

/** Lower-cased addresses in a header value ("Jane <jane@x.com>, bob@y.org"). */
export function addressesIn(value: string | null | undefined): string[] {
  return (
    (value ?? '')
      .match(/[^\s<>,;:"'()[\]]+@[^\s<>,;:"'()[\]]+\.[^\s<>,;:"'()[\]]+/g)
      ?.map((x) => x.toLowerCase()) ?? []
  );
}

/** Exact domain or a subdomain of one of the allowed domains. */
export function domainAllowed(address: string, allowed: readonly string[]): boolean {
  const domain = address.split('@').pop()?.toLowerCase() ?? '';
  return allowed.some((d) => {
    const a = d.toLowerCase().replace(/^\*?\./, '');
    return a !== '' && (domain === a || domain.endsWith(`.${a}`));
  });
}

function checkAttachments(list: readonly AttachmentIn[]): Array<AttachmentIn & { size: number }> {
  return list.map((x, i) => {
    const data = x.data.replace(/\s+/g, '');
    if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data))
      throw new UserInputError(`attachments[${i}] (${x.filename}): data is not valid base64.`);
    const size = Buffer.from(data, 'base64').length;
    if (size > MAX_ATTACHMENT_BYTES)
      throw new UserInputError(
        `attachments[${i}] (${x.filename}) is ${fmtSize(size)}; at most 1 MB per file.`,
      );
    return { ...x, data, size };
  });
}

interface ReplyPlan {
  ticket: Ticket;
  ref: ReferenceSnapshot;
  to: string[];
  cc: string[];
  subject: string;
  body: PreparedBody;
  attachments: Array<AttachmentIn & { size: number }>;
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
 * Everything the reply needs, from reads only: the ticket with its articles (one request by id),
 * the recipients (default: the customer) checked against the ticket's participants.
 */
async function planReply(a: ReplyArgs, ctx: ToolContext): Promise<ReplyPlan> {
  const body = prepareBody(a.body, a.content_type);
  const attachments = checkAttachments(a.attachments ?? []);
  const r = refOf(a);
  validateTicketRef(r);
  const id = a.ticket_number !== undefined ? await resolveTicketId(r, ctx) : (a.ticket_id as number);
  const [bundle, ref] = await Promise.all([
    forTicket(r, () => ctx.zammad.ticketBundle(id, ctx.signal)),
    ctx.zammad.reference.get(ctx.signal),
  ]);
  await ctx.scope.checkTicket(bundle.ticket, r, ctx.signal);
  const t = bundle.ticket;
  const customer = (t.customer_id ? bundle.assets.User?.[String(t.customer_id)] : undefined) as
    { email?: unknown } | undefined;
  const customerEmail =
    typeof customer?.email === 'string' && customer.email !== '' ? customer.email.toLowerCase() : undefined;
  // Participants: the customer and every address in the customer-visible articles (internal notes do not count).
  const participants = new Set<string>(customerEmail ? [customerEmail] : []);
  for (const art of bundle.articles)
    if (!art.internal)
      for (const x of [art.from, art.to, art.cc]) for (const ad of addressesIn(x)) participants.add(ad);
  const to = [...new Set((a.to ?? (customerEmail ? [customerEmail] : [])).map((x) => x.toLowerCase()))];
  if (to.length === 0)
    throw new UserInputError(`The customer of ticket #${t.number} has no email address: give to.`);
  const cc = [...new Set((a.cc ?? []).map((x) => x.toLowerCase()))].filter((x) => !to.includes(x));
  const allowed = ctx.config.policy.allowedRecipientDomains;
  const outside = [...to, ...cc].filter((x) => !participants.has(x));
  const refused = outside.filter((x) => !domainAllowed(x, allowed));
  if (refused.length > 0) {
    throw new PolicyError(
      `Not sent: ${refused.join(', ')} ${refused.length > 1 ? 'are' : 'is'} not a participant of ticket #${t.number} ` +
        `(its customer and the addresses in its customer-visible articles: ${[...participants].join(', ') || 'none'}) ` +
        `and ${refused.length > 1 ? 'their domains are' : 'the domain is'} not in MCP_ALLOWED_RECIPIENT_DOMAINS.`,
    );
  }
  const subject = a.subject ?? (/^re:/i.test(t.title) ? t.title : `Re: ${t.title}`);
  return { ticket: t, ref, to, cc, subject, body, attachments, outsiders: outside };
}

function ticketLabel(t: Ticket, ref: ReferenceSnapshot): string {
  const state = t.state ?? ref.states.name(t.state_id);
  const group = t.group ?? ref.groups.name(t.group_id);
  return `#${t.number} "${t.title}" (id ${t.id}${state ? `, ${state}` : ''}${group ? `, ${group}` : ''})`;
}

function replyPreview(p: ReplyPlan): ConfirmationPreview {
  const details: Array<[string, string]> = [
    ['Ticket', ticketLabel(p.ticket, p.ref)],
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
  if (p.attachments.length)
    details.push([
      'Attachments',
      p.attachments.map((x) => `${x.filename} (${fmtSize(x.size)}, ${x.mime_type})`).join('; '),
    ]);
  return {
    summary: `Reply to ticket #${p.ticket.number} "${p.ticket.title}" — email to ${p.to.join(', ')}${p.cc.length ? `, cc ${p.cc.join(', ')}` : ''}`,
    details,
  };
}

export const replyToCustomer = defineTool({
  name: 'reply_to_customer',
  title: 'Reply to the customer',
  description:
    "Send an email reply on a ticket that the customer receives and sees. Confirmed before it runs: a form the user answers where the client shows one, otherwise a preview and a single-use token for confirm_action. to defaults to the ticket's customer; " +
    'recipients must already be on the ticket (customer, addresses in its articles) unless their domain is configured. Plain text is sent exactly as given; HTML is cleaned. Use save_draft_reply to let an agent send it instead.',
  category: 'tickets',
  risk: 'external',
  input: z.object({
    ...ticketRef,
    body: messageBody,
    content_type: contentType,
    to: z.array(emailAddress).min(1).max(20).optional().describe("Default: the ticket's customer"),
    cc: z.array(emailAddress).max(20).optional(),
    subject: z.string().trim().min(1).max(250).optional().describe('Default: "Re: <ticket title>"'),
    attachments: z.array(attachment).max(5).optional(),
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
  async preview(a, ctx) {
    return replyPreview(await planReply(a, ctx));
  },
  // The same reads, then POST /ticket_articles (type email, sender Agent, internal false).
  async handler(a, ctx) {
    const p = await planReply(a, ctx);
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
        ...(p.attachments.length
          ? {
              attachments: p.attachments.map((x) => ({
                filename: x.filename,
                data: x.data,
                'mime-type': x.mime_type,
              })),
            }
          : {}),
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

interface MacroPlan {
  ticket: Ticket;
  macro: Macro;
  does: PerformSummary;
  ref: ReferenceSnapshot;
}

function findMacro(macros: Macro[], wanted: string): Macro {
  const active = macros.filter((m) => m.active !== false);
  const w = wanted.trim().toLowerCase();
  const hit =
    active.find((m) => m.name.toLowerCase() === w) ??
    (/^\d+$/.test(w) ? active.find((m) => m.id === Number(w)) : undefined);
  if (!hit) {
    const names = active.slice(0, 50).map((m) => `"${m.name}"`);
    throw new UserInputError(
      `Unknown macro "${wanted}". Macros available to this token: ${names.join(', ') || 'none'}${active.length > 50 ? ', …' : ''}.`,
    );
  }
  return hit;
}

/** The ticket (scope), the macro by name or id, what it would do, and the checks Zammad would make. */
async function planMacro(
  a: { ticket_id?: number | undefined; ticket_number?: string | undefined; macro: string },
  ctx: ToolContext,
): Promise<MacroPlan> {
  const ticket = await fetchTicket(refOf(a), ctx);
  const [macros, ref] = await Promise.all([
    ctx.zammad.macros(ctx.signal),
    ctx.zammad.reference.get(ctx.signal),
  ]);
  const macro = findMacro(macros, a.macro);
  const groups = macro.group_ids ?? [];
  if (groups.length > 0 && !groups.includes(ticket.group_id ?? -1)) {
    throw new UserInputError(
      `Macro "${macro.name}" is limited to the groups ${groups.map((g) => ref.groups.name(g) ?? `group ${g}`).join(', ')}; ticket #${ticket.number} is in ${ticket.group ?? ref.groups.name(ticket.group_id) ?? 'another group'}.`,
    );
  }
  const does = describePerform(macro.perform ?? {}, ref);
  for (const g of does.groupIds) {
    if (!(await ctx.scope.allowsGroup(g, ctx.signal)))
      throw new PolicyError(
        `Macro "${macro.name}" would move ticket #${ticket.number} to a group outside this server's data scope (MCP_ALLOWED_GROUPS).`,
      );
  }
  return { ticket, macro, does, ref };
}

export const applyMacro = defineTool({
  name: 'apply_macro',
  title: 'Apply a macro',
  description:
    "Run one of Zammad's macros (by name or id) on a ticket: it may change state, owner, tags and send email to the customer. Confirmed before it runs (the user sees what the macro does): a form where the client shows one, otherwise a preview and a single-use token for confirm_action.",
  category: 'tickets',
  risk: 'external',
  input: z.object({
    ...ticketRef,
    macro: z.string().trim().min(1).max(200).describe('Macro name (case-insensitive) or id'),
  }),
  output: z.object({
    ticket: TicketOut,
    macro: z.object({ id: z.number(), name: z.string() }),
    changes: z.array(z.string()),
  }),
  // Preview and handler: the ticket, GET /macros and the reference data (cached); +1 by number.
  async preview(a, ctx) {
    const p = await planMacro(a, ctx);
    const details: Array<[string, string]> = [
      ['Ticket', ticketLabel(p.ticket, p.ref)],
      ['Macro', `"${p.macro.name}" (id ${p.macro.id})${p.macro.note ? `: ${p.macro.note}` : ''}`],
      ['It does', p.does.lines.join('; ') || 'nothing Zammad reports'],
      ['Reaches customers or third parties', p.does.reachesOutside ? 'yes' : 'no'],
    ];
    return {
      summary: `Apply macro "${p.macro.name}" to ticket #${p.ticket.number} "${p.ticket.title}"`,
      details,
    };
  },
  // The same reads, then POST /tickets/mass_macro {macro_id, ticket_ids: [id]}.
  async handler(a, ctx) {
    const p = await planMacro(a, ctx);
    let assets: Record<string, Record<string, unknown>>;
    try {
      assets = (await ctx.zammad.applyMacro(p.macro.id, [p.ticket.id], ctx.signal)).assets;
    } catch (e) {
      if (e instanceof ZammadError && e.kind === 'validation') {
        const why = /group restrictions/i.test(e.detail ?? '')
          ? "the macro's group restrictions do not cover the ticket's group"
          : 'one of its changes is not allowed on this ticket (e.g. a pending state without a time, or an owner outside the group)';
        throw new ZammadError(
          'validation',
          `Zammad refused to apply macro "${p.macro.name}" to ticket #${p.ticket.number}: ${why}. Nothing was changed.`,
          e.status,
          e.detail,
        );
      }
      throw e;
    }
    const parsed = TicketSchema.safeParse(assets['Ticket']?.[String(p.ticket.id)]);
    const after = parsed.success ? parsed.data : p.ticket;
    const changes = ticketChanges(p.ticket, after, p.ref, assets);
    const ticket = ticketOut(after, { ref: p.ref, assets });
    return {
      text:
        `Macro "${p.macro.name}" applied to ticket #${p.ticket.number}: ${changes.length ? changes.join('; ') : 'no field of the ticket changed'}.` +
        (p.does.lines.length ? `\nThe macro: ${p.does.lines.join('; ')}.` : ''),
      structured: { ticket, macro: { id: p.macro.id, name: p.macro.name }, changes },
    };
  },
});

export const externalTools = [replyToCustomer, applyMacro];
