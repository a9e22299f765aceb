import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/harness.js';
import type { OrganizationRecord } from '@zammad-mcp/sandbox';
import { getOrganization, searchOrganizations } from './organizations.js';

describe('organization tools', () => {
  let h: Harness;
  let org: OrganizationRecord;
  let members: number;
  beforeAll(async () => {
    h = await startHarness();
    await h.zammad.reference.get();
    const s = h.sandbox.store;
    const count = (id: number): number =>
      [...s.users.values()].filter((u) => u.organization_id === id).length;
    org = [...s.organizations.values()].find((o) => count(o.id) > 0) as OrganizationRecord;
    members = count(org.id);
  });
  afterAll(() => h.close());

  it('gets an organization by id in one request, with its member count', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(getOrganization, { organization_id: org.id });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    expect(out.structured).toMatchObject({ organization: { id: org.id, name: org.name, members } });
    expect(out.text).toContain(`Organization ${org.name} (id ${org.id})`);
    expect(out.text).toContain(`members: ${members}`);
    expect(out.text).not.toMatch(/null|undefined/);
  });

  it('gets an organization by exact name, case-insensitively, in one request', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(getOrganization, { name: org.name.toLowerCase() });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    expect((out.structured as { organization: { id: number } }).organization.id).toBe(org.id);
  });

  it('answers not found and refuses zero or two identifiers', async () => {
    await expect(h.call(getOrganization, { organization_id: 999_999 })).rejects.toThrow(
      'Organization 999999 not found.',
    );
    await expect(h.call(getOrganization, { name: 'No Such Org Ltd' })).rejects.toThrow(
      'Organization "No Such Org Ltd" not found.',
    );
    await expect(h.call(getOrganization, {})).rejects.toThrow('Give exactly one of organization_id or name.');
    await expect(h.call(getOrganization, { organization_id: org.id, name: org.name })).rejects.toThrow(
      'Give exactly one',
    );
  });

  it('searches organizations, one line each', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(searchOrganizations, { query: org.name.split(' ')[0] as string });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    const s = out.structured as { organizations: Array<{ id: number }> };
    expect(s.organizations.map((o) => o.id)).toContain(org.id);
    expect(out.text).toContain(`id ${org.id} · ${org.name}`);
  });
});

describe('get_organization on Zammad 6.4 without Elasticsearch', () => {
  it('still finds an organization by exact name', async () => {
    const h = await startHarness({ sandbox: { version: '6.4', elasticsearch: false } });
    try {
      const o = [...h.sandbox.store.organizations.values()][1] as OrganizationRecord;
      expect((await h.call(getOrganization, { name: o.name })).structured).toMatchObject({
        organization: { id: o.id },
      });
    } finally {
      await h.close();
    }
  });
});
