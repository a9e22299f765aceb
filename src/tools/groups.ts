/**
 * Groups: list_groups, from the reference cache.
 */
import { z } from 'zod';
import { defineTool } from './define.js';
import { compact } from './render/format.js';
import { shortNote } from './render/user.js';

const GroupOut = z.object({
  id: z.number(),
  name: z.string(),
  parent_id: z.number().optional(),
  active: z.boolean(),
  note: z.string().optional(),
});

export const listGroups = defineTool({
  name: 'list_groups',
  title: 'List groups',
  description: 'Ticket groups (queues) in reach, named as `group` parameters take them.',
  category: 'groups',
  toolset: 'reference',
  risk: 'read',
  input: z.object({}),
  output: z.object({ groups: z.array(GroupOut) }),
  // 0 requests when the reference cache is warm (1 GET /groups with the states and priorities when cold).
  async handler(_a, ctx) {
    const ref = await ctx.zammad.reference.get(ctx.signal);
    const visible = await ctx.scope.visible(ref.groups.records, (g) => g.id);
    visible.sort((x, y) => x.name.localeCompare(y.name));
    const groups = visible.map((g) =>
      compact({
        id: g.id,
        name: g.name,
        parent_id: g.parent_id ?? undefined,
        active: g.active !== false,
        note: shortNote(g.note, 120),
      }),
    );
    const lines = groups.map(
      (g) => `id ${g.id} · ${g.name}${g.active ? '' : ' · inactive'}${g.note ? ` · ${g.note}` : ''}`,
    );
    return {
      text: [groups.length ? `Groups (${groups.length}):` : 'No groups visible.', ...lines].join('\n'),
      structured: { groups },
    };
  },
});

export const groupTools = [listGroups];
