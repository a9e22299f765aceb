/**
 * The start-up posture: one record stating what is exposed, and a WARN line for every layer
 * that is off or weakened. Never contains a secret.
 */
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Selection } from './policy/select.js';
import { RISKS } from './tools/define.js';

export function postureOf(
  config: Readonly<Config>,
  sel: Selection,
  transport: string,
): { info: Record<string, unknown>; warnings: string[] } {
  const byRisk: Record<string, string[]> = {};
  for (const r of RISKS) byRisk[r] = sel.enabled.filter((t) => t.risk === r).map((t) => t.name);
  const warnings = [...config.warnings, ...sel.warnings];
  if (config.policy.allowWrite && !config.policy.readOnly)
    warnings.push('Write tools are enabled (MCP_ALLOW_WRITE=true): the assistant can change tickets.');
  if ((byRisk.external?.length ?? 0) > 0)
    warnings.push(
      `External tools are enabled (${byRisk.external?.join(', ')}): customers can receive what the assistant writes, after confirmation.`,
    );
  if ((byRisk.destructive?.length ?? 0) > 0)
    warnings.push(
      `Destructive tools are enabled (${byRisk.destructive?.join(', ')}), each confirmed before it runs.`,
    );
  if (!config.policy.allowedGroups)
    warnings.push('No group scope (MCP_ALLOWED_GROUPS): every group the Zammad token can see is in reach.');
  return {
    info: {
      transport,
      zammad: config.zammad.baseUrl,
      auth: config.zammad.auth.kind,
      ceiling: config.policy.readOnly ? 'read (MCP_READ_ONLY)' : sel.ceiling,
      tools: byRisk,
      denied: config.policy.deniedTools,
      categories: config.policy.allowedCategories ?? 'all',
      groups: config.policy.allowedGroups ?? 'all visible to the token',
      outputBudget: `${config.output.budgetTokens} tokens`,
    },
    warnings,
  };
}

export function logPosture(log: Logger, config: Readonly<Config>, sel: Selection, transport: string): void {
  const p = postureOf(config, sel, transport);
  log.info('posture', p.info);
  for (const w of p.warnings) log.warn(w);
}
