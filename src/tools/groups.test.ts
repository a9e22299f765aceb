import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/harness.js';
import { listGroups } from './groups.js';

describe('list_groups', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('lists every group with its full path, from the warm cache (0 requests)', async () => {
    await h.zammad.reference.get();
    const mark = h.sandbox.log.mark();
    const out = await h.call(listGroups, {});
    expect(h.sandbox.log.since(mark).length).toBe(0);
    const names = (out.structured as { groups: Array<{ name: string }> }).groups.map((g) => g.name);
    expect(names).toEqual(
      expect.arrayContaining(['Users', 'Sales', 'Support', 'Support › 1st Level', 'Support › 2nd Level']),
    );
    expect(names.length).toBe(h.sandbox.store.groups.size);
    expect(out.text).toMatch(/id \d+ · Support › 2nd Level/);
  });

  it('shows an inactive group as such', async () => {
    const g = [...h.sandbox.store.groups.values()].find((x) => x.name === 'Billing');
    if (!g) throw new Error('no Billing group');
    g.active = false;
    h.zammad.reference.invalidate();
    const out = await h.call(listGroups, {});
    expect(out.text).toContain(`id ${g.id} · Billing · inactive`);
    g.active = true;
    h.zammad.reference.invalidate();
  });
});

describe('list_groups under a group scope', () => {
  it('lists only the allowed groups and their subgroups', async () => {
    const h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Support' } });
    try {
      const out = await h.call(listGroups, {});
      const names = (out.structured as { groups: Array<{ name: string }> }).groups.map((g) => g.name);
      expect(names).toEqual(['Support', 'Support › 1st Level', 'Support › 2nd Level']);
    } finally {
      await h.close();
    }
  });
});
