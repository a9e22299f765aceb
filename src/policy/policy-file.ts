/**
 * The policy file (MCP_POLICY_FILE): rules per principal, read from YAML or JSON (by extension, or
 * by content: a file starting with `{` is JSON), checked with zod. Every problem names the file,
 * the line and the field, and the values that are allowed. What the rules mean is decided in
 * src/policy/policy-rules.ts; this file only reads them.
 */
import type * as Yaml from 'yaml';
import type { Document, LineCounter } from 'yaml';
import { z } from 'zod';
import { CATEGORIES, RISKS, TOOLSETS } from './risk.js';

const QUOTA = z.int().min(0).max(1_000_000);
const names = z.array(z.string().trim().min(1)).max(500);

/** One rule: what a principal is narrowed to. Every field is optional; absent means "as the server". */
export const policyRuleSchema = z.strictObject({
  /** Free text for people reading the file and `policy explain`. */
  description: z.string().max(500).optional(),
  /** The highest risk the principal may use: read | write | external | destructive. */
  risk: z.enum(RISKS).optional(),
  toolsets: z.array(z.enum(TOOLSETS)).optional(),
  categories: z.array(z.enum(CATEGORIES)).optional(),
  /** When given, every tool that changes something (risk above read) must match one of these. */
  allowed_tools: names.optional(),
  /** Never granted; wins over everything else. */
  denied_tools: names.optional(),
  /** Zammad groups (subgroups included), within MCP_ALLOWED_GROUPS. */
  allowed_groups: names.optional(),
  /** Calls of tools above `read` that run, per clock hour. */
  write_quota_per_hour: QUOTA.optional(),
  /** Tool calls that run, per clock minute. */
  calls_per_minute: QUOTA.optional(),
  /** Tool calls that run, per clock hour. */
  calls_per_hour: QUOTA.optional(),
});
export type PolicyRule = z.infer<typeof policyRuleSchema>;

/** `claim:<name>=<value>`, or a bare API-key name / JWT subject. */
export const CLAIM_KEY = /^claim:([A-Za-z0-9_.:/-]{1,100})=(.{1,200})$/;

export const policyFileSchema = z.strictObject({
  version: z.literal(1).optional(),
  /**
   * The rule of an authenticated principal that no rule names. Without it, such a principal is
   * refused: a policy file lists who may do what.
   */
  default: policyRuleSchema.optional(),
  principals: z.record(
    z
      .string()
      .min(1)
      .max(300)
      .refine((k) => !k.startsWith('claim:') || CLAIM_KEY.test(k), {
        message: 'a claim rule is written claim:<name>=<value>',
      }),
    policyRuleSchema,
  ),
});
export type PolicyFile = z.infer<typeof policyFileSchema>;

export type PolicyParse = { ok: true; file: PolicyFile } | { ok: false; problems: string[] };

/** JSON by extension or by its first character; YAML otherwise. */
export function isJson(path: string, text: string): boolean {
  return /\.json$/i.test(path) || text.trimStart().startsWith('{');
}

/** `file:line`, for messages (the line of the node at `path`, else of its nearest parent). */
function locate(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number] } | undefined;
    // A key whose value is the problem (an unknown field): the map's pair, found by its key.
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The line of an unknown key inside the map at `path`. */
function locateKey(
  isMap: typeof Yaml.isMap,
  doc: Document,
  lines: LineCounter,
  path: readonly PropertyKey[],
  key: string,
): number | undefined {
  const map = path.length ? doc.getIn(path as unknown[], true) : doc.contents;
  if (isMap(map))
    for (const pair of map.items) {
      const k = pair.key as { value?: unknown; range?: [number, number] } | null;
      if (k?.value === key && k.range) return lines.linePos(k.range[0]).line;
    }
  return locate(doc, lines, path);
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.') || '(top level)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue)
    return `is not allowed. Valid values: ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  return issue.message;
}

const RULE_FIELDS = Object.keys(policyRuleSchema.shape).join(', ');

/**
 * Reads a policy file's text; `path` names it in messages. The YAML parser is loaded here, only
 * when there is a policy file.
 */
export async function parsePolicyText(path: string, text: string): Promise<PolicyParse> {
  const { isMap, LineCounter, parseDocument } = await import('yaml');
  const json = isJson(path, text);
  if (json) {
    try {
      JSON.parse(text);
    } catch (e) {
      return { ok: false, problems: [`${path}: not valid JSON: ${(e as Error).message}`] };
    }
  }
  const lines = new LineCounter();
  // The core schema: no custom tags, no merge keys; aliases are capped by the parser.
  const doc = parseDocument(text, {
    lineCounter: lines,
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
  });
  if (doc.errors.length)
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line;
        return `${path}${line ? `:${line}` : ''}: ${e.message.split('\n')[0] ?? e.code}`;
      }),
    };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    return { ok: false, problems: [`${path}: ${(e as Error).message}`] };
  }
  if (data === null || data === undefined)
    return { ok: false, problems: [`${path}: the file is empty. It needs a \`principals:\` map.`] };
  const r = policyFileSchema.safeParse(data);
  if (r.success) return { ok: true, file: r.data };
  const problems = r.error.issues.map((issue) => {
    const at =
      issue.code === 'unrecognized_keys'
        ? locateKey(isMap, doc, lines, issue.path, issue.keys[0] ?? '')
        : locate(doc, lines, issue.path);
    const hint =
      issue.code === 'unrecognized_keys' && issue.path.length === 2 && issue.path[0] === 'principals'
        ? `. Rule fields: ${RULE_FIELDS}`
        : issue.code === 'unrecognized_keys' && issue.path.length === 0
          ? '. Top-level fields: version, default, principals'
          : '';
    return `${path}${at ? `:${at}` : ''}: ${fieldOf(issue.path)}: ${describeIssue(issue)}${hint}.`;
  });
  return { ok: false, problems };
}
