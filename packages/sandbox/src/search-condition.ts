/**
 * A subset of Zammad's selector conditions (`condition` on /tickets/search): simple
 * `{"ticket.state_id":{"operator":"is","value":["1","2"]}}` and expert
 * `{"operator":"OR","conditions":[{"name":…,"operator":…,"value":…}]}`.
 */
import { masked } from './errors.js';
import { isObject } from './http.js';
import type { SandboxStore } from './store.js';
import type { TicketRecord } from './types.js';

type Cond = { name: string; operator: string; value: unknown; range?: unknown };
type Tree = { op: 'AND' | 'OR' | 'NOT'; items: Array<Tree | Cond> };

function toTree(raw: Record<string, unknown>): Tree {
  if (Array.isArray(raw['conditions'])) {
    const op = String(raw['operator'] ?? 'AND').toUpperCase();
    const items = (raw['conditions'] as unknown[]).filter(isObject).map((c) =>
      Array.isArray(c['conditions'])
        ? toTree(c)
        : {
            name: String(c['name'] ?? ''),
            operator: String(c['operator'] ?? 'is'),
            value: c['value'],
            range: c['range'],
          },
    );
    return { op: op === 'OR' ? 'OR' : op === 'NOT' ? 'NOT' : 'AND', items };
  }
  const items: Cond[] = Object.entries(raw)
    .filter(([, v]) => isObject(v))
    .map(([name, v]) => {
      const o = v as Record<string, unknown>;
      return { name, operator: String(o['operator'] ?? 'is'), value: o['value'], range: o['range'] };
    });
  return { op: 'AND', items };
}

function values(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (v === undefined || v === null) return [];
  return String(v)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function fieldValues(store: SandboxStore, t: TicketRecord, name: string): Array<string | null> {
  const [obj, attr] = name.split('.', 2);
  if (obj === 'ticket' && attr === 'tags') return store.tagsOf(t.id);
  if (obj === 'ticket' && attr !== undefined) {
    if (attr in t && attr !== 'custom') {
      const v = (t as unknown as Record<string, unknown>)[attr];
      return [v === null || v === undefined ? null : String(v)];
    }
    if (attr in t.custom) return [t.custom[attr] === null ? null : String(t.custom[attr])];
  }
  if (obj === 'customer' || obj === 'owner') {
    const u = store.user(obj === 'customer' ? t.customer_id : t.owner_id);
    if (u && attr && attr in u) return [String((u as unknown as Record<string, unknown>)[attr])];
  }
  if (obj === 'organization' && attr === 'name')
    return [store.lookupName(store.organizations, t.organization_id)];
  throw masked(422, `PG::UndefinedColumn: ERROR:  column ${obj ?? ''}s.${attr ?? ''} does not exist`);
}

const RANGE_MS: Record<string, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

/** The instant `value` `range`s away from the sandbox's now (selector2sql's relative operators). */
function relative(store: SandboxStore, c: Cond & { range?: unknown }, sign: 1 | -1): number {
  const n = Number(Array.isArray(c.value) ? c.value[0] : c.value);
  const unit = RANGE_MS[String(c.range ?? 'minute')];
  if (!Number.isFinite(n) || unit === undefined)
    throw masked(422, `Invalid relative time '${String(c.value)} ${String(c.range)}'`);
  return store.clock.peekMs() + sign * n * unit;
}

function check(store: SandboxStore, t: TicketRecord, c: Cond): boolean {
  const have = fieldValues(store, t, c.name);
  const want = values(c.value);
  const at = (h: string | null): number => (h === null ? Number.NaN : Date.parse(h));
  const now = (): number => store.clock.peekMs();
  const lower = (s: string | null) => (s ?? '').toLowerCase();
  switch (c.operator) {
    case 'is':
      return have.some((h) => h !== null && want.includes(h));
    case 'is not':
      return !have.some((h) => h !== null && want.includes(h));
    case 'contains':
      return want.every((w) => have.some((h) => lower(h).includes(w.toLowerCase())));
    case 'contains not':
      return !want.some((w) => have.some((h) => lower(h).includes(w.toLowerCase())));
    case 'contains all':
      return want.every((w) => have.some((h) => lower(h) === w.toLowerCase()));
    case 'contains one':
      return want.some((w) => have.some((h) => lower(h) === w.toLowerCase()));
    case 'contains all not':
      return !want.every((w) => have.some((h) => lower(h) === w.toLowerCase()));
    case 'contains one not':
      return !want.some((w) => have.some((h) => lower(h) === w.toLowerCase()));
    case 'starts with':
      return want.some((w) => have.some((h) => lower(h).startsWith(w.toLowerCase())));
    case 'ends with':
      return want.some((w) => have.some((h) => lower(h).endsWith(w.toLowerCase())));
    case 'before (absolute)':
      return have.some((h) => h !== null && Date.parse(h) < Date.parse(want[0] ?? ''));
    case 'after (absolute)':
      return have.some((h) => h !== null && Date.parse(h) > Date.parse(want[0] ?? ''));
    // selector2sql: `before`/`after` count back from now, `till`/`from` forward; `within next`/`within last` are ranges.
    case 'before (relative)':
      return have.some((h) => at(h) <= relative(store, c, -1));
    case 'after (relative)':
      return have.some((h) => at(h) >= relative(store, c, -1));
    case 'till (relative)':
      return have.some((h) => at(h) <= relative(store, c, 1));
    case 'from (relative)':
      return have.some((h) => at(h) >= relative(store, c, 1));
    case 'within next (relative)':
      return have.some((h) => at(h) >= now() && at(h) <= relative(store, c, 1));
    case 'within last (relative)':
      return have.some((h) => at(h) <= now() && at(h) >= relative(store, c, -1));
    case 'is set':
      return have.some((h) => h !== null && h !== '');
    case 'not set':
      return !have.some((h) => h !== null && h !== '');
    default:
      throw masked(422, `Unknown operator '${c.operator}'`);
  }
}

function evalTree(store: SandboxStore, t: TicketRecord, tree: Tree): boolean {
  const results = tree.items.map((i) => ('items' in i ? evalTree(store, t, i) : check(store, t, i)));
  if (tree.op === 'OR') return results.some(Boolean);
  if (tree.op === 'NOT') return !results.some(Boolean);
  return results.every(Boolean);
}

export function conditionFilter(
  store: SandboxStore,
  raw: unknown,
): ((t: TicketRecord) => boolean) | undefined {
  let parsed = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  }
  if (!isObject(parsed)) return undefined;
  const tree = toTree(parsed);
  return (t) => evalTree(store, t, tree);
}
