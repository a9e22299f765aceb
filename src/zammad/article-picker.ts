/**
 * Keeps, from a stream of a ticket's articles, only those a page shows: every article leaves a small
 * head (id, internal, addresses), and at most the page's articles are held whole, within a byte
 * budget. Articles of the page that could not be held (over the budget, or met out of order) are
 * named for a fetch of their own.
 */
import type { ArticleHead } from './article-types.js';

export interface PageSpec {
  offset: number;
  limit: number;
  /** `oldest`: articles offset… in ticket order; `newest`: the same counted from the end. */
  order: 'oldest' | 'newest';
  includeInternal: boolean;
}

interface Held {
  value: Record<string, unknown>;
  bytes: number;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export class ArticlePicker {
  private readonly heads = new Map<number, ArticleHead>();
  /** Held articles by id; `null`: on the page so far but not held (budget). */
  private readonly held = new Map<number, Held | null>();
  /** Ids of the newest-first ring, oldest first. */
  private readonly ring: number[] = [];
  private heldBytes = 0;
  private visibleSeen = 0;

  constructor(
    private readonly page: PageSpec,
    private readonly budgetBytes: number,
  ) {}

  /** The sink: called with each article of the answer, in answer order. */
  take(value: unknown, bytes: number): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const v = value as Record<string, unknown>;
    const id = num(v['id']);
    if (id === undefined) return;
    const internal = v['internal'] === true;
    this.heads.set(id, { id, internal, from: str(v['from']), to: str(v['to']), cc: str(v['cc']) });
    if (internal && !this.page.includeInternal) return;
    const k = this.visibleSeen++;
    const { offset, limit, order } = this.page;
    if (order === 'oldest') {
      if (k >= offset && k < offset + limit) this.hold(id, v, bytes);
      return;
    }
    this.ring.push(id);
    this.hold(id, v, bytes);
    if (this.ring.length > offset + limit) this.release(this.ring.shift() as number);
  }

  private hold(id: number, value: Record<string, unknown>, bytes: number): void {
    if (this.heldBytes + bytes > this.budgetBytes) {
      this.held.set(id, null);
      return;
    }
    this.held.set(id, { value, bytes });
    this.heldBytes += bytes;
  }

  private release(id: number): void {
    const h = this.held.get(id);
    if (h) this.heldBytes -= h.bytes;
    this.held.delete(id);
  }

  /**
   * The page, given the ticket's article order (all=true's `ticket_article_ids`; undefined: the
   * order the articles came in). `held` has the articles at hand; `missing` those to fetch.
   */
  result(order?: readonly number[]): {
    ids: number[];
    held: Map<number, Record<string, unknown>>;
    missing: number[];
    total: number;
    heads: ArticleHead[];
  } {
    const all = (order ?? [...this.heads.keys()])
      .map((id) => this.heads.get(id))
      .filter((h): h is ArticleHead => h !== undefined);
    const visible = all.filter((h) => this.page.includeInternal || !h.internal).map((h) => h.id);
    const { offset, limit, order: o } = this.page;
    const ids =
      o === 'oldest'
        ? visible.slice(offset, offset + limit)
        : visible
            .slice(Math.max(0, visible.length - offset - limit), Math.max(0, visible.length - offset))
            .reverse();
    const held = new Map<number, Record<string, unknown>>();
    const missing: number[] = [];
    for (const id of ids) {
      const h = this.held.get(id);
      if (h) held.set(id, h.value);
      else missing.push(id);
    }
    return { ids, held, missing, total: visible.length, heads: all };
  }
}
