/**
 * System: list_ticket_states, list_ticket_priorities (from the reference cache) and get_current_user.
 */
import { z } from 'zod';
import { defineTool } from './define.js';
import { compact, kv } from './render/format.js';
import { fullName, roleNames } from './render/user.js';

/** Zammad's seeded state types (db/seeds/ticket_state_types.rb): fixed ids in every installation. */
const STATE_TYPES: Record<number, string> = {
  1: 'new',
  2: 'open',
  3: 'pending reminder',
  4: 'pending action',
  5: 'closed',
  6: 'merged',
  7: 'removed',
};

const StateOut = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string().optional(),
  /** Needs `pending_time` when set. */
  pending: z.boolean().optional(),
  /** The state a pending-action state moves to when its time is reached. */
  next_state: z.string().optional(),
  default_create: z.boolean().optional(),
  default_follow_up: z.boolean().optional(),
  active: z.boolean(),
});

export const listTicketStates = defineTool({
  name: 'list_ticket_states',
  title: 'List ticket states',
  description: 'Ticket states: type, which are pending (need pending_time), and the defaults.',
  category: 'system',
  toolset: 'reference',
  risk: 'read',
  input: z.object({}),
  output: z.object({ states: z.array(StateOut) }),
  // 0 requests when the reference cache is warm.
  async handler(_a, ctx) {
    const ref = await ctx.zammad.reference.get(ctx.signal);
    const states = ref.states.records.map((s) => {
      const type = s.state_type_id ? STATE_TYPES[s.state_type_id] : undefined;
      return compact({
        id: s.id,
        name: s.name,
        type,
        pending: type?.startsWith('pending') ? true : undefined,
        next_state: ref.states.name(s.next_state_id),
        default_create: s.default_create ? true : undefined,
        default_follow_up: s.default_follow_up ? true : undefined,
        active: s.active !== false,
      });
    });
    const lines = states.map(
      (s) =>
        `id ${s.id} · ${s.name}${s.type && s.type !== s.name ? ` (${s.type})` : ''}` +
        [
          s.pending ? 'pending: needs pending_time' : undefined,
          s.next_state ? `then ${s.next_state}` : undefined,
          s.default_create ? 'default for new tickets' : undefined,
          s.default_follow_up ? 'default on follow-up' : undefined,
          s.active ? undefined : 'inactive',
        ]
          .filter(Boolean)
          .map((x) => ` · ${x}`)
          .join(''),
    );
    return { text: [`Ticket states (${states.length}):`, ...lines].join('\n'), structured: { states } };
  },
});

const PriorityOut = z.object({
  id: z.number(),
  name: z.string(),
  default_create: z.boolean().optional(),
  active: z.boolean(),
});

export const listTicketPriorities = defineTool({
  name: 'list_ticket_priorities',
  title: 'List ticket priorities',
  description: 'Ticket priorities, and which one new tickets get.',
  category: 'system',
  toolset: 'reference',
  risk: 'read',
  input: z.object({}),
  output: z.object({ priorities: z.array(PriorityOut) }),
  // 0 requests when the reference cache is warm.
  async handler(_a, ctx) {
    const ref = await ctx.zammad.reference.get(ctx.signal);
    const priorities = ref.priorities.records.map((p) =>
      compact({
        id: p.id,
        name: p.name,
        default_create: p.default_create ? true : undefined,
        active: p.active !== false,
      }),
    );
    const lines = priorities.map(
      (p) =>
        `id ${p.id} · ${p.name}${p.default_create ? ' · default for new tickets' : ''}${p.active ? '' : ' · inactive'}`,
    );
    return {
      text: [`Ticket priorities (${priorities.length}):`, ...lines].join('\n'),
      structured: { priorities },
    };
  },
});

const CurrentUserOut = z.object({
  id: z.number(),
  name: z.string().optional(),
  login: z.string().optional(),
  email: z.string().optional(),
  roles: z.array(z.string()).optional(),
  /** Group name → access levels (full, read, create, change, overview). */
  groups: z.record(z.string(), z.array(z.string())).optional(),
  permissions: z.array(z.string()).optional(),
  /** MCP_ALLOWED_GROUPS, when this server limits itself to some groups. */
  scope_groups: z.array(z.string()).optional(),
});

export const getCurrentUser = defineTool({
  name: 'get_current_user',
  title: 'Who am I',
  description: 'Who this server acts as in Zammad: roles, group access, permissions, and its group limit.',
  category: 'system',
  toolset: 'worklist',
  risk: 'read',
  input: z.object({}),
  output: z.object({ user: CurrentUserOut }),
  // 1 request: GET /users/me?expand=true (group names from the warm reference cache).
  async handler(_a, ctx) {
    const [me, ref] = await Promise.all([ctx.zammad.me(ctx.signal), ctx.zammad.reference.get(ctx.signal)]);
    const groups: Record<string, string[]> = {};
    for (const [gid, access] of Object.entries(me.group_ids ?? {})) {
      groups[ref.groups.name(Number(gid)) ?? `group ${gid}`] = access;
    }
    const user = compact({
      id: me.id,
      name: fullName(me),
      login: me.login ?? undefined,
      email: me.email && me.email !== me.login ? me.email : undefined,
      roles: roleNames(me),
      groups: Object.keys(groups).length ? groups : undefined,
      permissions: me.permissions ?? undefined,
      scope_groups: ctx.scope.groups ? [...ctx.scope.groups] : undefined,
    });
    const lines = [
      `Acting as ${user.name ?? user.login ?? `user ${user.id}`} (id ${user.id})`,
      kv([
        ['login', user.login],
        ['email', user.email],
        ['roles', user.roles?.join(', ')],
      ]),
      user.groups
        ? `groups: ${Object.entries(user.groups)
            .map(([g, acc]) => `${g} (${acc.join(', ')})`)
            .join('; ')}`
        : '',
      user.permissions?.length ? `permissions: ${user.permissions.join(', ')}` : '',
      user.scope_groups ? `this server is limited to the groups: ${user.scope_groups.join(', ')}` : '',
    ];
    return { text: lines.filter((l) => l.length > 0).join('\n'), structured: { user } };
  },
});

export const systemTools = [listTicketStates, listTicketPriorities, getCurrentUser];
