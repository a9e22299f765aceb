/**
 * Customers and organizations: create_user, update_user, create_organization, update_organization.
 * Users are created as customers and only customers are changed here: roles, group access,
 * passwords and staff accounts stay with Zammad's admin interface.
 */
import { z } from 'zod';
import { NotFoundError, PolicyError, UserInputError } from '../errors.js';
import { ZammadError } from '../zammad/errors.js';
import type { Organization, User } from '../zammad/schemas.js';
import { defineTool, type ToolContext } from './define.js';
import { recordId } from './params.js';
import { organizationOut, OrganizationOut, organizationText } from './render/organization.js';
import { roleNames, userOut, UserOut, userText } from './render/user.js';
import { change, defined, emailAddress, nameOf } from './write-support.js';

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
function orgLookup(e: unknown, name: string | undefined): unknown {
  if (e instanceof ZammadError && e.kind === 'validation' && /organization/i.test(e.detail ?? '') && name)
    return new UserInputError(
      `No organization named "${name}". search_organizations finds existing ones; create_organization adds one.`,
    );
  return e;
}

async function fetchUser(id: number, ctx: ToolContext): Promise<User> {
  try {
    return await ctx.zammad.user(id, ctx.signal);
  } catch (e) {
    if (e instanceof ZammadError && (e.kind === 'not_found' || e.kind === 'forbidden'))
      throw new NotFoundError(`User ${id} not found.`);
    throw e;
  }
}

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
  risk: 'write',
  input: z.object({ email: emailAddress, ...userFields }),
  output: z.object({ user: UserOut }),
  // 1 request: POST /users.
  async handler(a, ctx) {
    let u: User;
    try {
      u = await ctx.zammad.createUser({ ...userBody(a), roles: ['Customer'] }, ctx.signal);
    } catch (e) {
      throw orgLookup(e, a.organization);
    }
    const user = userOut(u);
    return { text: `Created customer ${nameOf(u)} (id ${u.id}).\n${userText(user)}`, structured: { user } };
  },
});

export const updateUser = defineTool({
  name: 'update_user',
  title: 'Update a customer',
  description:
    'Change a customer\'s email, name, phone, mobile, department, organization (by name, "none" to clear), note or VIP flag. Only the fields given change. Staff accounts (agents, admins) are refused.',
  category: 'users',
  risk: 'write',
  input: z.object({ user_id: recordId('User'), email: emailAddress.optional(), ...userFields }),
  output: z.object({ user: UserOut, changes: z.array(z.string()) }),
  // 2 requests: GET /users/{id} (to check it is a customer, and for before → after), then PUT /users/{id}.
  async handler(a, ctx) {
    const { user_id, ...fields } = a;
    const body = userBody(fields);
    if (Object.keys(body).length === 0)
      throw new UserInputError(
        'Nothing to change: give at least one of email, firstname, lastname, phone, mobile, department, organization, note or vip.',
      );
    const before = await fetchUser(user_id, ctx);
    requireCustomer(before, 'changes');
    let after: User;
    try {
      after = await ctx.zammad.updateUser(user_id, body, ctx.signal);
    } catch (e) {
      throw orgLookup(e, a.organization);
    }
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
});

const orgFields = {
  domain: text(250).optional().describe('Email domain, e.g. "acme.example"'),
  domain_assignment: z
    .boolean()
    .optional()
    .describe('Assign new customers with that email domain to this organization'),
  shared: z.boolean().optional().describe("Members see each other's tickets"),
  vip: z.boolean().optional(),
  note: text(5000).optional(),
};
const orgName = z.string().trim().min(1).max(150);

function orgBody(a: Record<string, string | boolean | undefined>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined));
}

export const createOrganization = defineTool({
  name: 'create_organization',
  title: 'Create an organization',
  description:
    "Create an organization with a name and optionally an email domain (with domain_assignment, new customers of that domain join it), shared (members see each other's tickets), VIP, note.",
  category: 'organizations',
  risk: 'write',
  input: z.object({ name: orgName, ...orgFields }),
  output: z.object({ organization: OrganizationOut }),
  // 1 request: POST /organizations.
  async handler(a, ctx) {
    const o = await ctx.zammad.createOrganization(orgBody(a), ctx.signal);
    const organization = organizationOut(o);
    return {
      text: `Created organization ${o.name} (id ${o.id}).\n${organizationText(organization)}`,
      structured: { organization },
    };
  },
});

export const updateOrganization = defineTool({
  name: 'update_organization',
  title: 'Update an organization',
  description:
    "Change an organization's name, domain, domain_assignment, shared flag, VIP flag or note. Only the fields given change; the answer lists each change.",
  category: 'organizations',
  risk: 'write',
  input: z.object({ organization_id: recordId('Organization'), name: orgName.optional(), ...orgFields }),
  output: z.object({ organization: OrganizationOut, changes: z.array(z.string()) }),
  // 2 requests: GET /organizations/{id} (for before → after), then PUT /organizations/{id}.
  async handler(a, ctx) {
    const { organization_id, ...fields } = a;
    const body = orgBody(fields);
    if (Object.keys(body).length === 0)
      throw new UserInputError(
        'Nothing to change: give at least one of name, domain, domain_assignment, shared, vip or note.',
      );
    let before: Organization | undefined;
    try {
      before = await ctx.zammad.findOrganization(organization_id, ctx.signal);
    } catch (e) {
      if (!(e instanceof ZammadError && (e.kind === 'not_found' || e.kind === 'forbidden'))) throw e;
    }
    if (!before) throw new NotFoundError(`Organization ${organization_id} not found.`);
    const after = await ctx.zammad.updateOrganization(organization_id, body, ctx.signal);
    const changes = defined([
      change('name', before.name, after.name),
      change('domain', before.domain, after.domain),
      change('domain_assignment', before.domain_assignment ?? false, after.domain_assignment ?? false),
      change('shared', before.shared ?? false, after.shared ?? false),
      change('vip', before.vip ?? false, after.vip ?? false),
      change('note', before.note, after.note),
    ]);
    return {
      text: `Organization ${after.name} (id ${after.id}): ${changes.length ? changes.join('; ') : 'nothing changed (it already had these values)'}.`,
      structured: { organization: organizationOut(after), changes },
    };
  },
});

export const peopleWriteTools = [createUser, updateUser, createOrganization, updateOrganization];
