/**
 * A deterministic, in-memory, Zammad-compatible REST API on loopback, used by
 * `zammad-mcp demo` and by the tests (over real HTTP). Behaviour follows
 * docs/reference/zammad-api.md; see the module files for the Zammad sources each part follows.
 */
import type { AddressInfo } from 'node:net';
import { FaultList, type Faults } from './faults.js';
import { MemoryRequestLog, type RequestLog } from './request-log.js';
import { articleRoutes } from './routes/articles.js';
import { checklistRoutes } from './routes/checklists.js';
import { customerTicketRoutes } from './routes/customer-tickets.js';
import { knowledgeRoutes } from './routes/knowledge.js';
import { notificationRoutes } from './routes/notifications.js';
import { knowledgeWriteRoutes } from './routes/knowledge-write.js';
import { organizationRoutes } from './routes/organizations.js';
import { overviewRoutes } from './routes/overviews.js';
import { referenceRoutes } from './routes/reference.js';
import { searchRoutes } from './routes/search.js';
import { tagLinkRoutes } from './routes/tags-links.js';
import { ticketActionRoutes } from './routes/ticket-actions.js';
import { ticketCreateRoutes } from './routes/ticket-create.js';
import { ticketExtraRoutes } from './routes/ticket-extras.js';
import { ticketRoutes } from './routes/tickets.js';
import { uploadCacheRoutes } from './routes/upload-caches.js';
import { userRoutes } from './routes/users.js';
import { seedAll } from './seed.js';
import { buildServer, type Route } from './server.js';
import { SandboxStore } from './store.js';
import type { ZammadVersion } from './types.js';

export type { ZammadVersion } from './types.js';
export type * from './types.js';
export type { FaultRule, Faults } from './faults.js';
export type { LoggedRequest, RequestLog } from './request-log.js';
export { SandboxStore, type NewArticle, type SandboxSettings } from './store.js';
export {
  addHostileTicket,
  EMAIL_LINE,
  type HostileKind,
  type HostileOptions,
  type HostileTicket,
} from './hostile.js';
export { GeneratedText, type Segment } from './generated.js';

export interface SandboxOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default '7.x'; changes search response shapes and which checklist routes exist ('6.3': none). */
  version?: ZammadVersion;
  /** Default true; false → SQL ILIKE fallback search semantics. */
  elasticsearch?: boolean;
  /** PRNG seed, default 42: same seed → identical data. */
  seed?: number;
  /** Default 200. */
  tickets?: number;
}

export interface SandboxCredential {
  login: string;
  password: string;
  token: string;
  userId: number;
}

export interface Sandbox {
  /** e.g. 'http://127.0.0.1:41234' (API under /api/v1). */
  url: string;
  credentials: {
    /** Roles Admin+Agent, full access to all groups, has admin.user. */
    admin: SandboxCredential;
    /** Agent limited to Sales (full) and Billing (read); nothing of Support. */
    agent: SandboxCredential;
    /** A customer of a shared organization, with tickets; never sees internal articles. */
    customer: SandboxCredential;
    /** The admin's token minted with `permission: []`: 200 [] on lists, 403 on writes. */
    noPermissionToken: string;
    /** An OAuth2 access token of the admin (`Authorization: Bearer …`, full scope). */
    oauthToken: string;
  };
  log: RequestLog;
  faults: Faults;
  store: SandboxStore;
  setVersion(v: ZammadVersion): void;
  setElasticsearch(on: boolean): void;
  close(): Promise<void>;
}

export const SANDBOX_ROUTES: readonly Route[] = [
  ...searchRoutes,
  ...ticketActionRoutes,
  ...ticketExtraRoutes,
  ...ticketCreateRoutes,
  ...ticketRoutes,
  ...articleRoutes,
  ...userRoutes,
  ...organizationRoutes,
  ...referenceRoutes,
  ...tagLinkRoutes,
  ...knowledgeRoutes,
  ...knowledgeWriteRoutes,
  ...overviewRoutes,
  ...checklistRoutes,
  ...notificationRoutes,
  ...customerTicketRoutes,
  ...uploadCacheRoutes,
];

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  const store = new SandboxStore(opts.seed ?? 42, {
    version: opts.version ?? '7.x',
    elasticsearch: opts.elasticsearch ?? true,
    api_token_access: true,
    api_password_access: true,
  });
  const creds = seedAll(store, Math.max(1, Math.floor(opts.tickets ?? 200)));
  const log = new MemoryRequestLog();
  const faults = new FaultList();
  const server = buildServer({ store, log, faults, routes: [...SANDBOX_ROUTES] });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    credentials: {
      admin: creds.admin,
      agent: creds.agent,
      customer: creds.customer,
      noPermissionToken: creds.noPermissionToken,
      oauthToken: creds.oauthToken,
    },
    log,
    faults,
    store,
    setVersion: (v) => {
      store.settings.version = v;
    },
    setElasticsearch: (on) => {
      store.settings.elasticsearch = on;
    },
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** A few human-readable lines: the URL and the three logins with their (fake) tokens. */
export function formatSandboxBanner(sb: Sandbox): string {
  const { admin, agent, customer } = sb.credentials;
  const s = sb.store.settings;
  const line = (role: string, c: SandboxCredential) =>
    `  ${role.padEnd(9)} ${c.login}  password: ${c.password}  token: ${c.token}`;
  return [
    `Zammad sandbox (Zammad ${s.version} API, ${s.elasticsearch ? 'Elasticsearch' : 'SQL'} search, ${sb.store.tickets.size} tickets) at ${sb.url}/api/v1`,
    line('admin', admin),
    line('agent', agent),
    line('customer', customer),
    '  These are throw-away sandbox credentials; the data is generated and lives in memory only.',
  ].join('\n');
}
