/** Users and organizations: reads, search, and the admin writes. */
import type { Page, Signal, ZammadCore } from './core.js';
import { apiPath } from './paths.js';
import { OrganizationSchema, UserSchema, type Organization, type User } from './schemas.js';
import { normalizeSearch } from './search.js';

export class PeopleApi {
  constructor(private readonly c: ZammadCore) {}

  me(signal?: Signal): Promise<User> {
    return this.c.get('/users/me', UserSchema, { query: { expand: true }, signal });
  }

  user(id: number, signal?: Signal): Promise<User> {
    return this.c.get(apiPath`/users/${id}`, UserSchema, { query: { expand: true }, signal });
  }

  async searchUsers(
    query: string,
    p: Page,
    signal?: Signal,
  ): Promise<{ users: User[]; total: number | undefined }> {
    const res = await this.c.request('GET', '/users/search', {
      query: { query, page: p.page, per_page: p.perPage, expand: true, with_total_count: true },
      signal,
    });
    const n = normalizeSearch(res.body, 'User', 'users');
    return { users: n.records.map((r) => this.c.parse(UserSchema, r, 'a user')), total: n.total };
  }

  async searchOrganizations(
    query: string,
    p: Page,
    signal?: Signal,
  ): Promise<{ organizations: Organization[]; total: number | undefined }> {
    const res = await this.c.request('GET', '/organizations/search', {
      query: { query, page: p.page, per_page: p.perPage, with_total_count: true },
      signal,
    });
    const n = normalizeSearch(res.body, 'Organization', 'organizations');
    return {
      organizations: n.records.map((r) => this.c.parse(OrganizationSchema, r, 'an organization')),
      total: n.total,
    };
  }

  /** An organization, or undefined where Zammad answers `{}` (a customer without an organization asking for one). */
  async findOrganization(id: number, signal?: Signal): Promise<Organization | undefined> {
    const body = (await this.c.request('GET', apiPath`/organizations/${id}`, { signal })).body;
    if (body && typeof body === 'object' && !('id' in body)) return undefined;
    return this.c.parse(OrganizationSchema, body, 'an organization');
  }

  createUser(body: Record<string, unknown>, signal?: Signal): Promise<User> {
    return this.c.send('POST', '/users', UserSchema, { query: { expand: true }, body, signal });
  }

  updateUser(id: number, body: Record<string, unknown>, signal?: Signal): Promise<User> {
    return this.c.send('PUT', apiPath`/users/${id}`, UserSchema, { query: { expand: true }, body, signal });
  }

  async deleteUser(id: number, signal?: Signal): Promise<void> {
    await this.c.request('DELETE', apiPath`/users/${id}`, { signal });
  }

  createOrganization(body: Record<string, unknown>, signal?: Signal): Promise<Organization> {
    return this.c.send('POST', '/organizations', OrganizationSchema, { body, signal });
  }

  updateOrganization(id: number, body: Record<string, unknown>, signal?: Signal): Promise<Organization> {
    return this.c.send('PUT', apiPath`/organizations/${id}`, OrganizationSchema, { body, signal });
  }

  async deleteOrganization(id: number, signal?: Signal): Promise<void> {
    await this.c.request('DELETE', apiPath`/organizations/${id}`, { signal });
  }
}
