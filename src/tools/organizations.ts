/**
 * Organizations: get_organization and search_organizations.
 */
import { z } from 'zod';
import { NotFoundError, UserInputError } from '../errors.js';
import type { Organization } from '../zammad/schemas.js';
import { ZammadError } from '../zammad/errors.js';
import { defineTool } from './define.js';
import { PAGE_FIELDS, pageHeader } from './render/format.js';
import { limit, page, query, recordId } from './params.js';
import {
  organizationOut,
  OrganizationOut,
  organizationRow,
  organizationText,
} from './render/organization.js';

export const getOrganization = defineTool({
  name: 'get_organization',
  title: 'Get an organization',
  description:
    "One organization by `organization_id` or exact `name` (exactly one): name, domain, shared (members see each other's tickets), VIP, active, note and member count.",
  category: 'organizations',
  risk: 'read',
  input: z.object({
    organization_id: recordId('Organization').optional(),
    name: z.string().trim().min(1).max(200).optional().describe('Exact name (case-insensitive)'),
  }),
  output: z.object({ organization: OrganizationOut }),
  // 1 request: GET /organizations/{id}, or one /organizations/search for a name.
  async handler(a, ctx) {
    if ((a.organization_id === undefined) === (a.name === undefined)) {
      throw new UserInputError('Give exactly one of organization_id or name.');
    }
    let o: Organization | undefined;
    let what: string;
    if (a.organization_id !== undefined) {
      const id = a.organization_id;
      what = `Organization ${id}`;
      try {
        o = await ctx.zammad.findOrganization(id, ctx.signal);
      } catch (e) {
        // 403 (not visible to this token) and 404 look the same.
        if (!(e instanceof ZammadError && (e.kind === 'not_found' || e.kind === 'forbidden'))) throw e;
      }
    } else {
      const name = a.name as string;
      what = `Organization "${name}"`;
      const r = await ctx.zammad.searchOrganizations(name, { page: 1, perPage: 50 }, ctx.signal);
      o = r.organizations.find((x) => x.name.toLowerCase() === name.toLowerCase());
    }
    if (!o)
      throw new NotFoundError(
        `${what} not found. search_organizations finds organizations by part of the name.`,
      );
    const organization = organizationOut(o);
    return { text: organizationText(organization), structured: { organization } };
  },
});

export const searchOrganizations = defineTool({
  name: 'search_organizations',
  title: 'Search organizations',
  description:
    'Find organizations by name or domain (Zammad organization search). One line per organization with id, name, domain, member count and flags; `total` when Zammad reports it.',
  category: 'organizations',
  risk: 'read',
  input: z.object({
    query: query(200).describe('Search text'),
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

export const organizationTools = [getOrganization, searchOrganizations];
