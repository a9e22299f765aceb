/**
 * list_tags: the tag catalogue with counts (`GET /tag_list`, admin.tag) or the tags matching a
 * search (`GET /tag_search`, any agent). Without admin.tag the catalogue falls back to the most used
 * tags, without counts, and says so.
 */
import { z } from 'zod';
import { unlessForbidden } from '../zammad/errors.js';
import { defineTool } from './define.js';
import { limit, page } from './params.js';

const TagOut = z.object({ name: z.string(), count: z.number().optional() });

export const listTags = defineTool({
  name: 'list_tags',
  title: 'List tags',
  description:
    'Existing tags, most used first with counts (needs admin.tag), or those containing query. Use before tagging.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({
    query: z.string().trim().min(1).max(100).optional().describe('Part of a tag name'),
    page,
    limit: limit(50, 100),
  }),
  output: z.object({
    tags: z.array(TagOut),
    total: z.number().optional(),
    page: z.number(),
    has_more: z.boolean(),
    counts: z.boolean(),
  }),
  // 1 request: GET /tag_search (query) or GET /tag_list; +1 (GET /tag_search) when tag_list is refused.
  async handler(a, ctx) {
    const from = (a.page - 1) * a.limit;
    const window = <T>(rows: T[]): { rows: T[]; more: boolean } => ({
      rows: rows.slice(from, from + a.limit),
      more: rows.length > from + a.limit,
    });
    const more = (m: boolean): string => (m ? ` (more: page=${a.page + 1})` : '');
    if (a.query !== undefined) {
      // Zammad has no offset here: ask for this page's end, plus one to know whether there is more.
      const hits = await ctx.zammad.tagSearch(a.query, from + a.limit + 1, ctx.signal);
      const w = window(hits.map((h) => ({ name: h.value })));
      return {
        text: w.rows.length
          ? `Tags containing "${a.query}"${a.page > 1 ? `, page ${a.page}` : ''}: ${w.rows.map((t) => t.name).join(', ')}${more(w.more)}`
          : `No tag contains "${a.query}"${a.page > 1 ? ` on page ${a.page}` : ''}.`,
        structured: { tags: w.rows, page: a.page, has_more: w.more, counts: false },
      };
    }
    const list = await unlessForbidden(ctx.zammad.tagList(1000, ctx.signal));
    if (!list) {
      const hits = await ctx.zammad.tagSearch('', from + a.limit + 1, ctx.signal);
      const w = window(hits.map((h) => ({ name: h.value })));
      return {
        text:
          'The tag catalogue with counts needs the admin.tag permission, which this Zammad user lacks. ' +
          `The most used tags instead (no counts; give query to search by name): ${w.rows.map((t) => t.name).join(', ') || 'none'}${more(w.more)}`,
        structured: { tags: w.rows, page: a.page, has_more: w.more, counts: false },
      };
    }
    const sorted = [...list].sort((x, y) => (y.count ?? 0) - (x.count ?? 0) || x.name.localeCompare(y.name));
    const w = window(sorted.map((t) => ({ name: t.name, count: t.count ?? 0 })));
    const uses = sorted.reduce((n, t) => n + (t.count ?? 0), 0);
    const capped = list.length >= 1000 ? ' (Zammad lists at most 1000 tags, by name)' : '';
    // Zammad counts a tag on every ticket; under MCP_ALLOWED_GROUPS that includes tickets out of scope.
    const scoped = ctx.scope.groups ? ' Counts are over all of Zammad, not only the groups in scope.' : '';
    return {
      text:
        `${list.length} tags${capped}, ${uses} uses; most used first${a.page > 1 ? `, page ${a.page}` : ''}: ` +
        `${w.rows.map((t) => `${t.name} (${t.count})`).join(', ') || 'none on this page'}${more(w.more)}${scoped}`,
      structured: { tags: w.rows, total: list.length, page: a.page, has_more: w.more, counts: true },
    };
  },
});
