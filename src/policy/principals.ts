/**
 * Per-principal access, on top of the server's own tool selection: a principal (an API key
 * limited to risks, a JWT with scopes) sees in tools/list and may call only the tools whose risk
 * it holds. Pure decisions; the transport only renders a refusal.
 */
import { CONFIRM_ACTION } from './confirm.js';
import { isGated, RISKS, type Confirm, type Risk } from './risk.js';

/** What these decisions need of a principal: the risks it may use. */
export interface RiskHolder {
  readonly risks: ReadonlySet<Risk>;
}

/** What they need of a tool. */
export interface RiskedTool {
  readonly name: string;
  readonly risk: Risk;
  readonly confirm?: Confirm | undefined;
}

/** The tools a principal may see and call: those whose risk it holds, in the server's order. */
export function toolsFor<T extends RiskedTool>(tools: readonly T[], p: RiskHolder): T[] {
  return tools.filter((t) => p.risks.has(t.risk));
}

/** `toolsFor`, remembered per set of risks (a handful of sets, asked on every request). */
export function toolsForEachPrincipal<T extends RiskedTool>(tools: readonly T[]): (p: RiskHolder) => T[] {
  const bySet = new Map<string, T[]>();
  return (p) => {
    const key = RISKS.filter((r) => p.risks.has(r)).join(',');
    let list = bySet.get(key);
    if (!list) bySet.set(key, (list = toolsFor(tools, p)));
    return list;
  };
}

/** The tool a JSON-RPC message calls, when it is a `tools/call` request. */
export function toolCallName(message: unknown): string | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
  return method === 'tools/call' && typeof params?.name === 'string' ? params.name : undefined;
}

/** The tool a body calls when it is exactly one `tools/call` request; otherwise undefined. */
export function calledTool(body: unknown): string | undefined {
  return Array.isArray(body) ? undefined : toolCallName(body);
}

/** The risk of each tool by name, and the gated risks among them (what `confirm_action` confirms). */
export interface ToolRisks {
  readonly riskOf: ReadonlyMap<string, Risk>;
  readonly gated: ReadonlySet<Risk>;
}

export function toolRisks(tools: readonly RiskedTool[]): ToolRisks {
  return {
    riskOf: new Map(tools.map((t) => [t.name, t.risk])),
    gated: new Set(tools.filter(isGated).map((t) => t.risk)),
  };
}

/**
 * The risks a request body (one JSON-RPC message or a batch) needs that the principal lacks;
 * empty when it may go on. A tool call needs the tool's risk (an unknown tool needs none: the
 * server answers "not found"); `confirm_action` needs one of the gated risks the server enables
 * (lacking all, it needs all of them); reading resources needs `read`.
 */
export function risksMissing(body: unknown, { riskOf, gated }: ToolRisks, p: RiskHolder): Set<Risk> {
  const missing = new Set<Risk>();
  for (const m of Array.isArray(body) ? body : [body]) {
    if (!m || typeof m !== 'object') continue;
    const name = toolCallName(m);
    const { method } = m as { method?: unknown };
    if (name === CONFIRM_ACTION) {
      if (![...gated].some((r) => p.risks.has(r))) for (const r of gated) missing.add(r);
    } else if (name !== undefined) {
      const risk = riskOf.get(name);
      if (risk && !p.risks.has(risk)) missing.add(risk);
    } else if (typeof method === 'string' && method.startsWith('resources/') && !p.risks.has('read')) {
      missing.add('read');
    }
  }
  return missing;
}
