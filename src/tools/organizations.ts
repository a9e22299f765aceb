/**
 * Organizations: get_organization, search_organizations, create_organization, update_organization
 * and delete_organization.
 */
import { z } from 'zod';
import { UserInputError } from '../errors.js';
import type { Organization } from '../zammad/schemas.js';
import { defineTool } from './define.js';
import { deleteErrors, ticketCount } from './deletes.js';
import { organization } from './entities.js';
import { limit, page, query, recordId } from './params.js';
import { PAGE_FIELDS, pageHeader } from './render/format.js';
import {
  organizationOut,
  OrganizationOut,
  organizationRow,
  organizationText,
} from './render/organization.js';
import { change, defined } from './write-support.js';

const text = (max: number) => z.string().trim().max(max);

export const getOrganization = defineTool({
  name: 'get_organization',
  title: 'Get an organization',
  description: 'One organization by `organization_id` or exact `name`, with its member count.',
  category: 'organizations',
  toolset: 'customers',
  risk: 'read',
  input: z.object({
    organization_id: recordId('Organization').optional(),
    name: z.string().trim().min(1).max(200).optional(),
  }),
  output: z.object({ organization: OrganizationOut }),
  entities: {
    organization: organization('organization_id', {
      name: 'name',
      hint: 'search_organizations finds organizations by part of the name.',
    }),
  },
  // 1 request: GET /organizations/{id}, or one /organizations/search for a name.
  async handler(_a, _ctx, { organization: o }) {
    const out = organizationOut(o);
    return { text: organizationText(out), structured: { organization: out } };
  },
});

export const searchOrganizations = defineTool({
  name: 'search_organizations',
  title: 'Search organizations',
  description: 'Find organizations (customer companies) by name or domain.',
  category: 'organizations',
  toolset: 'customers',
  risk: 'read',
  input: z.object({
    query: query(200),
    page,
    limit: limit(20, 100),
  }),
  output: z.object({
    organizations: z.array(OrganizationOut),
    ...PAGE_FIELDS,
  }),
  // 1 request: GET /organizations/search.
  async handler(a, ctx) {
    const r = await ctx.zammad.searchOrganizations(a.query, { page: a.page, perPage: a.limit }, ctx.signal);
    const organizations = r.organizations.map(organizationOut);
    const { head, meta } = pageHeader({
      noun: 'Organizations',
      page: a.page,
      limit: a.limit,
      fetched: r.organizations.length,
      shown: organizations.length,
      total: r.total,
    });
    return {
      text: [head, ...organizations.map(organizationRow)].join('\n'),
      structured: { organizations, ...meta },
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
  toolset: 'customers',
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
  toolset: 'customers',
  risk: 'write',
  input: z.object({ organization_id: recordId('Organization'), name: orgName.optional(), ...orgFields }),
  output: z.object({ organization: OrganizationOut, changes: z.array(z.string()) }),
  entities: { organization: organization() },
  check({ organization_id: _, ...fields }) {
    if (Object.keys(orgBody(fields)).length === 0)
      throw new UserInputError(
        'Nothing to change: give at least one of name, domain, domain_assignment, shared, vip or note.',
      );
  },
  // 2 requests: GET /organizations/{id} (for before → after), then PUT /organizations/{id}.
  async handler({ organization_id, ...fields }, ctx, { organization: before }) {
    const after = await ctx.zammad.updateOrganization(organization_id, orgBody(fields), ctx.signal);
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

export const deleteOrganization = defineTool({
  name: 'delete_organization',
  title: 'Delete an organization',
  description:
    'Delete an organization. Zammad refuses while users or tickets belong to it. Cannot be undone.',
  category: 'organizations',
  toolset: 'customers',
  risk: 'destructive',
  input: z.object({ organization_id: recordId('Organization') }),
  output: z.object({ deleted: z.object({ id: z.number(), name: z.string() }) }),
  // Preview: GET /organizations/{id} and a ticket count. Handler: GET /organizations/{id}, then DELETE.
  entities: { organization: organization() },
  async preview(_a, ctx, { organization: o }) {
    const tickets = await ticketCount('organization_id', o.id, ctx);
    return {
      summary: `Delete organization ${o.name} (id ${o.id})`,
      details: [
        ['Organization', `${o.name} (id ${o.id})${o.domain ? `, domain ${o.domain}` : ''}`],
        ['Members', String(o.member_ids?.length ?? 'unknown')],
        ['Tickets', tickets],
        [
          'Effect',
          'The organization is deleted (Zammad refuses while users or tickets belong to it). This cannot be undone.',
        ],
      ],
    };
  },
  async handler(_a, ctx, { organization: o }) {
    await ctx.zammad.deleteOrganization(o.id, ctx.signal);
    return {
      text: `Deleted organization ${o.name} (id ${o.id}).`,
      structured: { deleted: { id: o.id, name: o.name } },
    };
  },
  errors: deleteErrors(
    ({ organization: o }: { organization: Organization }) => `organization ${o.name}`,
    'admin.organization',
  ),
});

export const organizationTools = [getOrganization, searchOrganizations];
export const organizationWriteTools = [createOrganization, updateOrganization];
