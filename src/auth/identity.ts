/**
 * Which Zammad identity a principal's tool calls use. Default: the server's own credential.
 * Optionally, per principal (API-key name or JWT subject, from configuration files only — never from
 * a tool argument or a request header): act as a mapped Zammad user through the `From` header
 * (the service token then needs `admin.user`), or use the principal's own Zammad token. When a
 * mapping is configured, a principal missing from it is refused rather than given the service identity.
 */
import type { Config } from '../config/index.js';
import { createScope, type Scope } from '../policy/scope.js';
import { ZammadClient } from '../zammad/client.js';
import { ZammadHttp, type HttpResponse, type RequestOptions } from '../zammad/http.js';
import type { Principal } from './principal.js';

export interface ZammadIdentity {
  zammad: ZammadClient;
  scope: Scope;
  /** For the posture and the audit: `service`, `as:<login>` or `own-token`. */
  kind: string;
}

/** Every request carries `From: <login>`: Zammad then acts as that user (needs `admin.user`). */
class ActAsHttp extends ZammadHttp {
  constructor(
    opts: ConstructorParameters<typeof ZammadHttp>[0],
    private readonly from: string,
  ) {
    super(opts);
  }

  override request<T = unknown>(
    method: string,
    path: string,
    o: RequestOptions = {},
  ): Promise<HttpResponse<T>> {
    return super.request<T>(method, path, { ...o, headers: { ...o.headers, from: this.from } });
  }
}

export class Identities {
  private readonly cache = new Map<string, ZammadIdentity>();
  private readonly service: ZammadIdentity;

  constructor(
    private readonly config: Readonly<Config>,
    service: { zammad: ZammadClient; scope: Scope },
    /** Sees every client made for a principal (the app installs its privacy into it). */
    private readonly onClient?: (zammad: ZammadClient) => void,
  ) {
    this.service = { ...service, kind: 'service' };
  }

  /** Whether identities differ per principal. */
  get mapped(): boolean {
    const id = this.config.http.identity;
    return id.actAs !== undefined || id.tokens !== undefined;
  }

  /** The principal's identity, or undefined when a mapping is configured and it is not in it. */
  for(p: Principal): ZammadIdentity | undefined {
    if (!this.mapped) return this.service;
    const hit = this.cache.get(p.name);
    if (hit) return hit;
    const made = this.make(p.name);
    if (made) this.cache.set(p.name, made);
    return made;
  }

  private make(name: string): ZammadIdentity | undefined {
    const z = this.config.zammad;
    const { tokens, actAs } = this.config.http.identity;
    const token = tokens && Object.hasOwn(tokens, name) ? tokens[name] : undefined;
    const login = actAs && Object.hasOwn(actAs, name) ? actAs[name] : undefined;
    let zammad: ZammadClient;
    let kind: string;
    if (token !== undefined) {
      zammad = new ZammadClient({ ...z, auth: { kind: 'token', token } });
      kind = 'own-token';
    } else if (login !== undefined) {
      const http = new ActAsHttp(
        {
          apiUrl: z.apiUrl,
          auth: z.auth,
          timeoutMs: z.timeoutMs,
          maxRetries: z.maxRetries,
          maxConcurrency: z.maxConcurrency,
          ...(z.ca ? { ca: z.ca } : {}),
        },
        login,
      );
      zammad = new ZammadClient(z, http);
      kind = `as:${login}`;
    } else return undefined;
    this.onClient?.(zammad);
    return { zammad, scope: createScope(zammad, this.config.policy.allowedGroups), kind };
  }

  /** The service credential was rotated: identities acting as a user send the new one. */
  setServiceAuth(auth: Config['zammad']['auth']): void {
    for (const id of this.cache.values()) if (id.kind.startsWith('as:')) id.zammad.http.setAuth(auth);
  }

  async close(): Promise<void> {
    await Promise.all([...this.cache.values()].map((i) => i.zammad.close().catch(() => undefined)));
    this.cache.clear();
  }
}
