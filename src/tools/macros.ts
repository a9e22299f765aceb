/**
 * list_macros: the active macros this token may run, optionally only those usable on one group
 * (a macro without groups works everywhere), each with what it changes in one line and whether it
 * reaches the customer (render/macro.ts, the same words apply_macro's confirmation shows).
 */
import { z } from 'zod';
import { defineTool } from './define.js';
import { refName } from './params.js';
import { describePerform } from './render/macro.js';
import { groupInScope } from './write-support.js';

const MacroOut = z.object({
  id: z.number(),
  name: z.string(),
  does: z.string(),
  reaches_customer: z.boolean(),
  groups: z.array(z.string()).optional(),
});

export const listMacros = defineTool({
  name: 'list_macros',
  title: 'List macros',
  description:
    'Active macros (optionally for one group), each with what it changes and whether it reaches the customer.',
  category: 'tickets',
  toolset: 'bulk',
  risk: 'read',
  input: z.object({ group: refName.optional().describe('Only macros usable on this group') }),
  output: z.object({ group: z.string().optional(), macros: z.array(MacroOut), total: z.number() }),
  // 1 request (GET /macros) and the reference data (cached).
  async handler(a, ctx) {
    const group = a.group !== undefined ? await groupInScope(a.group, ctx) : undefined;
    const [all, ref] = await Promise.all([
      ctx.zammad.macros(ctx.signal),
      ctx.zammad.reference.get(ctx.signal),
    ]);
    const active = all.filter((m) => m.active !== false);
    const usable = group
      ? active.filter((m) => (m.group_ids ?? []).length === 0 || (m.group_ids ?? []).includes(group.id))
      : active;
    // Under a group scope, a macro limited to groups outside it is none of this server's business.
    const visible = await ctx.scope.visible(usable, (m) => m.group_ids ?? []);
    const macros = visible
      .sort((x, y) => x.name.localeCompare(y.name))
      .map((m) => {
        const d = describePerform(m.perform ?? {}, ref);
        const groups = (m.group_ids ?? []).map((g) => ref.groups.name(g) ?? `group ${g}`);
        return {
          id: m.id,
          name: m.name,
          does: d.lines.join('; ') || 'nothing Zammad reports',
          reaches_customer: d.reachesOutside,
          ...(groups.length ? { groups } : {}),
        };
      });
    const where = group ? ` usable on group ${group.name}` : '';
    const head = macros.length
      ? `${macros.length} active macro${macros.length > 1 ? 's' : ''}${where} (apply_macro runs one, after confirmation):`
      : `No active macro${where}.`;
    const lines = macros.map(
      (m) =>
        `- ${m.name} (id ${m.id})${m.groups ? ` [${m.groups.join(', ')}]` : ''}: ${m.does}${m.reaches_customer ? ' — REACHES THE CUSTOMER' : ''}`,
    );
    return {
      text: [head, ...lines].join('\n'),
      structured: { ...(group ? { group: group.name } : {}), macros, total: macros.length },
    };
  },
});
