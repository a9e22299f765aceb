/**
 * Users: get_user, search_users; customers only for the writes — create_user, update_user and
 * delete_user (roles, group access, passwords and staff accounts stay with Zammad's admin interface).
 */
import { z } from 'zod';
import { PolicyError, UserInputError } from '../errors.js';
import type { ZammadError } from '../zammad/errors.js';
import type { User } from '../zammad/schemas.js';
import { defineTool } from './define.js';
import { deleteErrors, ticketCount } from './deletes.js';
import { user } from './entities.js';
import { limit, page, query, recordId } from './params.js';
import { PAGE_FIELDS, pageHeader } from './render/format.js';
import { roleNames, userOut, UserOut, userRow, userText } from './render/user.js';
import { change, defined, emailAddress, nameOf } from './write-support.js';

const ident = z.string().trim().min(1).max(200);

export const getUser = defineTool({
  name: 'get_user',
  title: 'Get a user',
  description: 'One user (customer or agent) by exactly one of `user_id`, `email`, `login`.',
  category: 'users',
  toolset: 'customers',
  risk: 'read',
  input: z.object({
    user_id: recordId('User').optional(),
    email: ident.optional(),
    login: ident.optional(),
  }),
  output: z.object({ user: UserOut }),
  entities: { user: user('user_id', { email: 'email', login: 'login' }) },
  // 1 request: GET /users/{id}, or one /users/search for email/login.
  async handler(_a, _ctx, { user: u }) {
    const out = userOut(u);
    return { text: userText(out), structured: { user: out } };
  },
});

export const searchUsers = defineTool({
  name: 'search_users',
  title: 'Search users',
  description: 'Find users by name, email, login, phone or organization.',
  category: 'users',
  toolset: 'customers',
  risk: 'read',
  input: z.object({
    query: query(200),
    page,
    limit: limit(20, 100),
  }),
  output: z.object({
    users: z.array(UserOut),
    ...PAGE_FIELDS,
  }),
  // 1 request: GET /users/search.
  async handler(a, ctx) {
    const r = await ctx.zammad.searchUsers(a.query, { page: a.page, perPage: a.limit }, ctx.signal);
    const users = r.users.map(userOut);
    const { head, meta } = pageHeader({
      noun: 'Users',
      page: a.page,
      limit: a.limit,
      fetched: r.users.length,
      shown: users.length,
      total: r.total,
    });
    return {
      text: [head, ...users.map(userRow)].join('\n'),
      structured: { users, ...meta },
    };
  },
});

const text = (max: number) => z.string().trim().max(max);
const userFields = {
  firstname: text(150).optional(),
  lastname: text(150).optional(),
  phone: text(100).optional(),
  mobile: text(100).optional(),
  department: text(200).optional(),
  organization: text(150).optional().describe('Name of an existing organization ("none" to clear)'),
  note: text(5000).optional(),
  vip: z.boolean().optional(),
};

/** The body for POST/PUT /users from the given fields (organization by name; "none" clears it). */
function userBody(
  a: Partial<Record<keyof typeof userFields | 'email', string | boolean | undefined>>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    if (k === 'organization') {
      if (typeof v === 'string' && ['none', ''].includes(v.toLowerCase())) body['organization_id'] = null;
      else body['organization'] = v;
    } else body[k] = v;
  }
  return body;
}

/** Zammad's "No lookup value found for 'organization'" as an error that says what to do. */
const orgLookup = (e: ZammadError, a: { organization?: string | undefined }): Error | undefined =>
  /organization/i.test(e.detail ?? '') && a.organization
    ? new UserInputError(
        `No organization named "${a.organization}". search_organizations finds existing ones; create_organization adds one.`,
      )
    : undefined;

/** Only customers: changing or deleting staff accounts (an agent's email is where password resets go) is for admins in Zammad. */
export function requireCustomer(u: User, action: string): void {
  const roles = roleNames(u) ?? [];
  if (roles.length === 0 || roles.some((r) => r !== 'Customer')) {
    throw new PolicyError(
      `${nameOf(u)} (user ${u.id}) has the role${roles.length > 1 ? 's' : ''} ${roles.join(', ') || 'none'}: this server ${action} customers only. Change staff accounts in Zammad's admin interface.`,
    );
  }
}

