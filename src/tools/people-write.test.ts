import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, writesSince as writes } from '../../test/harness.js';
import { createOrganization, updateOrganization } from './organizations.js';
import { createUser, updateUser } from './users.js';

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

describe('create_user and update_user', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('creates a customer: the exact POST and the stored user with the Customer role', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(createUser, {
      email: 'Jane.Doe@Acme.example',
      firstname: 'Jane',
      lastname: 'Doe',
      phone: '+49 30 1234',
      organization: 'Northwind Traders',
    });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path])).toEqual([['POST', '/api/v1/users']]);
    expect(w[0]?.body).toEqual({
      email: 'Jane.Doe@Acme.example',
      firstname: 'Jane',
      lastname: 'Doe',
      phone: '+49 30 1234',
      organization: 'Northwind Traders',
      roles: ['Customer'],
    });
    const id = (out.structured as { user: { id: number } }).user.id;
    const u = h.sandbox.store.user(id);
    expect(u).toMatchObject({ email: 'jane.doe@acme.example', firstname: 'Jane', organization_id: 1 });
    expect(h.sandbox.store.userExtras.get(id)?.role_ids).toEqual([3]);
    expect(out.text).toContain(`Created customer Jane Doe <jane.doe@acme.example> (id ${id}).`);
    expect(out.text).toContain('org: Northwind Traders');
  });

  it('explains an unknown organization and creates nothing', async () => {
    const users = h.sandbox.store.users.size;
    const e = await failure(h.call(createUser, { email: 'x@y.example', organization: 'No Such Org' }));
    expect(e.name).toBe('UserInputError');
    expect(e.message).toContain('No organization named "No Such Org"');
    expect(e.message).toContain('create_organization');
    expect(h.sandbox.store.users.size).toBe(users);
  });

  it('updates a customer: the exact PUT, the stored user and before → after', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(updateUser, { user_id: 9, phone: '+1 555 0100', vip: true });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path, x.body])).toEqual([
      ['PUT', '/api/v1/users/9', { phone: '+1 555 0100', vip: true }],
    ]);
    expect(h.sandbox.store.user(9)).toMatchObject({ phone: '+1 555 0100', vip: true });
    expect((out.structured as { changes: string[] }).changes).toEqual([
      'phone +1 617 668 9315 → +1 555 0100',
      'vip false → true',
    ]);
    expect(out.text).toBe(
      'User Sarah Kim <sarah.kim@northwind-traders.example> (id 9): phone +1 617 668 9315 → +1 555 0100; vip false → true.',
    );
  });

  it('refuses to change staff accounts (an agent email is where password resets go), without a PUT', async () => {
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(updateUser, { user_id: 3, email: 'attacker@evil.example' }));
    expect(e.name).toBe('PolicyError');
    expect(e.message).toContain('Agent');
    expect(e.message).toContain('customers only');
    expect(writes(h, mark)).toEqual([]);
    expect(h.sandbox.store.user(3)?.email).toBe('lukas.becker@helpdesk.example');
  });

  it('says there is nothing to change before any request; a missing user is not found', async () => {
    const mark = h.sandbox.log.mark();
    expect((await failure(h.call(updateUser, { user_id: 10 }))).message).toContain('Nothing to change');
    expect(h.sandbox.log.since(mark)).toEqual([]);
    expect((await failure(h.call(updateUser, { user_id: 99999, note: 'x' }))).name).toBe('NotFoundError');
  });
});

describe('create_organization and update_organization', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('creates an organization: the exact POST and the stored record', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(createOrganization, {
      name: 'Acme Corp',
      domain: 'acme.example',
      shared: false,
    });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path, x.body])).toEqual([
      ['POST', '/api/v1/organizations', { name: 'Acme Corp', domain: 'acme.example', shared: false }],
    ]);
    const id = (out.structured as { organization: { id: number } }).organization.id;
    expect(h.sandbox.store.organizations.get(id)).toMatchObject({
      name: 'Acme Corp',
      domain: 'acme.example',
      shared: false,
    });
    expect(out.text).toContain(`Created organization Acme Corp (id ${id}).`);
  });

  it('reports Zammad refusing a duplicate name', async () => {
    const e = await failure(h.call(createOrganization, { name: 'northwind traders' }));
    expect(e.message).toContain('Name has already been taken');
  });

  it('updates an organization: the exact PUT, the stored record and before → after', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(updateOrganization, { organization_id: 2, note: 'Key account', vip: true });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path, x.body])).toEqual([
      ['PUT', '/api/v1/organizations/2', { note: 'Key account', vip: true }],
    ]);
    expect(h.sandbox.store.organizations.get(2)).toMatchObject({ note: 'Key account', vip: true });
    expect(out.text).toContain('vip false → true');
    expect(out.text).toContain('→ Key account');
  });

  it('needs something to change and an organization that exists', async () => {
    expect((await failure(h.call(updateOrganization, { organization_id: 2 }))).message).toContain(
      'Nothing to change',
    );
    const mark = h.sandbox.log.mark();
    expect((await failure(h.call(updateOrganization, { organization_id: 9999, note: 'x' }))).name).toBe(
      'NotFoundError',
    );
    expect(writes(h, mark)).toEqual([]);
  });
});
