import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/harness.js';
import type { UserRecord } from '@zammad-mcp/sandbox';
import { getUser, searchUsers } from './users.js';

describe('user tools', () => {
  let h: Harness;
  let customer: UserRecord;
  beforeAll(async () => {
    h = await startHarness();
    await h.zammad.reference.get();
    const s = h.sandbox.store;
    customer = [...s.users.values()].find(
      (u) => s.extra(u.id).role_ids.includes(3) && u.organization_id !== null && u.email,
    ) as UserRecord;
  });
  afterAll(() => h.close());

  it('gets a user by id in one request, with organization and roles by name', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(getUser, { user_id: customer.id });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    const org = h.sandbox.store.organizations.get(customer.organization_id as number);
    expect(out.structured).toMatchObject({
      user: { id: customer.id, email: customer.email, organization: org?.name, roles: ['Customer'] },
    });
    expect(out.text).toContain(`User ${customer.firstname} ${customer.lastname} (id ${customer.id})`);
    expect(out.text).not.toMatch(/null|undefined/);
  });

  it('finds a user by exact email or login in one request', async () => {
    let mark = h.sandbox.log.mark();
    const byEmail = await h.call(getUser, { email: customer.email.toUpperCase() });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    expect((byEmail.structured as { user: { id: number } }).user.id).toBe(customer.id);
    mark = h.sandbox.log.mark();
    const byLogin = await h.call(getUser, { login: customer.login });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    expect((byLogin.structured as { user: { id: number } }).user.id).toBe(customer.id);
  });

  it('does not take a partial email for an exact one', async () => {
    const part = customer.email.split('@')[0] as string;
    await expect(h.call(getUser, { email: part })).rejects.toThrow(`User with email ${part} not found.`);
  });

  it('answers not found and refuses zero or several identifiers', async () => {
    await expect(h.call(getUser, { user_id: 999_999 })).rejects.toThrow('User 999999 not found.');
    await expect(h.call(getUser, {})).rejects.toThrow('Give exactly one of user_id, email or login.');
    await expect(h.call(getUser, { user_id: customer.id, email: customer.email })).rejects.toThrow(
      'Give exactly one',
    );
  });

  it('searches users, one line each, with a page hint', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(searchUsers, { query: customer.lastname, limit: 5 });
    expect(h.sandbox.log.since(mark).length).toBe(1);
    const s = out.structured as { users: Array<{ id: number }>; has_more: boolean; total?: number };
    expect(s.users.map((u) => u.id)).toContain(customer.id);
    expect(out.text.split('\n')[0]).toMatch(/^Users 1–\d+/);
    const line = out.text.split('\n').find((l) => l.startsWith(`id ${customer.id} `));
    expect(line).toContain(customer.email);
    const many = await h.call(searchUsers, { query: 'example', limit: 2 });
    const m = many.structured as { users: unknown[]; has_more: boolean };
    expect(m.users.length).toBe(2);
    expect(m.has_more).toBe(true);
    expect(many.text).toContain('more: page=2');
    const none = await h.call(searchUsers, { query: 'zzqqxxnobody' });
    expect(none.text).toBe('No users found (page 1).');
  });
});

describe('get_user on Zammad 6.4 without Elasticsearch', () => {
  it('still finds a user by exact email and login', async () => {
    const h = await startHarness({ sandbox: { version: '6.4', elasticsearch: false } });
    try {
      const s = h.sandbox.store;
      const u = [...s.users.values()].find(
        (x) => s.extra(x.id).role_ids.includes(3) && x.email,
      ) as UserRecord;
      expect((await h.call(getUser, { email: u.email })).structured).toMatchObject({ user: { id: u.id } });
      expect((await h.call(getUser, { login: u.login })).structured).toMatchObject({ user: { id: u.id } });
    } finally {
      await h.close();
    }
  });
});
