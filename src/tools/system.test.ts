import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/harness.js';
import { getCurrentUser, listTicketPriorities, listTicketStates } from './system.js';

describe('system tools', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.zammad.reference.get();
  });
  afterAll(() => h.close());

  it('lists states with type, pending flag and defaults, from the cache', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(listTicketStates, {});
    expect(h.sandbox.log.since(mark).length).toBe(0);
    const states = (out.structured as { states: Array<Record<string, unknown>> }).states;
    expect(states.find((s) => s.name === 'new')).toMatchObject({ default_create: true });
    expect(states.find((s) => s.name === 'open')).toMatchObject({ default_follow_up: true });
    expect(states.find((s) => s.name === 'pending close')).toMatchObject({
      pending: true,
      type: 'pending action',
      next_state: 'closed',
    });
    expect(states.find((s) => s.name === 'closed')?.pending).toBeUndefined();
    expect(out.text).toContain('pending close (pending action) · pending: needs pending_time · then closed');
  });

  it('lists priorities with the default, from the cache', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(listTicketPriorities, {});
    expect(h.sandbox.log.since(mark).length).toBe(0);
    expect(out.text).toContain('2 normal · default for new tickets');
    expect((out.structured as { priorities: unknown[] }).priorities.length).toBe(3);
  });

  it('says who the server acts as, in one request', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(getCurrentUser, {});
    expect(h.sandbox.log.since(mark).length).toBe(1);
    const u = (
      out.structured as { user: { id: number; roles?: string[]; groups?: Record<string, string[]> } }
    ).user;
    const rec = h.sandbox.store.user(u.id);
    expect(out.text).toContain(`Acting as ${rec?.firstname} ${rec?.lastname} (id ${u.id})`);
    expect(u.roles).toEqual(expect.arrayContaining(['Admin']));
    expect(out.text).not.toMatch(/null|undefined/);
  });
});

describe('get_current_user under a group scope', () => {
  it('names the groups the server is limited to', async () => {
    const h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' }, as: 'agent' });
    try {
      const out = await h.call(getCurrentUser, {});
      expect(out.text).toContain('this server is limited to the groups: Sales');
      expect(out.text).toMatch(/groups: .*\(/);
    } finally {
      await h.close();
    }
  });
});
