/**
 * Users: get_user and search_users.
 */
import { z } from 'zod';
import { NotFoundError, UserInputError } from '../errors.js';
import type { User } from '../zammad/schemas.js';
import { ZammadError } from '../zammad/errors.js';
import { defineTool, type ToolContext } from './define.js';
import { limit, page, query, recordId } from './params.js';
import { PAGE_FIELDS, pageHeader } from './render/format.js';
import { userOut, UserOut, userRow, userText } from './render/user.js';

const ident = z.string().trim().min(1).max(200);

/** Zammad answers 403 for a user the token may not read and 404 for one that does not exist: both are "not found". */
async function orNotFound<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ZammadError && (e.kind === 'not_found' || e.kind === 'forbidden'))
      throw new NotFoundError(`${what} not found.`);
    throw e;
  }
}

/** The user whose email or login is exactly `value` (case-insensitive), by one search. */
async function userBy(field: 'email' | 'login', value: string, ctx: ToolContext): Promise<User | undefined> {
  // The plain value works with and without Elasticsearch; the exact match below drops partial hits.
  const r = await ctx.zammad.searchUsers(value, { page: 1, perPage: 50 }, ctx.signal);
  const v = value.toLowerCase();
  return r.users.find((u) => (u[field] ?? '').toLowerCase() === v);
}

export const getUser = defineTool({
  name: 'get_user',
  title: 'Get a user',
  description:
    'One user (customer or agent) by `user_id`, `email` or `login` (exactly one): name, email, login, organization, roles, phone, VIP, active, out-of-office and a short note.',
  category: 'users',
  risk: 'read',
  input: z.object({
    user_id: recordId('User').optional(),
    email: ident.optional().describe('Exact email'),
    login: ident.optional().describe('Exact login'),
  }),
  output: z.object({ user: UserOut }),
  // 1 request: GET /users/{id}, or one /users/search for email/login.
  async handler(a, ctx) {
    const given = [a.user_id, a.email, a.login].filter((x) => x !== undefined).length;
    if (given !== 1) throw new UserInputError('Give exactly one of user_id, email or login.');
    let u: User | undefined;
    let what: string;
    if (a.user_id !== undefined) {
      const id = a.user_id;
      what = `User ${id}`;
      u = await orNotFound(what, () => ctx.zammad.user(id, ctx.signal));
    } else if (a.email !== undefined) {
      what = `User with email ${a.email}`;
      u = await userBy('email', a.email, ctx);
    } else {
      what = `User with login ${a.login}`;
      u = await userBy('login', a.login as string, ctx);
    }
    if (!u)
      throw new NotFoundError(`${what} not found. search_users finds users by part of a name or address.`);
    const user = userOut(u);
    return { text: userText(user), structured: { user } };
  },
});

export const searchUsers = defineTool({
  name: 'search_users',
  title: 'Search users',
  description:
    'Find users by name, email, login, phone or organization (Zammad user search). One line per user with id, name, email, organization, roles and VIP/inactive/out-of-office flags; `total` when Zammad reports it.',
  category: 'users',
  risk: 'read',
  input: z.object({
    query: query(200).describe('Search text'),
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

export const userTools = [getUser, searchUsers];
