/**
 * Builds the whole data set from a seed: reference data, people, organizations,
 * tokens, then tickets. Same seed → identical data (no Math.random, no Date.now).
 */
import { createHash } from 'node:crypto';
import { Prng } from './prng.js';
import { INSTALLED_AT, seedReference } from './seed-fixed.js';
import { seedKnowledge } from './seed-knowledge.js';
import { AGENTS, CITIES_NO_ORG, CUSTOMERS, HELPDESK_DOMAIN, ORGANIZATIONS, emailFor } from './seed-text.js';
import { seedCollaboration } from './seed-collab.js';
import { seedTickets } from './seed-relations.js';
import type { SandboxStore } from './store.js';
import type { GroupAccess } from './types.js';
import { blankUser } from './records.js';

export type SeedCredentials = {
  admin: { login: string; password: string; token: string; userId: number };
  agent: { login: string; password: string; token: string; userId: number };
  customer: { login: string; password: string; token: string; userId: number };
  noPermissionToken: string;
  oauthToken: string;
};

/** A deterministic 64-character token derived from the seed. */
export function deriveToken(seed: number, label: string): string {
  return createHash('sha512').update(`zammad-sandbox:${seed}:${label}`).digest('base64url').slice(0, 64);
}

export function seedAll(store: SandboxStore, ticketCount: number): SeedCredentials {
  const rng = new Prng(store.seed);
  seedReference(store);

  // user 1: the system user
  store.users.set(
    1,
    blankUser(
      1,
      { login: '-', firstname: '-', lastname: '', email: '', active: false, preferences: {} },
      INSTALLED_AT,
    ),
  );
  store.userExtras.set(1, {
    password: '',
    role_ids: [],
    organization_ids: [],
    group_ids: {},
    two_factor: false,
  });
  store.reserveId('user', 1);

  const allGroups = [...store.groups.values()];
  for (const a of AGENTS) {
    const id = store.nextId('user');
    const email = emailFor(a.firstname, a.lastname, HELPDESK_DOMAIN);
    const lastLogin = new Date(
      Date.parse('2025-09-15T07:00:00.000Z') - rng.int(0, 72) * 3_600_000,
    ).toISOString();
    store.users.set(
      id,
      blankUser(
        id,
        {
          login: email,
          firstname: a.firstname,
          lastname: a.lastname,
          email,
          phone: a.phone,
          department: a.department,
          verified: true,
          last_login: lastLogin,
          city: 'Berlin',
          country: 'Germany',
        },
        INSTALLED_AT,
      ),
    );
    const groupIds: Record<string, GroupAccess[]> = {};
    if (a.admin) for (const g of allGroups) groupIds[String(g.id)] = ['full'];
    for (const [name, access] of Object.entries(a.groups)) {
      const g = store.byName(store.groups, name);
      if (g) groupIds[String(g.id)] = access;
    }
    store.userExtras.set(id, {
      password: 'sandbox',
      role_ids: a.admin ? [1, 2] : [2],
      organization_ids: [],
      group_ids: groupIds,
      two_factor: false,
    });
  }

  ORGANIZATIONS.forEach((o) => {
    const id = store.nextId('organization');
    store.organizations.set(id, {
      id,
      name: o.name,
      shared: o.shared,
      domain: o.domain,
      domain_assignment: false,
      active: true,
      vip: o.vip,
      note: o.note,
      updated_by_id: 1,
      created_by_id: 1,
      created_at: INSTALLED_AT,
      updated_at: INSTALLED_AT,
    });
  });

  const base = Date.parse(INSTALLED_AT);
  CUSTOMERS.forEach(([first, last, orgIndex, department], i) => {
    const id = store.nextId('user');
    const org = orgIndex >= 0 ? ORGANIZATIONS[orgIndex] : undefined;
    const email = emailFor(first, last, org ? org.domain : 'mail.example');
    const at = new Date(base + (i + 1) * 3 * 86_400_000 + rng.int(0, 86_399) * 1000).toISOString();
    const phone = rng.chance(0.7)
      ? `+${rng.pick(['49 40', '31 10', '43 512', '44 113', '1 617', '1 503', '33 4', '353 1'])} ${rng.int(200, 999)} ${rng.int(1000, 9999)}`
      : '';
    store.users.set(
      id,
      blankUser(
        id,
        {
          organization_id: orgIndex >= 0 ? orgIndex + 1 : null,
          login: email,
          firstname: first,
          lastname: last,
          email,
          phone,
          mobile: rng.chance(0.3) ? `+49 15${rng.int(1, 9)} ${rng.int(1000000, 9999999)}` : '',
          department,
          vip: org?.vip === true && rng.chance(0.4),
          verified: rng.chance(0.6),
          city: org ? org.city : rng.pick(CITIES_NO_ORG),
          country: org ? org.country : '',
          note: i === 0 ? 'Main contact for the Northwind rollout. Prefers email.' : '',
          created_at: at,
          updated_at: at,
        },
        at,
      ),
    );
    store.userExtras.set(id, {
      password: 'sandbox',
      role_ids: [3],
      organization_ids: [],
      group_ids: {},
      two_factor: false,
    });
  });

  const admin = 2;
  const agent = 3;
  const customer = 2 + AGENTS.length; // the first customer (Sarah Kim, Northwind Traders — a shared organization)
  store.extra(admin).password = 'sandbox-admin';
  store.extra(agent).password = 'sandbox-agent';
  store.extra(customer).password = 'sandbox-customer';

  const creds: SeedCredentials = {
    admin: {
      login: store.user(admin)?.login ?? '',
      password: 'sandbox-admin',
      token: deriveToken(store.seed, 'admin'),
      userId: admin,
    },
    agent: {
      login: store.user(agent)?.login ?? '',
      password: 'sandbox-agent',
      token: deriveToken(store.seed, 'agent'),
      userId: agent,
    },
    customer: {
      login: store.user(customer)?.login ?? '',
      password: 'sandbox-customer',
      token: deriveToken(store.seed, 'customer'),
      userId: customer,
    },
    noPermissionToken: deriveToken(store.seed, 'no-permission'),
    oauthToken: deriveToken(store.seed, 'oauth-admin'),
  };
  store.tokens.push(
    {
      token: creds.admin.token,
      user_id: admin,
      kind: 'api',
      permissions: [
        'admin',
        'ticket.agent',
        'ticket.customer',
        'knowledge_base.editor',
        'knowledge_base.reader',
        'user_preferences',
        'report',
      ],
      expires_at: null,
    },
    {
      token: creds.agent.token,
      user_id: agent,
      kind: 'api',
      permissions: ['ticket.agent', 'knowledge_base.reader', 'user_preferences'],
      expires_at: null,
    },
    {
      token: creds.customer.token,
      user_id: customer,
      kind: 'api',
      permissions: ['ticket.customer', 'user_preferences'],
      expires_at: null,
    },
    { token: creds.noPermissionToken, user_id: admin, kind: 'api', permissions: [], expires_at: null },
    { token: creds.oauthToken, user_id: admin, kind: 'oauth', permissions: null, expires_at: null },
  );

  seedKnowledge(store);
  seedTickets(store, rng, ticketCount, { customerId: customer });
  seedCollaboration(store, { admin, agent });
  return creds;
}
