/**
 * Context reads for an agent's working day: an article's raw email, the tag catalogue and tag
 * search, a ticket's time entries, and the object attributes (cached: they change rarely).
 */
import type { Signal, ZammadCore } from './core.js';
import { listOf } from './core.js';
import { Memo } from './memo.js';
import { apiPath } from './paths.js';
import {
  ObjectAttributeSchema,
  TagHitSchema,
  TagItemSchema,
  TimeAccountingExpandedSchema,
  type ObjectAttribute,
  type TagHit,
  type TagItem,
  type TimeAccountingExpanded,
} from './schemas.js';

/** Time entries read in one request: Zammad's generic index allows at most 1000 a page. */
export const TIME_ENTRIES_PAGE = 1000;

export interface RawSource {
  /** The first bytes of the raw message (all of it unless `truncated`); empty when there is none. */
  data: Buffer;
  truncated: boolean;
}

export class ContextApi {
  private readonly attributes: Memo<ObjectAttribute[]>;

  constructor(
    private readonly c: ZammadCore,
    cacheTtlMs: number,
  ) {
    this.attributes = new Memo(
      () => this.c.get('/object_manager_attributes', listOf(ObjectAttributeSchema), {}),
      cacheTtlMs,
    );
  }

  /**
   * `GET /ticket_article_plain/{id}`: the stored raw email (`message/rfc822`), its first `maxBytes`.
   * Zammad answers 204 with no body for an article without one (a note, a call, a web form).
   */
  async articleSource(id: number, maxBytes: number, signal?: Signal): Promise<RawSource> {
    const res = await this.c.http.request<RawSource>('GET', apiPath`/ticket_article_plain/${id}`, {
      binary: { maxBytes, prefix: true },
      signal,
    });
    return res.body;
  }

  /** `GET /tag_search?term=&limit=`: tags whose name contains the term, by name. */
  tagSearch(term: string, limit: number, signal?: Signal): Promise<TagHit[]> {
    return this.c.get('/tag_search', listOf(TagHitSchema), { query: { term, limit }, signal });
  }

  /** `GET /tag_list` (admin.tag): every tag by name with its count (Zammad stops at `limit`, default 1000). */
  tagList(limit: number, signal?: Signal): Promise<TagItem[]> {
    return this.c.get('/tag_list', listOf(TagItemSchema), { query: { limit }, signal });
  }

  /** `GET /tickets/{id}/time_accountings?expand=true`: the entries with logins and type names. */
  timeAccountings(ticketId: number, signal?: Signal): Promise<TimeAccountingExpanded[]> {
    return this.c.get(apiPath`/tickets/${ticketId}/time_accountings`, listOf(TimeAccountingExpandedSchema), {
      query: { expand: true, per_page: TIME_ENTRIES_PAGE },
      signal,
    });
  }

  /** `GET /object_manager_attributes` (needs admin.object), cached for the reference TTL. */
  objectAttributes(signal?: Signal): Promise<ObjectAttribute[]> {
    return this.attributes.get(signal);
  }
}