export const createUser = defineTool({
  name: 'create_user',
  title: 'Create a customer',
  description:
    'Create a customer (role Customer) with an email and optionally name, phone, mobile, department, organization (existing, by name), note, VIP flag. create_ticket needs the customer to exist.',
  category: 'users',
  toolset: 'customers',
  risk: 'write',
  input: z.object({ email: emailAddress, ...userFields }),
  output: z.object({ user: UserOut }),
  // 1 request: POST /users.
  async handler(a, ctx) {
    const u = await ctx.zammad.createUser({ ...userBody(a), roles: ['Customer'] }, ctx.signal);
    const user = userOut(u);
    return { text: `Created customer ${nameOf(u)} (id ${u.id}).\n${userText(user)}`, structured: { user } };
  },
  errors: { validation: orgLookup },
});

export const updateUser = defineTool({
  name: 'update_user',
  title: 'Update a customer',
  description:
    'Change a customer\'s email, name, phone, mobile, department, organization (by name, "none" to clear), note or VIP flag. Only the fields given change. Staff accounts (agents, admins) are refused.',
  category: 'users',
  toolset: 'customers',
  risk: 'write',
  input: z.object({ user_id: recordId('User'), email: emailAddress.optional(), ...userFields }),
  output: z.object({ user: UserOut, changes: z.array(z.string()) }),
  entities: { user: user() },
  check({ user_id: _, ...fields }) {
    if (Object.keys(userBody(fields)).length === 0)
      throw new UserInputError(
        'Nothing to change: give at least one of email, firstname, lastname, phone, mobile, department, organization, note or vip.',
      );
  },
  // 2 requests: GET /users/{id} (to check it is a customer, and for before → after), then PUT /users/{id}.
  async handler({ user_id, ...fields }, ctx, { user: before }) {
    requireCustomer(before, 'changes');
    const after = await ctx.zammad.updateUser(user_id, userBody(fields), ctx.signal);
    const changes = defined([
      change('email', before.email, after.email),
      change('firstname', before.firstname, after.firstname),
      change('lastname', before.lastname, after.lastname),
      change('phone', before.phone, after.phone),
      change('mobile', before.mobile, after.mobile),
      change('department', before.department, after.department),
      change('organization', before.organization, after.organization),
      change('note', before.note, after.note),
      change('vip', before.vip ?? false, after.vip ?? false),
    ]);
    return {
      text: `User ${nameOf(after)} (id ${after.id}): ${changes.length ? changes.join('; ') : 'nothing changed (it already had these values)'}.`,
      structured: { user: userOut(after), changes },
    };
  },
  errors: { validation: orgLookup },
});

export const deleteUser = defineTool({
  name: 'delete_user',
  title: 'Delete a customer',
  description:
    'Delete a customer account (staff accounts are refused). Zammad refuses while tickets or articles refer to the user. Cannot be undone.',
  category: 'users',
  toolset: 'customers',
  risk: 'destructive',
  input: z.object({ user_id: recordId('User') }),
  output: z.object({ deleted: z.object({ id: z.number(), name: z.string() }) }),
  // Preview: GET /users/{id} and a ticket count (GET /tickets/search). Handler: GET /users/{id}, then DELETE /users/{id}.
  entities: { user: user() },
  async preview(_a, ctx, { user: u }) {
    requireCustomer(u, 'deletes');
    const tickets = await ticketCount('customer_id', u.id, ctx);
    return {
      summary: `Delete user ${nameOf(u)} (id ${u.id})`,
      details: [
        ['User', `${nameOf(u)} (id ${u.id})${u.login && u.login !== u.email ? `, login ${u.login}` : ''}`],
        ['Roles', roleNames(u)?.join(', ') ?? 'none'],
        ['Organization', u.organization ?? 'none'],
        ['Tickets as customer', tickets],
        [
          'Effect',
          'The account is deleted (Zammad refuses while tickets or articles refer to it). This cannot be undone.',
        ],
      ],
    };
  },
  async handler(_a, ctx, { user: u }) {
    requireCustomer(u, 'deletes');
    await ctx.zammad.deleteUser(u.id, ctx.signal);
    return {
      text: `Deleted user ${nameOf(u)} (id ${u.id}).`,
      structured: { deleted: { id: u.id, name: nameOf(u) } },
    };
  },
  errors: deleteErrors(({ user: u }: { user: User }) => `user ${nameOf(u)}`, 'admin.user'),
});

export const userTools = [getUser, searchUsers];
export const userWriteTools = [createUser, updateUser];
