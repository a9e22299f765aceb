import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './index.js';
import { api, asToken, obj } from './test-client.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ tickets: 60 });
});
afterAll(async () => {
  await sb.close();
});

describe('authentication', () => {
  it('no credentials → 403 Authentication required, with X-Failure', async () => {
    const r = await api(sb, null)('GET', '/tickets');
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'Authentication required', error_human: 'Authentication required' });
    expect(r.headers.get('x-failure')).toBe('Authentication required');
  });

  it("unknown `Token token=` → 401 Can't find User for Token", async () => {
    const r = await api(sb, { token: 'nope' })('GET', '/tickets');
    expect(r.status).toBe(401);
    expect(obj(r.body)['error']).toBe("Can't find User for Token");
    expect(r.headers.get('x-failure')).toBe("Can't find User for Token");
  });

  it('unknown Bearer → 401 The provided token is invalid.', async () => {
    const r = await api(sb, { bearer: 'nope' })('GET', '/tickets');
    expect(r.status).toBe(401);
    expect(obj(r.body)['error']).toBe('The provided token is invalid.');
  });

  it('accepts `Token token=`, `Token <t>`, `Bearer <personal token>`, OAuth Bearer and Basic', async () => {
    const { admin } = sb.credentials;
    for (const auth of [
      { token: admin.token },
      { header: `Token ${admin.token}` },
      { bearer: admin.token },
      { bearer: sb.credentials.oauthToken },
      { basic: [admin.login, admin.password] as [string, string] },
    ]) {
      const r = await api(sb, auth)('GET', '/users/me');
      expect(r.status, JSON.stringify(auth)).toBe(200);
      expect(obj(r.body)['id']).toBe(admin.userId);
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('Basic login is case-insensitive and also takes the email; wrong password → 401', async () => {
    const { agent } = sb.credentials;
    expect(
      (await api(sb, { basic: [agent.login.toUpperCase(), agent.password] })('GET', '/users/me')).status,
    ).toBe(200);
    const r = await api(sb, { basic: [agent.login, 'wrong'] })('GET', '/users/me');
    expect(r.status).toBe(401);
    expect(obj(r.body)['error']).toBe('Invalid BasicAuth credentials');
  });

  it('expired token → 401; inactive user → 401 login failed', async () => {
    sb.store.tokens.push({
      token: 'expired-token',
      user_id: 3,
      kind: 'api',
      permissions: ['ticket.agent'],
      expires_at: '2020-01-01T00:00:00.000Z',
    });
    const r = await api(sb, { token: 'expired-token' })('GET', '/tickets');
    expect(r.status).toBe(401);
    expect(obj(r.body)['error']).toBe('Not authorized (token expired)!');

    const u = sb.store.user(20);
    if (!u) throw new Error('user 20');
    sb.store.tokens.push({
      token: 'inactive-user',
      user_id: 20,
      kind: 'api',
      permissions: ['ticket.customer'],
      expires_at: null,
    });
    u.active = false;
    const r2 = await api(sb, { token: 'inactive-user' })('GET', '/tickets');
    u.active = true;
    expect(r2.status).toBe(401);
    expect(obj(r2.body)['error']).toMatch(/^Login failed/);
  });

  it('role lacks permission → User authorization failed; token lacks it → Token authorization failed', async () => {
    const r = await api(sb, asToken(sb.credentials.agent))('GET', '/object_manager_attributes');
    expect(r.status).toBe(403);
    expect(obj(r.body)['error']).toBe('User authorization failed.');
    sb.store.tokens.push({
      token: 'admin-agent-only',
      user_id: 2,
      kind: 'api',
      permissions: ['ticket.agent'],
      expires_at: null,
    });
    const r2 = await api(sb, { token: 'admin-agent-only' })('GET', '/object_manager_attributes');
    expect(r2.status).toBe(403);
    expect(obj(r2.body)['error']).toBe('Token authorization failed.');
    expect(r2.headers.get('x-failure')).toBe('Token authorization failed.');
  });

  it('a token with permission [] gets 200 [] on lists and 403 on writes', async () => {
    const call = api(sb, { token: sb.credentials.noPermissionToken });
    expect((await call('GET', '/tickets')).body).toEqual([]);
    const s = await call('GET', '/tickets/search?query=*');
    expect(s.status).toBe(200);
    expect(s.body).toEqual([]);
    const w = await call('POST', '/tickets', {
      title: 'x',
      group: 'Users',
      customer_id: 9,
      article: { body: 'x' },
    });
    expect(w.status).toBe(403);
    expect(obj(w.body)['error']).toBe('Token authorization failed.');
    expect((await call('PUT', '/tickets/1', { title: 'x' })).status).toBe(403);
  });

  it('settings api_token_access / api_password_access = false → 403', async () => {
    sb.store.settings.api_token_access = false;
    const r = await api(sb, asToken(sb.credentials.admin))('GET', '/users/me');
    sb.store.settings.api_token_access = true;
    expect(r.status).toBe(403);
    expect(obj(r.body)['error']).toBe('API token access disabled!');
    sb.store.settings.api_password_access = false;
    const { admin } = sb.credentials;
    const r2 = await api(sb, { basic: [admin.login, admin.password] })('GET', '/users/me');
    sb.store.settings.api_password_access = true;
    expect(obj(r2.body)['error']).toBe('API password access disabled!');
  });
});

describe('From impersonation', () => {
  it('admin acts as a user found by id, login or email (downcased)', async () => {
    const { admin, customer } = sb.credentials;
    const call = api(sb, asToken(admin));
    for (const from of [String(customer.userId), customer.login, customer.login.toUpperCase()]) {
      const r = await call('GET', '/users/me', undefined, { From: from });
      expect(obj(r.body)['id']).toBe(customer.userId);
    }
  });

  it('needs admin.user; unknown user → 403 No such user', async () => {
    const r = await api(sb, asToken(sb.credentials.agent))('GET', '/users/me', undefined, { From: '9' });
    expect(r.status).toBe(403);
    expect(obj(r.body)['error']).toBe("Current user has no permission to use 'From'/'X-On-Behalf-Of'!");
    const r2 = await api(sb, asToken(sb.credentials.admin))('GET', '/users/me', undefined, {
      From: 'Nobody@Example.com',
    });
    expect(r2.status).toBe(403);
    expect(obj(r2.body)['error']).toBe("No such user 'Nobody@Example.com'");
  });

  it("acting as a customer applies the customer's visibility", async () => {
    const { admin, customer } = sb.credentials;
    const r = await api(sb, asToken(admin))('GET', '/tickets?per_page=100', undefined, {
      From: customer.login,
    });
    const list = r.body as Array<Record<string, unknown>>;
    expect(list.length).toBeGreaterThan(0);
    const own = new Set(
      [...sb.store.tickets.values()]
        .filter((t) => t.customer_id === customer.userId || t.organization_id === 1)
        .map((t) => t.id),
    );
    for (const t of list) expect(own.has(t['id'] as number)).toBe(true);
  });

  it('X-On-Behalf-Of is an alias, except on 6.5 where it raises a (masked) 500', async () => {
    const call = api(sb, asToken(sb.credentials.admin));
    expect(obj((await call('GET', '/users/me', undefined, { 'X-On-Behalf-Of': '9' })).body)['id']).toBe(9);
    sb.setVersion('6.5');
    const r = await call('GET', '/users/me', undefined, { 'X-On-Behalf-Of': '9' });
    sb.setVersion('7.x');
    expect(r.status).toBe(500);
  });
});
