/**
 * Assembles the policy file's governance for one process (MCP_POLICY_FILE): the file checked
 * against the tools, the configured principals and Zammad's groups; quotas counted in the Redis
 * of the confirmations when there is one, in memory otherwise.
 */
import type { Config } from '../config/index.js';
import { Governance, readPolicyFile } from '../policy/governance.js';
import type { PolicyWorld } from '../policy/policy-rules.js';
import { MemoryQuotaStore, type QuotaStore } from '../policy/quota.js';
import { RedisQuotaStore } from '../policy/quota-redis.js';
import type { RedisConnection } from '../policy/redis.js';
import { ALL_TOOLS, POLICY_EXTRA_NAMES } from '../tools/registry.js';
import type { ZammadClient } from '../zammad/client.js';

/** What a policy file is checked against, for this configuration (groups only with a Zammad). */
export function policyWorld(config: Readonly<Config>, groups?: readonly string[]): PolicyWorld {
  const auth = config.http.auth;
  const http = config.transport === 'http';
  return {
    toolNames: [...ALL_TOOLS.map((t) => t.name), ...POLICY_EXTRA_NAMES],
    apiKeyNames: http && auth.enabled ? auth.apiKeys.map((k) => k.name) : [],
    jwt: http && auth.enabled && auth.jwt !== undefined,
    local: !http || !auth.enabled,
    ...(groups ? { groups } : {}),
  };
}

export type GovernanceSetup = { ok: true; governance: Governance } | { ok: false; problems: string[] };

export async function createGovernance(
  config: Readonly<Config>,
  zammad: ZammadClient,
  o: { redis?: RedisConnection; quotas?: QuotaStore; now?: () => number } = {},
): Promise<GovernanceSetup | undefined> {
  const path = config.policy.policyFile;
  if (!path) return undefined;
  const world = async (): Promise<PolicyWorld> => {
    const ref = await zammad.reference.get();
    return policyWorld(
      config,
      ref.groups.records.map((g) => g.name),
    );
  };
  const first = await readPolicyFile(path, await world());
  if (!first.ok) return first;
  const quotas = o.quotas ?? (o.redis ? new RedisQuotaStore(o.redis) : new MemoryQuotaStore(o.now));
  return {
    ok: true,
    governance: new Governance(
      { path, file: first.file },
      { world, quotas, serverGroups: config.policy.allowedGroups, ...(o.now ? { now: o.now } : {}) },
    ),
  };
}
