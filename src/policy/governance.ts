/**
 * The policy file in force, per principal: the tools it is granted, its groups, its quotas. One
 * instance per process; a reload swaps the whole policy at once (a call in progress is not cut
 * off; every decision from then on — a group check, a quota — is made under the new one), and a
 * file that does not pass every check leaves the old one in force. Every server built for a principal asks here, on each
 * call, so a reload reaches open sessions too.
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { ZammadClient } from '../zammad/client.js';
import type { Group } from '../zammad/schemas.js';
import { parsePolicyText, type PolicyFile } from './policy-file.js';
import {
  checkPolicy,
  policyFor,
  type PolicySubject,
  type PolicyTool,
  type PolicyWorld,
  type PrincipalPolicy,
} from './policy-rules.js';
import { takeQuota, type QuotaStore, type QuotaVerdict } from './quota.js';
import { createScope, expandGroups, type Scope } from './scope.js';

export interface LoadedPolicy {
  path: string;
  file: PolicyFile;
  /** Increases with every reload that applied. */
  version: number;
}

/** What the pipeline asks of the policy for one principal, on every call. */
export interface PrincipalGate {
  /** Whether the policy in force still grants the tool (a reload may have taken it away). */
  allows(tool: PolicyTool): boolean;
  /** Counts a call that is about to run against the principal's quotas. */
  take(tool: PolicyTool): Promise<QuotaVerdict>;
}

export type ReloadResult = { ok: true; version: number } | { ok: false; problems: string[] };

/** Reads and checks a policy file; never throws for what is in the file. */
export async function readPolicyFile(
  path: string,
  world: PolicyWorld,
): Promise<{ ok: true; file: PolicyFile } | { ok: false; problems: string[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    return {
      ok: false,
      problems: [`${path} cannot be read (${code}). Fix MCP_POLICY_FILE or the file's permissions.`],
    };
  }
  const parsed = await parsePolicyText(path, text);
  if (!parsed.ok) return parsed;
  const problems = checkPolicy(path, parsed.file, world);
  return problems.length ? { ok: false, problems } : parsed;
}

export class Governance extends EventEmitter<{ reload: [ReloadResult] }> {
  private loaded: LoadedPolicy;
  private readonly cache = new Map<string, PrincipalPolicy>();

  constructor(
    first: { path: string; file: PolicyFile },
    private readonly o: {
      /** What a file is checked against; groups are fetched again on every reload. */
      world: () => Promise<PolicyWorld>;
      quotas: QuotaStore;
      /** MCP_ALLOWED_GROUPS: what every principal's groups are intersected with. */
      serverGroups: readonly string[] | undefined;
      now?: () => number;
    },
  ) {
    super();
    this.loaded = { ...first, version: 1 };
  }

  get current(): LoadedPolicy {
    return this.loaded;
  }

  /** The rules of one principal under the policy in force. */
  for(s: PolicySubject): PrincipalPolicy {
    const claims = s.claims ? JSON.stringify(s.claims) : '';
    const key = `${s.method}\u0000${s.id}\u0000${claims}`;
    let p = this.cache.get(key);
    if (!p) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, (p = policyFor(this.loaded.file, s)));
    }
    return p;
  }

  /** The tools (of those the server and the key or token already allow) the policy grants. */
  tools<T extends PolicyTool>(s: PolicySubject, tools: readonly T[]): T[] {
    const p = this.for(s);
    return tools.filter((t) => p.verdict(t).granted);
  }

  /**
   * The server's deny list with the principal's rules' added: the grant lists `confirm_action`
   * only when neither denies it.
   */
  deniedTools(s: PolicySubject, server: readonly string[]): string[] {
    return [...server, ...this.for(s).denied];
  }

  gate(s: PolicySubject): PrincipalGate {
    return {
      allows: (t) => this.for(s).verdict(t).granted,
      take: async (t) => {
        try {
          return await takeQuota(this.o.quotas, s.id, this.for(s).quotas, t.risk, (this.o.now ?? Date.now)());
        } catch {
          // Counted nowhere means limited nowhere: refuse rather than run uncounted.
          return {
            ok: false,
            quota: 'store',
            resetAt: 0,
            message: 'The quota store cannot be reached; the call was not run. Try again shortly.',
          };
        }
      },
    };
  }

  /**
   * The principal's data scope: the server's groups, narrowed by every rule's `allowed_groups`
   * (subgroups included), decided again on every call under the policy in force.
   */
  scope(s: PolicySubject, zammad: ZammadClient): Scope {
    const serverGroups = this.o.serverGroups;
    const ruleGroups = (): Array<readonly string[]> => (this.for(s).groups ?? []).map((g) => g.names);
    const ids = async (signal?: AbortSignal): Promise<Set<number> | undefined> => {
      const lists = [...(serverGroups ? [serverGroups] : []), ...ruleGroups()];
      if (lists.length === 0) return undefined;
      const ref = await zammad.reference.get(signal);
      const sets = lists.map((names) => expandGroups(ref.groups.records, names).ids);
      const [first, ...rest] = sets as [Set<number>, ...Set<number>[]];
      return new Set([...first].filter((id) => rest.every((r) => r.has(id))));
    };
    const unrestricted = createScope(zammad, undefined);
    return {
      get restricted() {
        return serverGroups !== undefined || ruleGroups().length > 0;
      },
      get groupNames() {
        const lists = ruleGroups();
        return lists.length ? lists.flat() : serverGroups;
      },
      async allowsGroup(groupId, signal) {
        const allowed = await ids(signal);
        if (!allowed) return true;
        return groupId !== null && groupId !== undefined && allowed.has(groupId);
      },
      async visible(rows, groupOf, signal) {
        const allowed = await ids(signal);
        if (!allowed) return [...rows];
        return rows.filter((row) => {
          const g = groupOf(row);
          if (Array.isArray(g)) return g.length === 0 || g.some((x: number) => allowed.has(x));
          return typeof g === 'number' && allowed.has(g);
        });
      },
      async activeGroups(signal): Promise<Group[]> {
        const allowed = await ids(signal);
        const all = await unrestricted.activeGroups(signal);
        return allowed ? all.filter((g) => allowed.has(g.id)) : all;
      },
    };
  }

  /**
   * Reads the file again and applies it when it passes every check; otherwise the policy in force
   * stays and the result says why. Emits `reload` either way.
   */
  async reload(): Promise<ReloadResult> {
    const r = await readPolicyFile(this.loaded.path, await this.o.world());
    let result: ReloadResult;
    if (r.ok) {
      this.loaded = { path: this.loaded.path, file: r.file, version: this.loaded.version + 1 };
      this.cache.clear();
      result = { ok: true, version: this.loaded.version };
    } else result = { ok: false, problems: r.problems };
    this.emit('reload', result);
    return result;
  }

  async close(): Promise<void> {
    await this.o.quotas.close?.();
  }
}
