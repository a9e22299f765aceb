/**
 * Ticket writes and the reads they need: tickets, shared drafts, tags, links, time accounting,
 * macros, merges. Writes are never retried: one that times out raises `unknown_outcome`.
 */
import { z } from 'zod';
import type { Signal, ZammadCore } from './core.js';
import { ZammadError } from './errors.js';
import { apiPath } from './paths.js';
import {
  MacroSchema,
  MassResultSchema,
  MergeResultSchema,
  SharedDraftSchema,
  TicketSchema,
  TimeAccountingSchema,
  TimeAccountingTypeSchema,
  type Macro,
  type MassResult,
  type MergeResult,
  type SharedDraft,
  type Ticket,
  type TimeAccounting,
  type TimeAccountingType,
} from './schemas.js';

const UploadedSchema = z.looseObject({
  success: z.literal(true),
  data: z.looseObject({ id: z.number(), filename: z.string() }),
});

export class TicketWritesApi {
  constructor(private readonly c: ZammadCore) {}

  /** `POST /tickets?expand=true` → the new ticket with names. */
  createTicket(body: Record<string, unknown>, signal?: Signal): Promise<Ticket> {
    return this.c.send('POST', '/tickets', TicketSchema, { query: { expand: true }, body, signal });
  }

  /** `PUT /tickets/{id}?expand=true` → the updated ticket with names. */
  updateTicket(id: number, body: Record<string, unknown>, signal?: Signal): Promise<Ticket> {
    return this.c.send('PUT', apiPath`/tickets/${id}`, TicketSchema, {
      query: { expand: true },
      body,
      signal,
    });
  }

  /** `DELETE /tickets/{id}` (admin): 200 with an empty body. */
  async deleteTicket(id: number, signal?: Signal): Promise<void> {
    await this.c.request('DELETE', apiPath`/tickets/${id}`, { signal });
  }

  /** `GET /tickets/{id}/shared_draft` → `{shared_draft_id: null}` when the ticket has none. */
  sharedDraft(ticketId: number, signal?: Signal): Promise<SharedDraft> {
    return this.c.get(apiPath`/tickets/${ticketId}/shared_draft`, SharedDraftSchema, { signal });
  }

  /**
   * `POST /upload_caches/{form_id}`, the file as multipart field `File`: held for the form until a
   * shared draft or an article is saved with that `form_id`.
   */
  async uploadToCache(
    formId: string,
    file: { filename: string; contentType: string; data: Buffer },
    signal?: Signal,
  ): Promise<{ id: number; filename: string }> {
    const r = await this.c.send('POST', apiPath`/upload_caches/${formId}`, UploadedSchema, {
      files: [{ field: 'File', ...file }],
      signal,
    });
    return r.data;
  }

  /**
   * `PUT /tickets/{id}/shared_draft {new_article, ticket_attributes, form_id?}`: creates or replaces
   * the ticket's one shared draft; its files become those uploaded for `form_id` (none without one).
   */
  saveSharedDraft(
    ticketId: number,
    body: {
      new_article: Record<string, unknown>;
      ticket_attributes: Record<string, unknown>;
      form_id?: string;
    },
    signal?: Signal,
  ): Promise<SharedDraft> {
    return this.c.send('PUT', apiPath`/tickets/${ticketId}/shared_draft`, SharedDraftSchema, {
      body,
      signal,
    });
  }

  /** `POST /tags/add` → 201 `true`. */
  async addTag(ticketId: number, tag: string, signal?: Signal): Promise<void> {
    await this.c.request('POST', '/tags/add', {
      body: { object: 'Ticket', o_id: ticketId, item: tag },
      signal,
    });
  }

  /** `DELETE /tags/remove` with the same body as add → 200 `true`. */
  async removeTag(ticketId: number, tag: string, signal?: Signal): Promise<void> {
    await this.c.request('DELETE', '/tags/remove', {
      body: { object: 'Ticket', o_id: ticketId, item: tag },
      signal,
    });
  }

  /**
   * `POST /links/add`: the source is named by its **number**, the target by its **id**. Seen from the
   * target, the link has `linkType` (a `parent` link makes the source the target's parent).
   */
  async addLink(
    l: { linkType: string; sourceNumber: string; targetId: number },
    signal?: Signal,
  ): Promise<void> {
    await this.c.request('POST', '/links/add', {
      body: {
        link_type: l.linkType,
        link_object_source: 'Ticket',
        link_object_source_number: l.sourceNumber,
        link_object_target: 'Ticket',
        link_object_target_value: l.targetId,
      },
      signal,
    });
  }

  /** `DELETE /links/remove`: both tickets by id. */
  async removeLink(
    l: { linkType: string; sourceId: number; targetId: number },
    signal?: Signal,
  ): Promise<void> {
    await this.c.request('DELETE', '/links/remove', {
      body: {
        link_type: l.linkType,
        link_object_source: 'Ticket',
        link_object_source_value: l.sourceId,
        link_object_target: 'Ticket',
        link_object_target_value: l.targetId,
      },
      signal,
    });
  }

  timeAccountingTypes(signal?: Signal): Promise<TimeAccountingType[]> {
    return this.c.list('/time_accounting/types', TimeAccountingTypeSchema, signal);
  }

  /** `POST /tickets/{id}/time_accountings {time_unit, type_id?}`. */
  addTimeAccounting(
    ticketId: number,
    body: { time_unit: string; type_id?: number },
    signal?: Signal,
  ): Promise<TimeAccounting> {
    return this.c.send('POST', apiPath`/tickets/${ticketId}/time_accountings`, TimeAccountingSchema, {
      body,
      signal,
    });
  }

  macros(signal?: Signal): Promise<Macro[]> {
    return this.c.list('/macros', MacroSchema, signal);
  }

  /** `POST /tickets/mass_macro {macro_id, ticket_ids}`: how Zammad applies a macro. */
  applyMacro(macroId: number, ticketIds: number[], signal?: Signal): Promise<MassResult> {
    return this.c.send('POST', '/tickets/mass_macro', MassResultSchema, {
      body: { macro_id: macroId, ticket_ids: ticketIds },
      signal,
    });
  }

  /**
   * `PUT /ticket_merge/{source_id}/{target_number}`. Zammad answers some failures with 200 and
   * `result: "failed"`: those raise a `conflict`, never pass as success.
   */
  async mergeTickets(sourceId: number, targetNumber: string, signal?: Signal): Promise<MergeResult> {
    const r = await this.c.send(
      'PUT',
      apiPath`/ticket_merge/${sourceId}/${targetNumber}`,
      MergeResultSchema,
      {
        signal,
      },
    );
    if (r.result !== 'success') {
      const why = r.message && r.message.length <= 300 ? r.message : 'no reason given';
      throw new ZammadError(
        'conflict',
        `Zammad did not merge the tickets: ${why}`,
        200,
        r.message ?? r.result,
      );
    }
    return r;
  }
}
