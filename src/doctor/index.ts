/**
 * `zammad-mcp doctor`: the configuration (every problem at once), the connection to Zammad
 * (connection.ts), the posture, and the production checklist (checklist.ts). One line per check;
 * exit 1 when any failed.
 */
import { loadConfig, type ConfigSource } from '../config/index.js';
import { postureOf } from '../posture.js';
import { selectTools } from '../policy/select.js';
import { ALL_TOOLS, POLICY_EXTRA_NAMES } from '../tools/registry.js';
import { ZammadClient } from '../zammad/client.js';
import { productionChecklist } from './checklist.js';
import { exitCodeOf, fail, formatCheck, pass, warn, type Check } from './checks.js';
import { checkConnection } from './connection.js';

export { exitCodeOf, formatCheck, type Check } from './checks.js';

export interface DoctorReport {
  checks: Check[];
  code: 0 | 1;
}

export async function runDoctor(src: ConfigSource): Promise<DoctorReport> {
  const r = loadConfig(src);
  if (!r.ok) {
    // Each problem already says what is wrong and what is allowed.
    const checks = r.problems.map((p): Check => ({ name: 'configuration', status: 'fail', found: p }));
    return { checks, code: 1 };
  }
  const config = r.config;
  const checks: Check[] = [pass('configuration', 'Every setting parses; no unknown MCP_/ZAMMAD_ variable.')];
  const selection = selectTools(ALL_TOOLS, config.policy, POLICY_EXTRA_NAMES);
  for (const e of selection.errors)
    checks.push(fail('configuration', e, 'Correct the tool names; docs/tools.md lists them.'));
  const zammad = new ZammadClient(config.zammad);
  try {
    const conn = await checkConnection(config, zammad);
    checks.push(...conn.checks);
    const posture = postureOf(config, selection, config.transport);
    const tools = posture.info.tools as Record<string, string[]>;
    const counts = Object.entries(tools)
      .filter(([, names]) => names.length)
      .map(([risk, names]) => `${names.length} ${risk}`)
      .join(', ');
    checks.push(
      pass(
        'posture',
        `${config.transport}, risk ceiling ${String(posture.info.ceiling)}, ${selection.enabled.length} tools (${counts}).`,
      ),
    );
    // The group-scope warning is the connection check's, with the groups named.
    for (const w of posture.warnings.filter((x) => !x.startsWith('No group scope')))
      checks.push(warn('posture', w));
    checks.push(...productionChecklist(config, selection, src.env, conn.identity));
  } finally {
    await zammad.close();
  }
  return { checks, code: exitCodeOf(checks) };
}

/** The report as printed: one line per check, then the verdict. */
export function formatReport(report: DoctorReport): string {
  const lines = report.checks.map(formatCheck);
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  lines.push(
    '',
    failed
      ? `${failed} check${failed === 1 ? '' : 's'} failed${warned ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}: fix the FAIL lines and run \`zammad-mcp doctor\` again.`
      : `All checks passed${warned ? ` with ${warned} warning${warned === 1 ? '' : 's'}` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}
