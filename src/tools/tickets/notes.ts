/**
 * Writes on a ticket that only agents see: add_internal_note, save_draft_reply (a shared draft a
 * human sends), add_time_accounting.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { UserInputError } from '../../errors.js';
import { SharedDraftAssetSchema } from '../../zammad/schemas.js';
import {
  articleAttachments,
  attachmentsLine,
  attachmentsParam,
  checkAttachments,
} from '../attachment-input.js';
import { defineTool } from '../define.js';
import { ticket } from '../entities.js';
import { ticketRef } from '../params.js';
import {
  contentType,
  emailAddress,
  messageBody,
  prepareBody,
  subject,
  textToHtml,
  timeUnit,
} from '../write-support.js';

export const addInternalNote = defineTool({
  name: 'add_internal_note',
  title: 'Add an internal note',
  description:
    'Add an internal note to a ticket: visible to agents only, never sent to the customer. Optional subject, time_unit (time accounted with the note) and attachments.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'write',
  input: z.object({
    ...ticketRef,
    body: messageBody,
    content_type: contentType,
    subject: subject.optional(),
    time_unit: timeUnit.optional().describe('Time to account with the note, e.g. "15"'),
    attachments: attachmentsParam,
  }),
  output: z.object({
    ticket_id: z.number(),
    number: z.string(),
    article_id: z.number(),
    internal: z.boolean(),
    time_unit: z.string().optional(),
    attachments: z.number(),
  }),
  entities: { ticket: ticket('record') },
  check(a) {
    prepareBody(a.body, a.content_type);
    checkAttachments(a.attachments);
  },
  // 2 requests: the ticket (scope and access), then POST /ticket_articles; +1 by number.
  async handler(a, ctx, { ticket: t }) {
    const prepared = prepareBody(a.body, a.content_type);
    const files = checkAttachments(a.attachments);
    const art = await ctx.zammad.createArticle(
      {
        ticket_id: t.id,
        body: prepared.body,
        content_type: prepared.content_type,
        type: 'note',
        sender: 'Agent',
        internal: true,
        ...(a.subject !== undefined ? { subject: a.subject } : {}),
        ...(a.time_unit !== undefined ? { time_unit: a.time_unit } : {}),
        ...articleAttachments(files),
      },
      ctx.signal,
    );
    const time = a.time_unit !== undefined ? `; ${a.time_unit} time units accounted` : '';
    const with_ = files.length ? `; ${attachmentsLine(files)}` : '';
    return {
      text: `Internal note (article ${art.id}) added to ticket #${t.number} (id ${t.id}): ${t.title}${time}${with_}.`,
      structured: {
        ticket_id: t.id,
        number: t.number,
        article_id: art.id,
        internal: art.internal,
        ...(a.time_unit !== undefined ? { time_unit: a.time_unit } : {}),
        attachments: files.length,
      },
    };
  },
});

export const saveDraftReply = defineTool({
  name: 'save_draft_reply',
  title: 'Save a draft reply',
  description:
    "Store a reply to the customer as the ticket's shared draft: nothing is sent. An agent opens the draft in Zammad, edits it and sends it. " +
    'to defaults to the customer; cc, subject and attachments optional. A ticket has one shared draft: replace=true overwrites an existing one (and its files).',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'write',
  input: z.object({
    ...ticketRef,
    body: messageBody,
    content_type: contentType,
    to: z.array(emailAddress).min(1).max(20).optional().describe("Default: the ticket's customer"),
    cc: z.array(emailAddress).max(20).optional(),
    subject: subject.optional().describe('Default: "Re: <ticket title>"'),
    replace: z.boolean().default(false).describe('Overwrite an existing shared draft of the ticket'),
    attachments: attachmentsParam,
  }),
  output: z.object({
    ticket_id: z.number(),
    number: z.string(),
    shared_draft_id: z.number(),
    replaced: z.boolean(),
    to: z.array(z.string()),
    cc: z.array(z.string()).optional(),
    subject: z.string(),
    attachments: z.number(),
  }),
  entities: { ticket: ticket('record') },
  check(a) {
    prepareBody(a.body, a.content_type);
    checkAttachments(a.attachments);
  },
  // The ticket, the reference data (cached), GET …/shared_draft, the customer (when `to` is not
  // given), one POST /upload_caches/{form_id} per file, then PUT /tickets/{id}/shared_draft.
  async handler(a, ctx, { ticket: t }) {
    const prepared = prepareBody(a.body, a.content_type);
    const files = checkAttachments(a.attachments);
    const ref = await ctx.zammad.reference.get(ctx.signal);
    const group = ref.groups.id(t.group_id);
    if (group?.shared_drafts === false) {
      throw new UserInputError(
        `Group ${group.name} has shared drafts turned off, so agents would not see a draft on ticket #${t.number}. Use add_internal_note to leave the proposed reply for them.`,
      );
    }
    const existing = await ctx.zammad.sharedDraft(t.id, ctx.signal);
    if (existing.shared_draft_id && !a.replace) {
      const raw = existing.assets?.['TicketSharedDraftZoom']?.[String(existing.shared_draft_id)];
      const d = SharedDraftAssetSchema.safeParse(raw);
      const when =
        d.success && d.data.updated_at
          ? `, last saved ${d.data.updated_at.slice(0, 16).replace('T', ' ')}`
          : '';
      throw new UserInputError(
        `Ticket #${t.number} already has a shared draft (id ${existing.shared_draft_id}${when}). Pass replace=true to overwrite it.`,
      );
    }
    let to = a.to;
    if (!to) {
      const customer = t.customer_id ? await ctx.zammad.user(t.customer_id, ctx.signal) : undefined;
      if (!customer?.email)
        throw new UserInputError(`The customer of ticket #${t.number} has no email address; give to.`);
      to = [customer.email];
    }
    const subj = a.subject ?? (/^re:/i.test(t.title) ? t.title : `Re: ${t.title}`);
    const html = prepared.content_type === 'text/html' ? prepared.body : textToHtml(prepared.body);
    // The draft's files come from the upload cache of a fresh form id, as Zammad's editor saves them.
    // A random number (like the legacy editor's): Zammad versions that turn the id into an integer
    // would fold different UUIDs into one form.
    const formId = files.length ? String(randomInt(2 ** 40, 2 ** 47)) : undefined;
    for (const f of files)
      await ctx.zammad.uploadToCache(
        formId as string,
        { filename: f.filename, contentType: f.mime_type, data: Buffer.from(f.data, 'base64') },
        ctx.signal,
      );
    const saved = await ctx.zammad.saveSharedDraft(
      t.id,
      {
        new_article: {
          ticket_id: t.id,
          type: 'email',
          type_id: 1,
          internal: false,
          content_type: 'text/html',
          body: html,
          to: to.join(', '),
          cc: (a.cc ?? []).join(', '),
          subject: subj,
        },
        ticket_attributes: {},
        ...(formId ? { form_id: formId } : {}),
      },
      ctx.signal,
    );
    const id = saved.shared_draft_id ?? existing.shared_draft_id ?? 0;
    const replaced = Boolean(existing.shared_draft_id);
    return {
      text:
        `Shared draft ${replaced ? 'replaced' : 'saved'} on ticket #${t.number} (id ${t.id}): email reply to ${to.join(', ')}` +
        `${a.cc?.length ? `, cc ${a.cc.join(', ')}` : ''}, subject "${subj}"${files.length ? `, ${attachmentsLine(files)}` : ''}. Nothing was sent: an agent reviews and sends it from the ticket in Zammad.`,
      structured: {
        ticket_id: t.id,
        number: t.number,
        shared_draft_id: id,
        replaced,
        to,
        ...(a.cc?.length ? { cc: a.cc } : {}),
        subject: subj,
        attachments: files.length,
      },
    };
  },
});

export const addTimeAccounting = defineTool({
  name: 'add_time_accounting',
  title: 'Account time on a ticket',
  description:
    'Record time worked on a ticket (time_unit as a decimal, e.g. "15" or "0.5", in the unit your Zammad uses), optionally with an activity type by name.',
  category: 'tickets',
  toolset: 'collaboration',
  risk: 'write',
  input: z.object({
    ...ticketRef,
    time_unit: timeUnit,
    type: z.string().trim().min(1).max(160).optional().describe('Activity type name, e.g. "Research"'),
  }),
  output: z.object({
    ticket_id: z.number(),
    number: z.string(),
    time_accounting_id: z.number(),
    time_unit: z.string(),
    type: z.string().optional(),
  }),
  entities: { ticket: ticket('record') },
  // The ticket, GET /time_accounting/types (only with `type`), then POST /tickets/{id}/time_accountings.
  async handler(a, ctx, { ticket: t }) {
    let type: { id: number; name: string } | undefined;
    if (a.type !== undefined) {
      const types = (await ctx.zammad.timeAccountingTypes(ctx.signal)).filter((x) => x.active !== false);
      type = types.find((x) => x.name.toLowerCase() === a.type?.toLowerCase());
      if (!type)
        throw new UserInputError(
          `Unknown time accounting type "${a.type}". Valid types: ${types.map((x) => x.name).join(', ') || 'none (leave type out)'}.`,
        );
    }
    const rec = await ctx.zammad.addTimeAccounting(
      t.id,
      { time_unit: a.time_unit, ...(type ? { type_id: type.id } : {}) },
      ctx.signal,
    );
    const unit = rec.time_unit !== null && rec.time_unit !== undefined ? String(rec.time_unit) : a.time_unit;
    return {
      text: `Accounted ${unit} time units on ticket #${t.number} (id ${t.id})${type ? ` as ${type.name}` : ''} (record ${rec.id}).`,
      structured: {
        ticket_id: t.id,
        number: t.number,
        time_accounting_id: rec.id,
        time_unit: unit,
        ...(type ? { type: type.name } : {}),
      },
    };
  },
});
